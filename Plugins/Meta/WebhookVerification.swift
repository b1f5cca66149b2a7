import PluginKit

/// The two checks Meta's webhooks need, the same for every Meta product: the GET subscription
/// handshake, and the signature of each POST. Neither stores anything.
public enum WebhookVerification {
    /// GET: Meta proves it knows the URL by asking us to echo `hub.challenge`, and we prove we
    /// expected it by checking `hub.verify_token`. 200 with exactly the challenge as plain text;
    /// anything else 403.
    public static func handshake(query: String, verifyToken: String) -> PluginHTTPResponse {
        guard let items = try? FormURLEncoding.decode(query) else { return .text(403, "verification failed") }
        func value(_ name: String) -> String? { items.first { $0.name == name }?.value }
        guard value("hub.mode") == "subscribe", let token = value("hub.verify_token"), let challenge = value("hub.challenge"),
              Crypto.constantTimeEquals(token, verifyToken)
        else { return .text(403, "verification failed") }
        return PluginHTTPResponse(status: 200, contentType: "text/plain", body: Array(challenge.utf8))
    }

    /// The header Meta signs each POST with.
    public static let signatureHeader = "X-Hub-Signature-256"

    /// Whether `header` ("sha256=<hex>") is the HMAC-SHA256 of the raw body under the app secret.
    /// Compared over the raw bytes (Meta signs the body as sent, escapes and all) and in constant
    /// time.
    public static func isSigned(body: [UInt8], header: String?, appSecret: String) -> Bool {
        guard let header, header.hasPrefix("sha256=") else { return false }
        let given = header.dropFirst("sha256=".count).lowercased()
        let expected = Crypto.hex(Crypto.hmacSHA256(key: Array(appSecret.utf8), message: body))
        return Crypto.constantTimeEquals(given, expected)
    }

    /// nil when the POST is Meta's; otherwise the 401 to answer.
    public static func rejectUnsigned(_ request: PluginHTTPRequest, appSecret: String) -> PluginHTTPResponse? {
        guard let header = request.header(signatureHeader) else {
            return .json(401, ["error": .string("missing \(signatureHeader)")])
        }
        return isSigned(body: request.body, header: header, appSecret: appSecret)
            ? nil : .json(401, ["error": .string("\(signatureHeader) does not match the body")])
    }
}
