import PluginKit

/// What a WhatsApp message becomes in Switchboard before any download: its text, its rich JSON
/// (the button or list row tapped, the message it answers, an ad referral, a location, Meta's
/// error), and the media to fetch. Nothing Meta delivered is dropped: types we cannot show
/// become a visible placeholder naming the type, or Meta's error code.
struct WhatsAppContent: Equatable {
    var text: String
    var rich: JSONObject
    /// {id, mime_type, filename?} of the image, audio, video, document or sticker to download.
    var media: JSON?

    static let mediaTypes: Set<String> = ["image", "audio", "video", "document", "sticker"]

    static func compose(_ message: JSON) -> WhatsAppContent {
        let type = message["type"]?.stringValue ?? "unknown"
        var content = WhatsAppContent(text: "", rich: [:], media: nil)
        let body = message[type]
        switch type {
        case "text":
            content.text = body?["body"]?.stringValue ?? ""
        case _ where mediaTypes.contains(type):
            content.text = body?["caption"]?.stringValue ?? ""
            if let media = body, media["id"] != nil { content.media = media }
        case "location":
            let lat = body?["latitude"]?.doubleValue, lon = body?["longitude"]?.doubleValue
            let label = [body?["name"]?.stringValue, body?["address"]?.stringValue].compactMap { $0 }.filter { !$0.isEmpty }
            content.text = "Location: " + (label + [lat.flatMap { la in lon.map { "\(la), \($0)" } }].compactMap { $0 }).joined(separator: " — ")
            if let body { content.rich["location"] = body }
        case "contacts":
            content.text = (message["contacts"]?.arrayValue ?? []).map(contactLine).joined(separator: "\n")
            if let cards = message["contacts"] { content.rich["contacts"] = cards }
        case "interactive":
            let kind = body?["type"]?.stringValue ?? ""
            let reply = body?[kind]
            content.text = reply?["title"]?.stringValue ?? ""
            if let reply { content.rich[kind] = reply }
        case "button":
            content.text = body?["text"]?.stringValue ?? ""
            content.rich["button"] = ["payload": .from(body?["payload"]?.stringValue)]
        default:
            break
        }
        if let errors = message["errors"]?.arrayValue, let first = errors.first {
            let error = WhatsAppError(first)
            content.rich["error"] = error.json
            if content.text.isEmpty && content.media == nil { content.text = "[WhatsApp message could not be shown: \(error.summary)]" }
        }
        if content.text.isEmpty && content.media == nil {
            content.text = "[unsupported WhatsApp message type: \(type)]"
        }
        if let replied = message["context"]?["id"]?.stringValue { content.rich["reply_to"] = ["id": .string(replied)] }
        if let referral = message["referral"]?.objectValue { content.rich["referral"] = .object(referral) }
        return content
    }

    private static func contactLine(_ card: JSON) -> String {
        let name = card["name"]?["formatted_name"]?.stringValue ?? "Contact"
        let phones = (card["phones"]?.arrayValue ?? []).compactMap { $0["phone"]?.stringValue }
        let emails = (card["emails"]?.arrayValue ?? []).compactMap { $0["email"]?.stringValue }
        return "Contact: " + ([name] + phones + emails).joined(separator: ", ")
    }

    var richJSON: String? { rich.count == 0 ? nil : JSON.object(rich).serialized }
}

/// One of Meta's WhatsApp errors (`{code, title, message, error_data: {details}}`), in a
/// message, a status or `value.errors`. Meta says to branch on code and details, not the title.
struct WhatsAppError: Equatable {
    var code: Int
    var title: String
    var details: String

    init(_ json: JSON) {
        code = json["code"]?.intValue ?? 0
        title = json["title"]?.stringValue ?? json["message"]?.stringValue ?? "error"
        details = json["error_data"]?["details"]?.stringValue ?? ""
    }

    /// "Re-engagement message (code 131047): More than 24 hours…".
    var summary: String { "\(title) (code \(code))" + (details.isEmpty ? "" : ": \(details)") }

    var json: JSON { ["code": .from(code), "title": .string(title), "details": .string(details)] }
}
