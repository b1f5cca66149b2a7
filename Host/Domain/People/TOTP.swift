import SwitchboardSupport

/// Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP): HMAC-SHA1, 30-second steps,
/// 6 digits — what every authenticator app speaks. The HMAC comes from libcrypto (`Crypto`).
public enum TOTP {
    public static let stepSeconds: Int64 = 30
    public static let digits = 6
    /// Steps either side of now a code is still accepted for (clock drift, typing time).
    public static let drift: Int64 = 1
    /// 160 bits, the key length RFC 4226 recommends for HMAC-SHA1.
    public static let secretBytes = 20

    /// The step (RFC 6238's T) at a Unix time in milliseconds.
    public static func step(at millis: Int64) -> Int64 { millis / 1000 / stepSeconds }

    /// The code for one step: HOTP with the step as the 8-byte big-endian counter, dynamic truncation.
    public static func code(secret: [UInt8], step: Int64) -> String {
        let counter = (0..<8).map { UInt8(truncatingIfNeeded: UInt64(bitPattern: step) >> (56 - 8 * UInt64($0))) }
        let mac = Crypto.hmacSHA1(key: secret, message: counter)
        let offset = Int(mac[mac.count - 1] & 0x0F)
        let binary = (UInt32(mac[offset] & 0x7F) << 24) | (UInt32(mac[offset + 1]) << 16) | (UInt32(mac[offset + 2]) << 8) | UInt32(mac[offset + 3])
        let value = String(binary % 1_000_000)
        return String(repeating: "0", count: digits - value.count) + value
    }

    /// The step a code belongs to within ±`drift` of `now`, latest first; nil when it matches none.
    /// Every candidate is compared in constant time.
    public static func matchingStep(_ code: String, secret: [UInt8], now: Int64) -> Int64? {
        let typed = code.filter { $0 != " " && $0 != "-" }
        guard typed.count == digits, typed.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        let current = step(at: now)
        var found: Int64?
        for candidate in stride(from: current + drift, through: current - drift, by: -1)
        where Crypto.constantTimeEquals(Self.code(secret: secret, step: candidate), typed) && found == nil {
            found = candidate
        }
        return found
    }

    /// What an authenticator app scans: otpauth://totp/Issuer:account?secret=…&issuer=… (the
    /// Key Uri Format every app reads; SHA1, 6 digits and 30 s are its defaults, stated anyway).
    public static func provisioningURI(secret: [UInt8], account: String, issuer: String) -> String {
        let label = percentEncoded(issuer) + ":" + percentEncoded(account)
        return "otpauth://totp/\(label)?secret=\(Base32.encode(secret))&issuer=\(percentEncoded(issuer))&algorithm=SHA1&digits=\(digits)&period=\(stepSeconds)"
    }

    /// RFC 3986 unreserved characters stay; everything else is %XX (UTF-8).
    static func percentEncoded(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            let unreserved = (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
                || byte == 0x2D || byte == 0x2E || byte == 0x5F || byte == 0x7E
            if unreserved { out.append(Character(UnicodeScalar(byte))) } else {
                let hex = Array("0123456789ABCDEF")
                out += "%" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 0x0F)])
            }
        }
        return out
    }
}

/// RFC 4648 base32 without padding, as authenticator apps expect TOTP secrets.
public enum Base32 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    public static func encode(_ bytes: [UInt8]) -> String {
        var out = [UInt8](), buffer = 0, bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | Int(byte)
            bits += 8
            while bits >= 5 {
                out.append(alphabet[(buffer >> (bits - 5)) & 31])
                bits -= 5
            }
        }
        if bits > 0 { out.append(alphabet[(buffer << (5 - bits)) & 31]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Case-insensitive, spaces and padding ignored; nil for any other character.
    public static func decode(_ text: String) -> [UInt8]? {
        var out = [UInt8](), buffer = 0, bits = 0
        for c in text.uppercased().utf8 where c != 0x20 && c != 0x3D {
            guard let value = alphabet.firstIndex(of: c) else { return nil }
            buffer = ((buffer << 5) | value) & 0xFFFF
            bits += 5
            if bits >= 8 {
                out.append(UInt8((buffer >> (bits - 8)) & 0xFF))
                bits -= 8
            }
        }
        return out
    }
}
