import PluginKit

/// A message's media, downloaded from Meta at once (`GET /{media-id}`, then its URL with the
/// Bearer token: the URL lives about five minutes) into the host's file store. A failed download
/// never loses the message: the attachment is stored "unavailable", with Meta's media id (valid
/// for 7 days) and the error, so the web app shows what happened.
struct WhatsAppMedia {
    let host: PluginHost
    let graph: GraphClient?

    static let timeoutMs: UInt32 = 8_000

    /// The attachment object to store: the host's file entry, or the placeholder.
    func store(_ media: JSON, type: String) -> JSON {
        let mediaID = media["id"]?.stringValue ?? ""
        let declared = media["mime_type"]?.stringValue ?? "application/octet-stream"
        let name = Self.fileName(media, type: type, contentType: declared)
        guard let graph else { return Self.unavailable(name: name, contentType: declared, mediaID: mediaID, error: "the channel was still starting") }
        switch graph.downloadWhatsAppMedia(mediaID, timeoutMs: Self.timeoutMs) {
        case .success(let file):
            let contentType = file.contentType.split(separator: ";").first.map { $0.trimmingASCIIWhitespace().lowercased() } ?? declared
            do {
                return try JSON.parse(try host.storeFile(name: name, contentType: contentType, data: file.bytes))
            } catch {
                host.log(.warn, "whatsapp: could not store media \(mediaID): \(error)")
                return Self.unavailable(name: name, contentType: declared, mediaID: mediaID, error: "could not store the file: \(error)")
            }
        case .failure(let error):
            host.log(.warn, "whatsapp: could not download media \(mediaID): \(error.message)")
            return Self.unavailable(name: name, contentType: declared, mediaID: mediaID, error: error.message)
        }
    }

    /// An agent asked for the message's media again (while Meta keeps it, 7 days): each
    /// unavailable attachment is fetched by its media id once more, the others kept as they are.
    /// The whole list, for the host's `message_attachments_replace`.
    func refetch(_ attachments: [JSON]) -> [JSON] {
        attachments.map { attachment in
            guard attachment["unavailable"]?.boolValue == true, let mediaID = attachment["media_id"]?.stringValue, !mediaID.isEmpty else {
                return attachment
            }
            let media: JSON = ["id": .string(mediaID), "mime_type": .from(attachment["content_type"]?.stringValue),
                               "filename": .from(attachment["name"]?.stringValue)]
            return store(media, type: "media")
        }
    }

    /// The attachment entry of media we could not keep: "media unavailable" with the reason.
    static func unavailable(name: String, contentType: String, mediaID: String, error: String) -> JSON {
        ["name": .string(name), "content_type": .string(contentType), "url": .null, "unavailable": true,
         "media_id": .string(mediaID), "error": .string("media unavailable: " + error)]
    }

    /// The document's own file name, else "image.jpg" and the like.
    static func fileName(_ media: JSON, type: String, contentType: String) -> String {
        if let given = media["filename"]?.stringValue, !given.isEmpty, given.count <= 200, !given.contains("/") { return given }
        let subtype = contentType.split(separator: "/").last.map { String($0.split(separator: ";")[0]) } ?? "bin"
        let ext = ["jpeg": "jpg", "mpeg": "mp3", "ogg; codecs=opus": "ogg"][subtype] ?? subtype
        return "\(type.isEmpty ? "media" : type).\(ext)"
    }
}
