import PluginKit

/// The Cloud API's message bodies (`POST /{phone-number-id}/messages`). Every one names
/// `messaging_product: whatsapp` and its addressee: `to` (the phone's digits) or, for a customer
/// known only by their business-scoped user id, `recipient`.
enum WhatsAppRequest {
    /// Interactive reply buttons: at most 3, titles up to 20 characters; lists: up to 10 rows,
    /// titles up to 24; an interactive body up to 1,024 characters. Beyond that, plain text.
    static let maxButtons = 3, maxRows = 10, maxRowTitle = 24, maxInteractiveBody = 1024

    static func body(for part: WhatsAppOutbound.Part, to customer: String, context: String?) -> JSON {
        switch part {
        case .template(let template):
            return envelope(to: customer, type: "template", template.json, context: context)
        case .text(let text, let choices):
            return Self.text(text, choices: choices, to: customer, context: context)
        case .file:
            preconditionFailure("files are uploaded first: see media(to:contentType:mediaID:fileName:)")
        }
    }

    static func text(_ text: String, choices: [QuickReply], to customer: String, context: String?) -> JSON {
        let fitsBody = text.unicodeScalars.count <= maxInteractiveBody
        if fitsBody, (1...maxButtons).contains(choices.count) {
            let buttons: [JSON] = choices.map { ["type": "reply", "reply": ["id": .string($0.payload), "title": .string($0.title)]] }
            return envelope(to: customer, type: "interactive", ["type": "button", "body": ["text": .string(text)],
                                                                 "action": ["buttons": .array(buttons)]], context: context)
        }
        if fitsBody, (maxButtons + 1...maxRows).contains(choices.count), choices.allSatisfy({ $0.title.unicodeScalars.count <= maxRowTitle }) {
            let rows: [JSON] = choices.map { ["id": .string($0.payload), "title": .string($0.title)] }
            return envelope(to: customer, type: "interactive", ["type": "list", "body": ["text": .string(text)],
                                                                 "action": ["button": "Choose", "sections": [["title": "Options", "rows": .array(rows)]]]],
                            context: context)
        }
        // Too many choices for WhatsApp: they become lines of the text, so nothing is lost.
        let lines = choices.isEmpty ? text : text + "\n" + choices.map { "• " + $0.title }.joined(separator: "\n")
        return envelope(to: customer, type: "text", ["body": .string(RichReply.cut(lines, to: 4096)), "preview_url": false], context: context)
    }

    /// A file uploaded to `/{phone-number-id}/media`, sent by its id.
    static func media(to customer: String, contentType: String, mediaID: String, fileName: String) -> JSON {
        let type = mediaType(contentType)
        var media: JSONObject = ["id": .string(mediaID)]
        if type == "document" { media["filename"] = .string(fileName) }
        return envelope(to: customer, type: type, .object(media), context: nil)
    }

    /// The Cloud API type for a content type: image, video, audio, else document.
    static func mediaType(_ contentType: String) -> String {
        let type = contentType.lowercased()
        if type == "image/jpeg" || type == "image/png" { return "image" }
        for kind in ["video", "audio"] where type.hasPrefix(kind + "/") { return kind }
        return "document"
    }

    static func envelope(to customer: String, type: String, _ payload: JSON, context: String?) -> JSON {
        let addressee = WhatsAppCustomer.addressee(customer)
        var body: JSONObject = ["messaging_product": "whatsapp", "recipient_type": "individual"]
        body[addressee.field] = .string(addressee.value)
        body["type"] = .string(type)
        body[type] = payload
        if let context { body["context"] = ["message_id": .string(context)] }
        return .object(body)
    }
}
