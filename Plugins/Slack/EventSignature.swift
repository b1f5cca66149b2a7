import PluginKit

/// Slack's request signing: `X-Slack-Signature: v0=<hex HMAC-SHA256 of "v0:<timestamp>:<raw body>">`
/// under the app's signing secret, with `X-Slack-Request-Timestamp` (Unix seconds) within five
/// minutes of now, so a captured request cannot be replayed later. Nothing is stored on refusal.
enum EventSignature {
    static let signatureHeader = "X-Slack-Signature"
    static let timestampHeader = "X-Slack-Request-Timestamp"
    /// Slack's own recommendation.
    static let windowSeconds: Int64 = 300

    /// "v0=" + lowercase hex HMAC-SHA256(signingSecret, "v0:<timestamp>:" + body).
    static func sign(body: [UInt8], timestamp: String, secret: String) -> String {
        "v0=" + Crypto.hex(Crypto.hmacSHA256(key: Array(secret.utf8), message: Array("v0:\(timestamp):".utf8) + body))
    }

    /// nil when the request is Slack's and fresh; otherwise why not (for a 401).
    static func refusal(_ request: PluginHTTPRequest, secret: String, nowMs: Int64) -> String? {
        guard let timestamp = request.header(timestampHeader)?.trimmingASCIIWhitespace(), let seconds = Int64(timestamp) else {
            return "missing or unreadable \(timestampHeader)"
        }
        guard abs(nowMs / 1000 - seconds) <= windowSeconds else {
            return "\(timestampHeader) is more than five minutes from now (replayed, or a clock is wrong)"
        }
        guard let given = request.header(signatureHeader), given.hasPrefix("v0=") else { return "missing \(signatureHeader)" }
        let expected = sign(body: request.body, timestamp: timestamp, secret: secret)
        return Crypto.constantTimeEquals(given.lowercased(), expected) ? nil : "\(signatureHeader) does not match the body"
    }
}
