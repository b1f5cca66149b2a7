import PluginKit

/// A message's media, fetched from Meta's CDN at once (the URLs expire) and stored with the host.
/// A failed download never loses the message: the attachment is stored as a placeholder that
/// keeps the original URL and says what went wrong.
struct InboundMedia {
    let host: PluginHost
    let graph: GraphClient

    static let downloadTimeoutMs: UInt32 = 8_000

    /// The attachment objects ({name, content_type, size, url}, or the placeholder) to store.
    func store(_ attachments: [MetaAttachment]) -> [JSON] {
        attachments.enumerated().map { index, attachment in
            let name = Self.fileName(attachment, index: index)
            guard let url = attachment.url else { return Self.placeholder(attachment, name: name, error: "Meta sent no URL") }
            switch graph.download(url, timeoutMs: Self.downloadTimeoutMs) {
            case .success(let media):
                let type = media.contentType.split(separator: ";").first.map { $0.trimmingASCIIWhitespace().lowercased() }
                    ?? "application/octet-stream"
                do {
                    return try JSON.parse(try host.storeFile(name: name, contentType: type, data: media.bytes))
                } catch {
                    host.log(.warn, "could not store \(attachment.type) attachment: \(error)")
                    return Self.placeholder(attachment, name: name, error: "could not store the file: \(error)")
                }
            case .failure(let error):
                host.log(.warn, "could not download \(attachment.type) attachment: \(error.message)")
                return Self.placeholder(attachment, name: name, error: error.message)
            }
        }
    }

    /// The attachment entry of media we could not keep: the web app shows the error, and the
    /// original URL while it still works.
    static func placeholder(_ attachment: MetaAttachment, name: String, error: String) -> JSON {
        ["name": .string(name), "content_type": .string(genericType(attachment.type)), "url": .from(attachment.url),
         "expired": false, "error": .string(error)]
    }

    /// The CDN path's last part when it looks like a file name, else "image-1" and the like.
    static func fileName(_ attachment: MetaAttachment, index: Int) -> String {
        let path = attachment.url?.split(separator: "?").first ?? ""
        let last = path.split(separator: "/").last.map(String.init) ?? ""
        let clean = last.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0) }
        return clean && last.contains(".") && last.count <= 120 ? last : "\(attachment.type)-\(index + 1)"
    }

    static func genericType(_ metaType: String) -> String {
        ["image", "video", "audio"].contains(metaType) ? metaType + "/*" : "application/octet-stream"
    }
}
