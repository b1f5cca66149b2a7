/// Phone numbers as Twilio writes them: E.164, "+" and 8 to 15 digits, the first not 0.
public enum PhoneNumber {
    public static func isE164(_ value: String) -> Bool {
        let digits = value.utf8.dropFirst()
        return value.hasPrefix("+") && (8...15).contains(digits.count) && digits.first != UInt8(ascii: "0")
            && digits.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// Whether Twilio delivers MMS to this number: the United States and Canada only (elsewhere
    /// Twilio turns an MMS into a text with a link). Both share +1 with the Caribbean members
    /// of the North American Numbering Plan, whose area codes are left out here.
    public static func receivesMMS(_ value: String) -> Bool {
        guard isE164(value), value.hasPrefix("+1"), value.utf8.count == 12 else { return false }
        let areaCode = String(value.dropFirst(2).prefix(3))
        return !nonUSCanadaAreaCodes.contains(areaCode)
    }

    /// NANP area codes outside the US and Canada (US territories such as Puerto Rico stay in).
    static let nonUSCanadaAreaCodes: Set<String> = [
        "242", "246", "264", "268", "284", "345", "441", "473", "649", "658", "664", "721",
        "758", "767", "784", "809", "829", "849", "868", "869", "876",
    ]
}
