import PluginKit
import WebChatLogic

/// An error answer of the widget's endpoints: `{"error": code, "message": ..., "field"?: ...}`.
/// Routes throw it; `WebChatPlugin.handle` turns it into the response (with CORS headers) in one place.
struct WidgetFailure: Error {
    var status: Int
    var code: String
    var message: String
    var field: String?
    /// With 429: when to try again.
    var retryAfterSeconds: Int? = nil

    func response(headers: [(name: String, value: String)]) -> PluginHTTPResponse {
        var body: JSONObject = ["error": .string(code), "message": .string(message)]
        if let field { body["field"] = .string(field) }
        // Also in the body: a cross-origin page cannot read Retry-After (not a CORS-safelisted header).
        if let retryAfterSeconds { body["retry_after_seconds"] = .from(retryAfterSeconds) }
        let retry = retryAfterSeconds.map { [(name: "Retry-After", value: String($0))] } ?? []
        return .json(status, .object(body), headers: headers + retry)
    }

    static func tooMany(_ what: String, retryAfterMs: Int64) -> WidgetFailure {
        let seconds = Int(max(1, (retryAfterMs + 999) / 1000))
        return WidgetFailure(status: 429, code: "rate_limited", message: "too many \(what); try again in \(seconds) s", retryAfterSeconds: seconds)
    }

    static func invalid(_ error: FieldError) -> WidgetFailure {
        WidgetFailure(status: 400, code: "invalid_field", message: error.description, field: error.field)
    }

    static func invalid(_ field: String, _ message: String) -> WidgetFailure { invalid(FieldError(field, message)) }

    static func unauthorized(_ field: String, _ message: String) -> WidgetFailure {
        WidgetFailure(status: 401, code: "unauthorized", message: "\(field) \(message)", field: field)
    }

    static let originNotAllowed = WidgetFailure(
        status: 403, code: "origin_not_allowed", message: "this widget may not be used from this page's origin (see allowed_origins)",
        field: "Origin")

    static func notFound(_ message: String) -> WidgetFailure { WidgetFailure(status: 404, code: "not_found", message: message) }

    static func conflict(_ field: String, _ message: String) -> WidgetFailure {
        WidgetFailure(status: 409, code: "conflict", message: "\(field) \(message)", field: field)
    }

    static func tooLarge(limit: Int) -> WidgetFailure {
        WidgetFailure(status: 413, code: "too_large", message: "file is larger than the widget's limit of \(limit) bytes", field: "file")
    }

    static func unsupportedType(_ type: String) -> WidgetFailure {
        WidgetFailure(status: 415, code: "unsupported_type", message: "content_type \(type.isEmpty ? "(none)" : type) is not accepted by this widget",
                      field: "content_type")
    }

    static let notJSON = WidgetFailure(status: 415, code: "unsupported_media_type",
                                       message: "the body must be JSON (Content-Type: application/json)", field: "Content-Type")

    /// Temporary: the widget retries.
    static let unavailable = WidgetFailure(status: 503, code: "unavailable", message: "temporarily unavailable; try again shortly")
}
