/// `application/x-www-form-urlencoded` (WHATWG URL Standard): HTML form posts, provider
/// callbacks and URL query strings.
///
/// Decoding is strict on purpose: a `%` not followed by two hex digits, or bytes that are not
/// UTF-8 once unescaped, throw `FormURLEncodingError` naming the pair. Passing mangled text on
/// (a phone number, a value a signature covers) would fail later and far less clearly.
/// `+` decodes to a space; empty pairs (`a=1&&b=2`) are skipped; a pair without `=` has an
/// empty value; names may repeat and keep their order.
public enum FormURLEncoding {
    /// The name/value pairs of a body or query string (without the leading `?`).
    public static func decode(_ text: String) throws(FormURLEncodingError) -> [(name: String, value: String)] {
        try decode(bytes: Array(text.utf8))
    }

    public static func decode(bytes: [UInt8]) throws(FormURLEncodingError) -> [(name: String, value: String)] {
        var pairs: [(name: String, value: String)] = []
        for piece in bytes.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let equals = piece.firstIndex(of: UInt8(ascii: "="))
            let rawName = piece[..<(equals ?? piece.endIndex)]
            let rawValue = equals.map { piece[piece.index(after: $0)...] } ?? []
            guard let name = unescape(rawName) else {
                throw FormURLEncodingError(name: String(decoding: rawName, as: UTF8.self),
                                           message: "invalid percent-escape or UTF-8 in the name")
            }
            guard let value = unescape(rawValue) else {
                throw FormURLEncodingError(name: name, message: "invalid percent-escape or UTF-8 in the value of \(name)")
            }
            pairs.append((name, value))
        }
        return pairs
    }

    /// `name=value&...`, each side escaped with `encodeComponent`.
    public static func encode(_ pairs: [(name: String, value: String)]) -> String {
        pairs.map { encodeComponent($0.name) + "=" + encodeComponent($0.value) }.joined(separator: "&")
    }

    /// Escapes everything but ASCII letters, digits and `*-._`; a space becomes `+`.
    public static func encodeComponent(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "*"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"):
                out.append(byte)
            case UInt8(ascii: " "):
                out.append(UInt8(ascii: "+"))
            default:
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// nil when an escape is malformed or the result is not UTF-8.
    private static func unescape(_ bytes: ArraySlice<UInt8>) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "+"):
                out.append(UInt8(ascii: " "))
                index += 1
            case UInt8(ascii: "%"):
                guard index + 2 < bytes.endIndex,
                      let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2])
                else { return nil }
                out.append(high << 4 | low)
                index += 3
            default:
                out.append(byte)
                index += 1
            }
        }
        return String(validating: out, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

/// A form body or query string that could not be decoded; `name` is the pair's name (raw when
/// the name itself was the problem), so an endpoint can answer 400 naming the parameter.
public struct FormURLEncodingError: Error, Sendable, CustomStringConvertible {
    public let name: String
    public let message: String
    public var description: String { message }
}
