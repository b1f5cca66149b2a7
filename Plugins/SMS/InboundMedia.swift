import PluginKit
import TwilioPlatform

/// The media of an inbound MMS: every item (`MediaUrl0` … `MediaUrl{NumMedia-1}`, not only the
/// first), downloaded with the account's credentials and kept in the host's file store, so the
/// conversation keeps them after Twilio's copies are deleted. A failed download never loses the
/// message: its entry keeps Twilio's URL and says what went wrong.
struct InboundMedia {
    let host: PluginHost
    let client: TwilioClient

    static let downloadTimeoutMs: UInt32 = 8_000
    /// Twilio delivers at most 10 media items per message.
    static let maxItems = 10

    struct Item {
        var url: String
        var contentType: String
    }

    /// The items a webhook names. A `NumMedia` that is not a number, or more items than it
    /// promises are missing, is a malformed request (400 naming the parameter).
    static func items(in webhook: TwilioWebhook) throws(TwilioWebhook.Refusal) -> [Item] {
        guard let raw = webhook["NumMedia"], !raw.isEmpty else { return [] }
        guard let count = Int(raw), (0...maxItems).contains(count) else {
            throw TwilioWebhook.Refusal(response: .text(400, "parameter NumMedia must be a number from 0 to \(maxItems)"))
        }
        return try (0..<count).map { (index) throws(TwilioWebhook.Refusal) -> Item in
            let url = try webhook.required("MediaUrl\(index)")
            return Item(url: url, contentType: webhook["MediaContentType\(index)"] ?? "application/octet-stream")
        }
    }

    /// The attachment objects ({name, content_type, size, url}, or a placeholder) to store.
    func store(_ items: [Item], messageSID: String) -> [JSON] {
        items.enumerated().map { index, item in
            let name = Self.fileName(index: index, contentType: item.contentType, messageSID: messageSID)
            switch client.downloadMedia(item.url, timeoutMs: Self.downloadTimeoutMs) {
            case .success(let media):
                let type = Self.mediaType(media.contentType.isEmpty ? item.contentType : media.contentType)
                do {
                    return try JSON.parse(try host.storeFile(name: name, contentType: type, data: media.bytes))
                } catch {
                    host.log(.warn, "sms: could not store media \(index) of \(messageSID): \(error)")
                    return Self.placeholder(item, name: name, error: "could not store the file: \(error)")
                }
            case .failure(let error):
                host.log(.warn, "sms: could not download media \(index) of \(messageSID): \(error)")
                return Self.placeholder(item, name: name, error: error.description)
            }
        }
    }

    static func placeholder(_ item: Item, name: String, error: String) -> JSON {
        ["name": .string(name), "content_type": .string(mediaType(item.contentType)), "url": .string(item.url), "error": .string(error)]
    }

    /// "MM…-1.jpeg": Twilio's URLs end in a media SID with no extension.
    static func fileName(index: Int, contentType: String, messageSID: String) -> String {
        let subtype = mediaType(contentType).split(separator: "/").last.map(String.init) ?? "bin"
        let clean = subtype.prefix { $0.isLetter || $0.isNumber }
        return "\(messageSID)-\(index + 1).\(clean.isEmpty ? "bin" : String(clean))"
    }

    /// "image/jpeg; charset=x" → "image/jpeg".
    static func mediaType(_ contentType: String) -> String {
        let type = contentType.split(separator: ";").first.map { $0.trimmingASCIIWhitespace().lowercased() } ?? ""
        return type.contains("/") && !type.contains(" ") ? type : "application/octet-stream"
    }
}
