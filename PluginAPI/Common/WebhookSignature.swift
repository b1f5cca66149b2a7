/// The signature Switchboard puts on every webhook it sends (the API channel's replies and the
/// host's event webhooks): `v1=` + lowercase hex HMAC-SHA256, keyed with the receiver's secret, of
/// "<unix seconds>.<raw body>". One implementation, so both senders sign the same way.
public enum WebhookSignature {
    /// The `X-Switchboard-Signature` value for `body` sent at `timestamp` (Unix seconds).
    public static func header(secret: String, timestamp: Int64, body: String) -> String {
        "v1=" + Crypto.hmacSHA256Hex(key: secret, message: "\(timestamp).\(body)")
    }

    /// While a rotated secret's overlap lasts, one signature per secret, newest first:
    /// `v1=<with the new secret>,v1=<with the old one>`.
    public static func header(secrets: [String], timestamp: Int64, body: String) -> String {
        secrets.map { header(secret: $0, timestamp: timestamp, body: body) }.joined(separator: ",")
    }

    /// A receiver's check (used by tests and examples): constant-time, no clock check. Any one of
    /// the comma-separated signatures made with `secret` passes, so a receiver holding either the
    /// old or the new secret accepts deliveries throughout a rotation.
    public static func verify(secret: String, timestamp: String, body: String, signature: String) -> Bool {
        guard let seconds = Int64(timestamp) else { return false }
        let expected = Self.header(secret: secret, timestamp: seconds, body: body)
        return signature.split(separator: ",").contains { Crypto.constantTimeEquals(expected, String($0)) }
    }
}
