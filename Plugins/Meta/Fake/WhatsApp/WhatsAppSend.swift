import SwitchboardSupport
import SwitchboardTransport

/// `POST /<number>/messages` held to the Cloud API's contract: a JSON body with
/// `messaging_product: whatsapp`, exactly one of `to` (digits) and `recipient` (a BSUID), a known
/// `type` with its object, text up to 4,096 characters, media by an uploaded id or a link,
/// interactive buttons (≤3, titles ≤20) and lists (≤10 rows, titles ≤24), approved templates
/// with exactly their parameters (#132000), and the customer service window: free-form messages
/// only within 24 hours of the customer's last message, 72 after one from an ad (#131047).
/// `{"status": "read", "message_id"}` marks a customer's message read.
extension FakeGraphAPI {
    static let whatsAppTypes: Set<String> = ["text", "image", "audio", "video", "document", "sticker", "interactive", "template",
                                             "location", "contacts", "reaction"]
    static let standardWindowMs: Int64 = 24 * 3_600_000
    static let referralWindowMs: Int64 = 72 * 3_600_000

    func sendWhatsApp(from number: String, _ params: GraphParams) throws -> HTTPResponse {
        let body = params.fields
        guard body["messaging_product"]?.stringValue == "whatsapp" else {
            throw GraphError.param("The parameter messaging_product is required and must be whatsapp")
        }
        if body["status"]?.stringValue == "read" {
            guard let id = body["message_id"]?.stringValue, !id.isEmpty else { throw GraphError.param("The parameter message_id is required") }
            state.withLock { $0.whatsApp.readMarks.append(id) }
            return .json(200, ["success": true])
        }
        let addressee: String
        switch (body["to"]?.stringValue, body["recipient"]?.stringValue) {
        case (let to?, nil):
            guard !to.isEmpty, to.allSatisfy(\.isNumber) else { throw GraphError.param("Param to must be a phone number of digits") }
            addressee = to
        case (nil, let recipient?) where !recipient.isEmpty: addressee = recipient
        case (.some, .some): throw GraphError.param("Give either to or recipient, not both")
        default: throw GraphError.param("The parameter to is required")
        }
        guard let type = body["type"]?.stringValue, Self.whatsAppTypes.contains(type) else {
            throw GraphError.param("Param type must be one of {\(Self.whatsAppTypes.sorted().joined(separator: ", "))}")
        }
        guard case .object(let payload)? = body[type] else { throw GraphError.param("The parameter \(type) is required") }
        switch type {
        case "text": try checkText(payload)
        case "image", "audio", "video", "document", "sticker": try checkMedia(payload, type: type, number: number)
        case "interactive": try checkInteractive(payload)
        case "template": try checkTemplate(payload, number: number)
        default: break
        }
        if type != "template" { try checkWindow(number: number, customer: addressee) }

        let id = "wamid." + GraphIDs.random(48, from: Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".utf8))
        state.withLock { $0.whatsApp.sent.append(WhatsAppSent(phoneNumberID: number, body: .object(body), addressee: addressee, type: type, messageID: id)) }
        return .json(200, ["messaging_product": "whatsapp", "contacts": [["input": .string(addressee), "wa_id": .string(addressee)]],
                           "messages": [["id": .string(id)]]])
    }

    private func checkText(_ text: JSONObject) throws {
        guard let body = text["body"]?.stringValue, !body.isEmpty else { throw GraphError.param("The parameter text['body'] is required") }
        guard body.unicodeScalars.count <= 4096 else { throw GraphError.param("Param text['body'] must be at most 4096 characters long") }
    }

    private func checkMedia(_ media: JSONObject, type: String, number: String) throws {
        switch (media["id"]?.stringValue, media["link"]?.stringValue) {
        case (let id?, nil):
            guard state.withLock({ $0.whatsApp.media[id]?.phoneNumberID == number }) else {
                throw GraphError("(#131053) Media upload error", code: 131053, details: "The media id \(id) was not uploaded to this phone number")
            }
        case (nil, let link?):
            guard link.hasPrefix("https://") || link.hasPrefix("http://") else { throw GraphError.param("Param \(type)['link'] must be a URL") }
        default:
            throw GraphError.param("Param \(type) must have exactly one of id and link")
        }
    }

    private func checkInteractive(_ interactive: JSONObject) throws {
        guard let body = interactive["body"]?["text"]?.stringValue, !body.isEmpty, body.unicodeScalars.count <= 1024 else {
            throw GraphError.param("Param interactive['body']['text'] is required, at most 1024 characters")
        }
        switch interactive["type"]?.stringValue {
        case "button":
            let buttons = interactive["action"]?["buttons"]?.arrayValue ?? []
            guard (1...3).contains(buttons.count) else { throw GraphError.param("Param interactive['action']['buttons'] must have 1 to 3 buttons") }
            for button in buttons {
                guard button["type"]?.stringValue == "reply", let title = button["reply"]?["title"]?.stringValue, !title.isEmpty,
                      title.unicodeScalars.count <= 20, button["reply"]?["id"]?.stringValue != nil else {
                    throw GraphError.param("Each button must be {type: reply, reply: {id, title (at most 20 characters)}}")
                }
            }
        case "list":
            let rows = (interactive["action"]?["sections"]?.arrayValue ?? []).flatMap { $0["rows"]?.arrayValue ?? [] }
            guard (1...10).contains(rows.count), interactive["action"]?["button"]?.stringValue != nil else {
                throw GraphError.param("A list needs action['button'] and 1 to 10 rows")
            }
            for row in rows where (row["title"]?.stringValue ?? "").isEmpty || row["title"]!.stringValue!.unicodeScalars.count > 24 {
                throw GraphError.param("Each row title must be 1 to 24 characters")
            }
        default:
            throw GraphError.param("Param interactive['type'] must be one of {button, list, cta_url, flow, product, product_list}")
        }
    }

    /// The template must exist in the number's account, in that language, approved; each
    /// component must get exactly as many parameters as it has placeholders.
    private func checkTemplate(_ request: JSONObject, number: String) throws {
        guard let name = request["name"]?.stringValue, let language = request["language"]?["code"]?.stringValue else {
            throw GraphError.param("The parameters template['name'] and template['language']['code'] are required")
        }
        let waba = state.withLock { $0.whatsApp.numbers[number]?.wabaID ?? "" }
        guard let template = state.withLock({ $0.whatsApp.templates[waba]?.first { $0["name"]?.stringValue == name && $0["language"]?.stringValue == language } })
        else {
            throw GraphError("(#132001) Template name does not exist in the translation", code: 132001,
                             details: "template name (\(name)) does not exist in \(language)")
        }
        guard template["status"]?.stringValue == "APPROVED" else {
            throw GraphError("(#132015) Template is paused or not approved", code: 132015, details: "Template \(name) is \(template["status"]?.stringValue ?? "")")
        }
        let sentComponents = request["components"]?.arrayValue ?? []
        for component in template["components"]?.arrayValue ?? [] {
            let kind = component["type"]?.stringValue?.lowercased() ?? ""
            guard kind == "body" || kind == "header" else { continue }
            let expected = Self.placeholderCount(component["text"]?.stringValue ?? "")
                + (kind == "header" && ["IMAGE", "VIDEO", "DOCUMENT"].contains(component["format"]?.stringValue ?? "") ? 1 : 0)
            let given = sentComponents.first { $0["type"]?.stringValue == kind }?["parameters"]?.arrayValue?.count ?? 0
            guard given == expected else {
                throw GraphError("(#132000) Number of parameters does not match the expected number of params", code: 132000,
                                 details: "\(kind): number of localizable_params (\(given)) does not match the expected number of params (\(expected))")
            }
        }
    }

    /// Distinct `{{…}}` placeholders in a template text.
    static func placeholderCount(_ text: String) -> Int {
        Set(text.split(separator: "{{").dropFirst().compactMap { $0.split(separator: "}}", omittingEmptySubsequences: false).first.map(String.init) }).count
    }

    private func checkWindow(number: String, customer: String) throws {
        let last = state.withLock { $0.whatsApp.lastCustomerMessage["\(number)|\(customer)"] }
        let span = last?.referral == true ? Self.referralWindowMs : Self.standardWindowMs
        guard let last, now - last.atMs <= span else {
            throw GraphError("(#131047) Re-engagement message", code: 131047,
                             details: "Message failed to send because more than 24 hours have passed since the customer last replied to this number.")
        }
    }
}

extension GraphError {
    /// A WhatsApp error: HTTP 400, Graph's shape, with `error_data.details`.
    init(_ message: String, code: Int, details: String) {
        self.init(message, code: code)
        self.details = details
    }
}
