import CCrypto

/// Hashing and signatures through libcrypto (OpenSSL): never hand-rolled.
public enum Crypto {
    public static func sha256(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        _ = SHA256(bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count, &digest)
        return digest
    }

    public static func sha256Hex(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { hex(sha256($0)) }
    }

    public static func sha256Hex(_ text: String) -> String { sha256Hex(Array(text.utf8)) }

    public static func hmacSHA256(key: [UInt8], message: [UInt8]) -> [UInt8] { hmac(EVP_sha256(), key: key, message: message) }

    /// HMAC-SHA1: still what some providers sign with (Twilio's X-Twilio-Signature, Meta's
    /// legacy X-Hub-Signature), and RFC 6238 TOTP, whose authenticator apps default to it.
    /// Never for a signature of our own.
    public static func hmacSHA1(key: [UInt8], message: [UInt8]) -> [UInt8] { hmac(EVP_sha1(), key: key, message: message) }

    private static func hmac(_ md: OpaquePointer?, key: [UInt8], message: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        key.withUnsafeBufferPointer { k in
            message.withUnsafeBufferPointer { m in
                _ = HMAC(md, k.baseAddress, Int32(k.count), m.baseAddress, m.count, &digest, &length)
            }
        }
        return Array(digest.prefix(Int(length)))
    }

    public static func hmacSHA256Hex(key: String, message: String) -> String {
        hex(hmacSHA256(key: Array(key.utf8), message: Array(message.utf8)))
    }

    /// Compare secrets without leaking where they differ through timing.
    public static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<a.count { diff |= a[i] ^ b[i] }
        return diff == 0
    }

    public static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        constantTimeEquals(Array(a.utf8), Array(b.utf8))
    }

    /// Random bytes from the system's CSPRNG (salts, tokens).
    public static func randomBytes(_ count: Int) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        guard RAND_bytes(&buffer, Int32(count)) == 1 else {
            // RAND_bytes only fails when the system has no entropy source at all.
            fatalError("RAND_bytes failed: no entropy source")
        }
        return buffer
    }

    /// A random token from the system's CSPRNG, as lowercase hex.
    public static func randomHex(bytes count: Int) -> String { hex(randomBytes(count)) }

    /// Standard base64 with padding (RFC 4648 §4), through libcrypto's EVP_EncodeBlock.
    public static func base64(_ bytes: [UInt8]) -> String {
        guard !bytes.isEmpty else { return "" }
        var out = [UInt8](repeating: 0, count: (bytes.count + 2) / 3 * 4 + 1)
        let written = bytes.withUnsafeBufferPointer { EVP_EncodeBlock(&out, $0.baseAddress, Int32($0.count)) }
        return String(decoding: out.prefix(Int(written)), as: UTF8.self)
    }

    /// Standard padded base64 back to bytes; nil for anything else (wrong length, other
    /// characters). EVP_DecodeBlock counts padding as zero bytes, so those are dropped here.
    public static func base64Decode(_ text: String) -> [UInt8]? {
        let input = Array(text.utf8)
        guard !input.isEmpty else { return [] }
        guard input.count % 4 == 0 else { return nil }
        var out = [UInt8](repeating: 0, count: input.count / 4 * 3)
        let written = input.withUnsafeBufferPointer { EVP_DecodeBlock(&out, $0.baseAddress, Int32($0.count)) }
        guard written >= 0 else { return nil }
        let padding = input.reversed().prefix { $0 == UInt8(ascii: "=") }.count
        guard padding <= 2 else { return nil }
        return Array(out.prefix(Int(written) - padding))
    }

    public static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
