import PluginKit

/// Files shared in a side conversation's thread: downloaded with the bot token (Slack's file
/// URLs are private) into the host's file store, attached to the side message. A file that
/// cannot be fetched does not cost the message: its text says which file is missing and why.
struct ThreadFiles {
    let host: PluginHost
    let api: SlackAPI

    /// Slack allows 1 GB; the host's store is for attachments, not archives.
    static let maxBytes = 25 * 1024 * 1024

    /// The attachments JSON array (nil when there are none) and notes for files left behind.
    func store(_ files: [JSON]) -> (attachmentsJSON: String?, notes: [String]) {
        var attachments: [String] = []
        var notes: [String] = []
        for file in files {
            let name = file["name"]?.stringValue ?? file["title"]?.stringValue ?? "file"
            guard let url = file["url_private_download"]?.stringValue ?? file["url_private"]?.stringValue else {
                notes.append("[\(name): Slack gave no download link]")
                continue
            }
            if let size = file["size"]?.intValue, size > Self.maxBytes {
                notes.append("[\(name): \(size) bytes, over the \(Self.maxBytes)-byte limit; open it in Slack]")
                continue
            }
            switch api.download(url, timeoutMs: 2_000) {
            case .failure(let error):
                notes.append("[\(name): could not be downloaded from Slack (\(error))]")
            case .success(let download):
                let type = file["mimetype"]?.stringValue ?? download.contentType
                do {
                    attachments.append(try host.storeFile(name: Self.safeName(name), contentType: type, data: download.bytes))
                } catch {
                    notes.append("[\(name): could not be stored (\(error))]")
                }
            }
        }
        return (attachments.isEmpty ? nil : "[" + attachments.joined(separator: ",") + "]", notes)
    }

    /// The host refuses names with a path separator.
    static func safeName(_ name: String) -> String {
        let cleaned = String(name.map { $0 == "/" || $0 == "\\" ? "_" : $0 })
        return cleaned.isEmpty ? "file" : cleaned
    }
}
