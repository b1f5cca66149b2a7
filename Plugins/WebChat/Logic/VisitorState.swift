import SwitchboardCommon

/// Who a visitor is to the host: anonymous visitors are "webchat" + their visitor id; visitors the
/// site verified are "external_id" + the site's user id, so every device of a logged-in customer
/// reaches the same contact.
public struct Identity: Hashable, Sendable {
    public var kind: String
    public var value: String

    public init(kind: String, value: String) {
        self.kind = kind
        self.value = value
    }

    public static let anonymousKind = "webchat"
    public static let verifiedKind = "external_id"

    public static func anonymous(_ visitorID: String) -> Identity { Identity(kind: anonymousKind, value: visitorID) }
    public static func verified(_ userID: String) -> Identity { Identity(kind: verifiedKind, value: userID) }

    /// The key under which its state is stored ("webchat:v1a2…").
    public var key: String { "\(kind):\(value)" }

    public init?(key: String) {
        guard let colon = key.firstIndex(of: ":") else { return nil }
        self.init(kind: String(key[..<colon]), value: String(key[key.index(after: colon)...]))
    }
}

/// Where a conversation went after a switch, as the widget shows it ("Continued by email at …").
public struct SwitchedTo: Equatable, Sendable {
    public var kind: String
    public var address: String
    public var waiting: Bool
    /// Where the visitor continues when they complete the switch themselves (an m.me link).
    public var link: String?
    /// The link as a QR code (an SVG the host drew), for a visitor on a computer to scan with their phone.
    public var qrSVG: String?

    public init(kind: String, address: String, waiting: Bool, link: String? = nil, qrSVG: String? = nil) {
        self.kind = kind
        self.address = address
        self.waiting = waiting
        self.link = link
        self.qrSVG = qrSVG
    }

    public var json: JSON {
        ["kind": .string(kind), "address": .string(address), "waiting": .bool(waiting), "link": link.map(JSON.string) ?? .null,
         "qr_svg": qrSVG.map(JSON.string) ?? .null]
    }
}

/// What the plugin remembers about one identity (durable in the instance's key-value store).
public struct CustomerState: Equatable, Sendable {
    public var conversationID: String?
    public var name: String?
    public var email: String?
    public var phone: String?
    /// Details given since the last message: sent to the host with the next one (contact_json).
    public var contactPending = false
    public var lastActivityMs: Int64 = 0
    /// The highest message id the visitor saw in the widget.
    public var seenUpTo: Int64 = 0
    public var switched: SwitchedTo?

    public init() {}

    /// The address the visitor gave for a channel kind (email → email; sms, whatsapp → phone).
    public func address(for kind: SwitchKind) -> String? {
        switch kind {
        case .email: email
        case .sms, .whatsapp: phone
        case .messenger: nil
        }
    }

    /// The details for the host's contact (sb_inbound_message.contact_json).
    public var contactJSON: String {
        var object = JSONObject()
        if let name { object["name"] = .string(name) }
        if let email { object["email"] = .string(email) }
        if let phone { object["phone"] = .string(phone) }
        return JSON.object(object).serialized
    }

    public var serialized: String {
        var object: JSONObject = ["last_activity_ms": .from(lastActivityMs), "seen_up_to": .from(seenUpTo),
                                  "contact_pending": .bool(contactPending)]
        object["conversation_id"] = .from(conversationID)
        object["name"] = .from(name)
        object["email"] = .from(email)
        object["phone"] = .from(phone)
        object["switched"] = switched?.json ?? .null
        return JSON.object(object).serialized
    }

    public init(serialized text: String) {
        guard let object = (try? JSON.parse(text))?.objectValue else { return }
        conversationID = object["conversation_id"]?.stringValue
        name = object["name"]?.stringValue
        email = object["email"]?.stringValue
        phone = object["phone"]?.stringValue
        contactPending = object["contact_pending"]?.boolValue ?? false
        lastActivityMs = object["last_activity_ms"]?.doubleValue.map { Int64($0) } ?? 0
        seenUpTo = object["seen_up_to"]?.doubleValue.map { Int64($0) } ?? 0
        if let s = object["switched"]?.objectValue, let kind = s["kind"]?.stringValue {
            switched = SwitchedTo(kind: kind, address: s["address"]?.stringValue ?? "", waiting: s["waiting"]?.boolValue ?? false,
                                  link: s["link"]?.stringValue, qrSVG: s["qr_svg"]?.stringValue)
        }
    }
}
