import SwitchboardSupport
import SwitchboardTransport

/// Slack's error answer: HTTP 200 with `{"ok": false, "error": "<code>"}` (the status says
/// nothing; the code says everything), except rate limits: HTTP 429 with `Retry-After` and
/// `{"ok": false, "error": "ratelimited"}`.
struct SlackAPIError: Error {
    var code: String
    var retryAfterSeconds: Int?

    init(_ code: String, retryAfterSeconds: Int? = nil) {
        self.code = code
        self.retryAfterSeconds = retryAfterSeconds
    }

    func response() -> HTTPResponse {
        let body: JSON = ["ok": false, "error": .string(code)]
        guard let retryAfterSeconds else { return .json(200, body) }
        var response = HTTPResponse.json(429, body)
        response.headers.append(("Retry-After", String(retryAfterSeconds)))
        return response
    }
}
