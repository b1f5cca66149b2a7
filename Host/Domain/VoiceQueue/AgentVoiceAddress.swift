/// Where an agent answers calls: a phone number and/or a SIP address from their profile.
/// The host dials it (Calls API) and bridges the caller from the queue.
public struct AgentVoiceAddress: Sendable, Equatable {
    public var phone: String?
    public var sip: String?

    public init(phone: String? = nil, sip: String? = nil) {
        self.phone = phone
        self.sip = sip
    }

    /// What the host dials: the SIP address when there is one (no PSTN leg), else the phone.
    public var dialTarget: String? { sip ?? phone }

    /// E.164: '+', a non-zero digit, 7 to 15 digits in all.
    public static let phonePattern = "^\\+[1-9][0-9]{6,14}$"
    /// sip:user@host[:port], at most 256 characters.
    public static let sipPattern = "^sip:[A-Za-z0-9._~%!$&'()*+,;=-]+@[A-Za-z0-9.-]+(:[0-9]{1,5})?$"

    /// The address as given, or `PeopleError.invalid` naming the field. nil clears a field; values are
    /// taken exactly (no trimming), so the server accepts precisely what the documented patterns allow.
    public static func validated(phone: String?, sip: String?) throws(PeopleError) -> AgentVoiceAddress {
        if let phone, !isPhone(phone) { throw .invalid(field: "phone", "must be an E.164 number such as +15551234567") }
        if let sip, !isSIP(sip) { throw .invalid(field: "sip", "must be a SIP address such as sip:sam@pbx.example.com (at most 256 characters)") }
        return AgentVoiceAddress(phone: phone, sip: sip)
    }

    public static func isPhone(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        guard (8...16).contains(bytes.count), bytes[0] == UInt8(ascii: "+"), bytes[1] != UInt8(ascii: "0") else { return false }
        return bytes.dropFirst().allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    public static func isSIP(_ value: String) -> Bool {
        guard value.utf8.count <= 256, value.hasPrefix("sip:") else { return false }
        let rest = value.dropFirst(4)
        let parts = rest.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return false }
        let userBytes: Set<UInt8> = Set("._~%!$&'()*+,;=-".utf8)
        guard parts[0].utf8.allSatisfy({ isAlphanumeric($0) || userBytes.contains($0) }) else { return false }
        let hostAndPort = parts[1].split(separator: ":", omittingEmptySubsequences: false)
        guard hostAndPort.count <= 2, !hostAndPort[0].isEmpty,
              hostAndPort[0].utf8.allSatisfy({ isAlphanumeric($0) || $0 == 0x2E || $0 == 0x2D }) else { return false }
        if hostAndPort.count == 2 {
            guard (1...5).contains(hostAndPort[1].utf8.count), hostAndPort[1].utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return false }
        }
        return true
    }

    private static func isAlphanumeric(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
    }
}
