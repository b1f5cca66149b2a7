import SwitchboardSupport
import SwitchboardTransport

/// Telegram's error envelope: `{"ok": false, "error_code": N, "description": "..."}` with the
/// same N as the HTTP status, and `parameters.retry_after` on a 429.
struct BotAPIError: Error {
    var code: Int
    var description: String
    var retryAfter: Int?

    static func badRequest(_ what: String) -> BotAPIError { BotAPIError(code: 400, description: "Bad Request: \(what)") }

    func response() -> HTTPResponse {
        var body: JSONObject = ["ok": false, "error_code": .number(Double(code)), "description": .string(description)]
        if let retryAfter { body["parameters"] = ["retry_after": .number(Double(retryAfter))] }
        return .json(code, .object(body))
    }
}
