import SwitchboardCommon

/// A channel a web chat conversation can continue on, and how the customer is addressed there.
/// The identity kinds are the host's (ABI 1.2 switch targets): email → "email", sms → "phone",
/// whatsapp → "whatsapp", messenger → "messenger_psid".
public enum SwitchKind: String, CaseIterable, Sendable {
    case email, sms, whatsapp, messenger

    public var identityKind: String {
        switch self {
        case .email: "email"
        case .sms: "phone"
        case .whatsapp: "whatsapp"
        case .messenger: "messenger_psid"
        }
    }

    /// Messenger knows a person only once they write to the Page (a page-scoped id nobody can
    /// type): the visitor opens an m.me link carrying a switch ticket, and the conversation moves
    /// when their first Messenger message arrives with it (ABI 1.3).
    public var completesByLink: Bool { self == .messenger }

    /// WhatsApp completes through a wa.me link too once a WhatsApp channel runs (its prefilled
    /// text carries the ticket as a code): the visitor's first message there joins this
    /// conversation. Without a running channel it is "planned" and asks for a phone number.
    public func switchesByLink(available: Bool) -> Bool { completesByLink || (self == .whatsapp && available) }

    /// The visitor's address for this kind as given, cleaned, or the reason it is not one.
    /// Phone numbers (SMS, WhatsApp) are E.164: "+" and 8 to 15 digits, spaces and dashes dropped.
    public func normalizedAddress(_ raw: String) throws(FieldError) -> String {
        let text = raw.trimmingASCIIWhitespace()
        switch self {
        case .email:
            guard let address = EmailCheck.normalized(text) else { throw FieldError("address", "must be an email address") }
            return address
        case .sms, .whatsapp:
            guard let phone = PhoneCheck.e164(text) else {
                throw FieldError("address", "must be a phone number in international form, like +15551234567")
            }
            return phone
        case .messenger:
            throw FieldError("address", "is not asked for Messenger: the visitor continues through the Page's m.me link")
        }
    }
}

/// A plausible email address: one "@", a non-empty local part, a dotted domain, no spaces or
/// angle brackets, at most 254 characters. Lowercased domain; the local part is kept as given.
enum EmailCheck {
    static func normalized(_ text: String) -> String? {
        guard text.count <= 254, let at = text.lastIndex(of: "@") else { return nil }
        let local = text[..<at], domain = text[text.index(after: at)...]
        let forbidden: Set<Character> = [" ", "<", ">", "(", ")", ",", ";", ":", "\"", "@", "\\", "\t", "\n", "\r"]
        guard !local.isEmpty, local.count <= 64, !local.contains(where: { $0 == " " || $0 == "<" || $0 == ">" || $0.isNewline }),
              domain.contains("."), !domain.hasPrefix("."), !domain.hasSuffix("."), !domain.contains(".."),
              !domain.contains(where: { forbidden.contains($0) })
        else { return nil }
        return String(local) + "@" + domain.lowercased()
    }
}

/// E.164 phone numbers: "+" then 8 to 15 digits; spaces, dashes, dots and brackets are dropped.
enum PhoneCheck {
    static func e164(_ text: String) -> String? {
        guard text.hasPrefix("+") else { return nil }
        var digits = ""
        for c in text.dropFirst() {
            if c.isASCII, c.isNumber { digits.append(c) } else if !" -.()".contains(c) { return nil }
        }
        guard (8...15).contains(digits.count), !digits.hasPrefix("0") else { return nil }
        return "+" + digits
    }
}

extension Unicode.Scalar {
    var isASCIIAlphanumeric: Bool {
        ("a"..."z").contains(self) || ("A"..."Z").contains(self) || ("0"..."9").contains(self)
    }
}
