import SwitchboardCommon

/// Base64url without padding (RFC 4648 §5), as JOSE and Web Push write keys and tokens.
public enum Base64URL {
    public static func encode(_ bytes: [UInt8]) -> String {
        var text = Crypto.base64(bytes)
        while text.hasSuffix("=") { text.removeLast() }
        return String(text.map { $0 == "+" ? "-" : $0 == "/" ? "_" : $0 })
    }

    /// Unpadded or padded base64url back to bytes; nil for anything else (standard base64's + and / included).
    public static func decode(_ text: String) -> [UInt8]? {
        guard !text.contains("+"), !text.contains("/") else { return nil }
        var standard = String(text.map { $0 == "-" ? "+" : $0 == "_" ? "/" : $0 })
        while standard.utf8.count % 4 != 0 { standard += "=" }
        return Crypto.base64Decode(standard)
    }
}
