import SwitchboardCommon
import SwitchboardPluginAPI

/// The encodings of encode()/decode()/percent_encode() not already in Crypto or FormURLEncoding.
enum TextEncodings {
    static func encode(_ bytes: [UInt8], _ encoding: Int32) -> String? {
        switch encoding {
        case SB_ENCODING_HEX: return Crypto.hex(bytes)
        case SB_ENCODING_BASE64: return Crypto.base64(bytes)
        case SB_ENCODING_BASE64URL:
            return String(Crypto.base64(bytes).compactMap { c -> Character? in
                c == "+" ? "-" : c == "/" ? "_" : c == "=" ? nil : c
            })
        default: return nil
        }
    }

    static func decode(_ text: [UInt8], _ encoding: Int32) -> Result<[UInt8], DecodeFailure> {
        switch encoding {
        case SB_ENCODING_HEX:
            guard text.count % 2 == 0 else { return .failure(.init(message: "odd number of hex digits")) }
            var out: [UInt8] = []
            out.reserveCapacity(text.count / 2)
            var i = 0
            while i < text.count {
                guard let hi = hexValue(text[i]), let lo = hexValue(text[i + 1]) else {
                    return .failure(.init(message: "not a hex digit at byte \(i)"))
                }
                out.append(hi << 4 | lo)
                i += 2
            }
            return .success(out)
        case SB_ENCODING_BASE64, SB_ENCODING_BASE64URL:
            var standard = text.map { b -> UInt8 in
                encoding == SB_ENCODING_BASE64URL ? (b == UInt8(ascii: "-") ? UInt8(ascii: "+") : b == UInt8(ascii: "_") ? UInt8(ascii: "/") : b) : b
            }
            if encoding == SB_ENCODING_BASE64URL { while standard.count % 4 != 0 { standard.append(UInt8(ascii: "=")) } }
            guard let out = Crypto.base64Decode(String(decoding: standard, as: UTF8.self)) else {
                return .failure(.init(message: "not valid base64"))
            }
            return .success(out)
        default: return .failure(.init(message: "unknown encoding \(encoding)"))
        }
    }

    /// RFC 3986 unreserved bytes kept; in form mode a space is '+'.
    static func percentEncode(_ bytes: [UInt8], form: Bool) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        for b in bytes {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.append(b)
            case UInt8(ascii: " ") where form: out.append(UInt8(ascii: "+"))
            default: out += [UInt8(ascii: "%"), hex[Int(b >> 4)], hex[Int(b & 0x0F)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 48...57: return b - 48
        case 97...102: return b - 87
        case 65...70: return b - 55
        default: return nil
        }
    }

    struct DecodeFailure: Error { let message: String }
}
