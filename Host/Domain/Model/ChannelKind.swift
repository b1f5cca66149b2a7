/// The kinds of channel the product knows, with the address each one reaches a customer by.
/// A conversation can be switched to a kind whose plugin is not installed yet ("planned"): the
/// switch is recorded and replies wait until such a channel exists.
public struct ChannelKind: Sendable, Equatable {
    public var kind: String
    public var label: String
    /// The contact identity kind the channel addresses customers by.
    public var identityKind: String

    public static let known: [ChannelKind] = [
        ChannelKind(kind: "email", label: "Email", identityKind: "email"),
        ChannelKind(kind: "sms", label: "SMS", identityKind: "phone"),
        ChannelKind(kind: "whatsapp", label: "WhatsApp", identityKind: "whatsapp"),
        ChannelKind(kind: "messenger", label: "Messenger", identityKind: "messenger_psid"),
        ChannelKind(kind: "instagram", label: "Instagram", identityKind: "instagram_igsid"),
        ChannelKind(kind: "webchat", label: "Web chat", identityKind: "webchat"),
        ChannelKind(kind: "api", label: "API", identityKind: "api"),
    ]

    public static func named(_ kind: String) -> ChannelKind? { known.first { $0.kind == kind } }

    /// Why an address cannot be right for an identity kind, or nil. Only the shapes every
    /// provider insists on: an email has one @ with a dotted domain; phone numbers are E.164.
    public static func addressProblem(identityKind: String, value: String) -> String? {
        guard !value.isEmpty, value.utf8.count <= Identity.maxValueBytes else { return "must be 1 to \(Identity.maxValueBytes) bytes" }
        switch identityKind {
        case "email":
            let parts = value.split(separator: "@", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
                  !value.contains(where: { $0.isWhitespace }) else { return "is not an email address" }
        case "whatsapp" where isBusinessScopedUserID(value):
            break // since 2026 WhatsApp users may be known by their BSUID alone ("US.13491208655302741918")
        case "phone", "whatsapp":
            let digits = value.dropFirst()
            guard value.hasPrefix("+"), (7...15).contains(digits.count), digits.allSatisfy(\.isNumber) else {
                return "must be a phone number in international form, like +15551234567"
            }
        default:
            break
        }
        return nil
    }

    /// WhatsApp's business-scoped user id: a two-letter country code, a dot, then letters, digits
    /// and dots ("US.1349…", a parent id "US.ENT.…").
    static func isBusinessScopedUserID(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        guard bytes.count >= 4, bytes[0] >= 0x41, bytes[0] <= 0x5A, bytes[1] >= 0x41, bytes[1] <= 0x5A, bytes[2] == 0x2E else { return false }
        return bytes[3...].allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2E }
    }
}
