/// How many SMS segments a text costs, counted exactly as carriers encode it (channels.md §3):
///
/// - GSM-7 while every character is in the GSM 03.38 default alphabet or its extension table:
///   160 septets in one message, 153 per part of a longer one (the concatenation header takes
///   the rest). Extension characters (`^ { } \ [ ~ ] |`, `€`, form feed) are an escape plus a
///   character: two septets, and a part never ends between the two.
/// - UCS-2 as soon as one character is outside both tables: 70 UTF-16 units in one message, 67
///   per part; an emoji (a surrogate pair) is two units, never split between parts.
///
/// The web app's composer mirrors this function (Host/Web/app/js/sms-segments.js); the unit
/// tests pin both to the same cases.
public struct SMSSegments: Sendable, Equatable {
    public enum Encoding: String, Sendable {
        case gsm7 = "GSM-7"
        case ucs2 = "UCS-2"
    }

    public var encoding: Encoding
    /// Septets (GSM-7) or UTF-16 units (UCS-2) the text takes.
    public var units: Int
    public var segments: Int
    /// The first character outside GSM-7 (what forces UCS-2) and its offset in characters.
    public var firstNonGSM: (character: Character, offset: Int)?

    public static func == (a: SMSSegments, b: SMSSegments) -> Bool {
        a.encoding == b.encoding && a.units == b.units && a.segments == b.segments
            && a.firstNonGSM?.character == b.firstNonGSM?.character && a.firstNonGSM?.offset == b.firstNonGSM?.offset
    }

    public static func count(_ text: String) -> SMSSegments {
        var septets: [Int] = []
        for (offset, character) in text.enumerated() {
            guard let width = GSM7.width(character) else {
                return ucs2(text, firstNonGSM: (character, offset))
            }
            septets.append(width)
        }
        let total = septets.reduce(0, +)
        return SMSSegments(encoding: .gsm7, units: total, segments: parts(septets, single: 160, perPart: 153), firstNonGSM: nil)
    }

    private static func ucs2(_ text: String, firstNonGSM: (Character, Int)) -> SMSSegments {
        let widths = text.unicodeScalars.map { $0.value > 0xFFFF ? 2 : 1 }
        return SMSSegments(encoding: .ucs2, units: widths.reduce(0, +), segments: parts(widths, single: 70, perPart: 67),
                           firstNonGSM: firstNonGSM)
    }

    /// Items of the given widths packed greedily into parts, none split across two.
    static func parts(_ widths: [Int], single: Int, perPart: Int) -> Int {
        let total = widths.reduce(0, +)
        if total == 0 { return 0 }
        if total <= single { return 1 }
        var parts = 1, used = 0
        for width in widths {
            if used + width > perPart {
                parts += 1
                used = 0
            }
            used += width
        }
        return parts
    }
}

/// The GSM 03.38 default alphabet and its extension table (3GPP TS 23.038 §6.2.1).
enum GSM7 {
    static let basic: Set<Character> = Set(
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")
    static let extended: Set<Character> = Set("\u{0C}^{}\\[~]|€")

    /// 1 or 2 septets, nil outside GSM-7. ("\r\n" is one Swift Character but two septets.)
    static func width(_ character: Character) -> Int? {
        if character == "\r\n" { return 2 }
        if basic.contains(character) { return 1 }
        if extended.contains(character) { return 2 }
        return nil
    }
}
