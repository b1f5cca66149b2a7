import SwitchboardSupport

/// What the fake knows of WhatsApp: business numbers and their accounts' templates, media,
/// the customer service windows, and what was sent.
struct WhatsAppState {
    /// Media download URLs: `<base>/whatsapp-media/<random>`, Bearer token required, ~5 minutes.
    static let mediaPathPrefix = "/whatsapp-media/"

    struct Number {
        var displayNumber: String
        var verifiedName: String
        var wabaID: String
        var qualityRating: String
    }

    struct Media {
        var bytes: [UInt8]
        var contentType: String
        /// The number it was uploaded to (nil: a customer's, from a webhook).
        var phoneNumberID: String?
    }

    var numbers: [String: Number] = [:]
    /// WABA id → templates in creation order, as Graph describes them.
    var templates: [String: [JSONObject]] = [:]
    var media: [String: Media] = [:]
    /// Download path → (media id, expiry in ms).
    var mediaURLs: [String: (mediaID: String, expiresAtMs: Int64)] = [:]
    /// "number|customer" → (when they last wrote, whether that message came from an ad).
    var lastCustomerMessage: [String: (atMs: Int64, referral: Bool)] = [:]
    var sent: [FakeGraphAPI.WhatsAppSent] = []
    var readMarks: [String] = []

    func isWABA(_ id: String) -> Bool { numbers.values.contains { $0.wabaID == id } }
}

extension FakeGraphAPI {
    /// A message the fake accepted on `POST /<number>/messages`.
    public struct WhatsAppSent: Sendable {
        public var phoneNumberID: String
        /// The whole JSON body.
        public var body: JSON
        /// `to` (digits) or `recipient` (a BSUID).
        public var addressee: String
        public var type: String
        public var messageID: String
    }

    /// A business number of a WhatsApp Business Account the token may use.
    public func addWhatsAppNumber(id: String, displayNumber: String, verifiedName: String, wabaID: String, qualityRating: String = "GREEN") {
        state.withLock { $0.whatsApp.numbers[id] = WhatsAppState.Number(displayNumber: displayNumber, verifiedName: verifiedName,
                                                                         wabaID: wabaID, qualityRating: qualityRating) }
    }

    /// A message template of an account, `components` as Graph describes them; returns its id.
    @discardableResult
    public func addTemplate(wabaID: String, name: String, language: String, category: String = "UTILITY", status: String = "APPROVED",
                            components: [JSON]) -> String {
        let id = GraphIDs.numericID()
        let template: JSONObject = ["id": .string(id), "name": .string(name), "language": .string(language), "status": .string(status),
                                    "category": .string(category), "components": .array(components)]
        state.withLock { $0.whatsApp.templates[wabaID, default: []].append(template) }
        return id
    }

    /// Meta changes a template's status (what the `message_template_status_update` webhook then tells).
    public func setTemplateStatus(wabaID: String, name: String, language: String, status: String) {
        state.withLock { state in
            guard let index = state.whatsApp.templates[wabaID]?.firstIndex(where: {
                $0["name"]?.stringValue == name && $0["language"]?.stringValue == language }) else { return }
            state.whatsApp.templates[wabaID]![index]["status"] = .string(status)
        }
    }

    /// A customer's media, as Meta keeps it for a webhook: returns the media id (`id`: under that
    /// id, as when Meta serves again what it failed to serve before).
    public func addCustomerMedia(_ bytes: [UInt8], contentType: String, id given: String? = nil) -> String {
        let id = given ?? GraphIDs.numericID()
        state.withLock { $0.whatsApp.media[id] = WhatsAppState.Media(bytes: bytes, contentType: contentType, phoneNumberID: nil) }
        return id
    }

    /// Meta no longer has the media (deleted, or past its 7 days): `GET /<media-id>` answers 100/33.
    public func forgetMedia(_ mediaID: String) { state.withLock { _ = $0.whatsApp.media.removeValue(forKey: mediaID) } }

    /// Every WhatsApp message accepted, in order (read marks are in `whatsAppReadMarks`).
    public var whatsAppSent: [WhatsAppSent] { state.withLock { $0.whatsApp.sent } }

    /// The wamids marked read (`{"status": "read", "message_id"}`), in order.
    public var whatsAppReadMarks: [String] { state.withLock { $0.whatsApp.readMarks } }

    /// Media uploaded to a number (`POST /<number>/media`), by id.
    public func uploadedMedia(_ id: String) -> (bytes: [UInt8], contentType: String)? {
        state.withLock { $0.whatsApp.media[id].flatMap { $0.phoneNumberID == nil ? nil : ($0.bytes, $0.contentType) } }
    }

    /// When a customer last wrote to a number (the window's start); `referral`: from a click-to-WhatsApp ad (72 h).
    public func recordWhatsAppCustomerMessage(phoneNumberID: String, customer: String, atMs: Int64, referral: Bool) {
        state.withLock { state in
            let key = "\(phoneNumberID)|\(customer)"
            if let last = state.whatsApp.lastCustomerMessage[key], last.atMs > atMs { return }
            state.whatsApp.lastCustomerMessage[key] = (atMs, referral)
        }
    }

    /// Posts a WhatsApp webhook body signed as Meta signs it, after recording the window each
    /// customer message in it opens (under the customer's phone digits and their BSUID).
    public func postWhatsAppWebhook(_ body: String, to url: String, appSecret: String, timeoutMs: Int = 10_000) throws -> (status: Int, text: String) {
        let parsed = try? JSON.parse(body)
        for entry in parsed?["entry"]?.arrayValue ?? [] {
            for change in entry["changes"]?.arrayValue ?? [] {
                guard let number = change["value"]?["metadata"]?["phone_number_id"]?.stringValue else { continue }
                for message in change["value"]?["messages"]?.arrayValue ?? [] {
                    guard let seconds = message["timestamp"]?.stringValue.flatMap(Int64.init) else { continue }
                    let referral = message["referral"] != nil
                    for key in [message["from"]?.stringValue, message["from_user_id"]?.stringValue].compactMap({ $0 }) {
                        recordWhatsAppCustomerMessage(phoneNumberID: number, customer: key, atMs: seconds * 1000, referral: referral)
                    }
                }
            }
        }
        return try MetaWebhookSigner.post(body, to: url, appSecret: appSecret, timeoutMs: timeoutMs)
    }
}
