import SwitchboardSupport

/// Meta's webhook signing, exactly as Meta does it: HMAC of the raw body bytes keyed with the
/// App Secret, lowercase hex, in `X-Hub-Signature-256: sha256=<hex>` and the legacy
/// `X-Hub-Signature: sha1=<hex>` (providers.md §2.1).
public enum MetaWebhookSigner {
    /// "sha256=" + lowercase hex HMAC-SHA256(key: appSecret, message: body).
    public static func signature256(body: [UInt8], appSecret: String) -> String {
        "sha256=" + Crypto.hex(Crypto.hmacSHA256(key: Array(appSecret.utf8), message: body))
    }

    /// "sha1=" + lowercase hex HMAC-SHA1(key: appSecret, message: body): the legacy header.
    public static func signature1(body: [UInt8], appSecret: String) -> String {
        "sha1=" + Crypto.hex(Crypto.hmacSHA1(key: Array(appSecret.utf8), message: body))
    }

    /// POSTs `body` to `url` as Meta sends a webhook: `Content-Type: application/json`, both
    /// signature headers over the exact bytes sent, Meta's user agent. Returns the receiver's
    /// status and body text. Throws when the receiver cannot be reached in time.
    public static func post(_ body: String, to url: String, appSecret: String, timeoutMs: Int = 10_000) throws -> (status: Int, text: String) {
        let bytes = Array(body.utf8)
        let request = HTTPClientRequest(method: "POST", url: url, headers: [
            ("Content-Type", "application/json"),
            ("User-Agent", "facebookexternalua"),
            ("X-Hub-Signature-256", signature256(body: bytes, appSecret: appSecret)),
            ("X-Hub-Signature", signature1(body: bytes, appSecret: appSecret)),
        ], body: bytes, timeoutMs: timeoutMs)
        let response = try HTTPClient.perform(request)
        return (response.status, response.text)
    }
}
