/// The signature Switchboard puts on every webhook it sends (the API channel's replies and the
/// host's event webhooks): `v1=` + lowercase hex HMAC-SHA256, keyed with the receiver's secret, of
/// "<unix seconds>.<raw body>". One implementation, so both senders sign the same way.
public enum WebhookSignature {
    /// The `X-Switchboard-Signature` value for `body` sent at `timestamp` (Unix seconds).
    public static func header(secret: String, timestamp: Int64, body: String) -> String {
        "v1=" + Crypto.hmacSHA256Hex(key: secret, message: "\(timestamp).\(body)")
    }

    /// A receiver's check (used by tests and examples): constant-time, no clock check.
    public static func verify(secret: String, timestamp: String, body: String, signature: String) -> Bool {
        guard let seconds = Int64(timestamp) else { return false }
        return Crypto.constantTimeEquals(Self.header(secret: secret, timestamp: seconds, body: body), signature)
    }
}
