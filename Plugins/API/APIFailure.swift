import PluginKit

/// An error answer of the REST endpoints: `{"error": code, "message": ..., "field"?: ...}`.
/// Thrown by the routes and turned into the response in one place.
struct APIFailure: Error {
    var status: Int
    var code: String
    var message: String
    var field: String?
    var headers: [(name: String, value: String)] = []

    var response: PluginHTTPResponse {
        var body: JSONObject = ["error": .string(code), "message": .string(message)]
        if let field { body["field"] = .string(field) }
        return .json(status, .object(body), headers: headers)
    }

    static let unauthorized = APIFailure(
        status: 401, code: "unauthorized", message: "send the instance's API key as \"Authorization: Bearer <key>\"",
        headers: [("WWW-Authenticate", "Bearer")])
    static let unsupportedMediaType = APIFailure(
        status: 415, code: "unsupported_media_type", message: "the body must be JSON (Content-Type: application/json)")
    static let tooLarge = APIFailure(status: 413, code: "too_large", message: "the body is larger than 1 MiB")
    /// Temporary: the integrator should retry later with the same request.
    static let unavailable = APIFailure(
        status: 503, code: "unavailable", message: "temporarily unavailable; retry the same request later",
        headers: [("Retry-After", "5")])

    static func invalidJSON(_ message: String) -> APIFailure {
        APIFailure(status: 400, code: "invalid_json", message: message)
    }

    static func invalidField(_ error: FieldError) -> APIFailure {
        APIFailure(status: 400, code: "invalid_field", message: "\(error.field) \(error.message)", field: error.field)
    }

    /// Rejected as a whole, with no single field to blame.
    static func invalidMessage(_ message: String) -> APIFailure {
        APIFailure(status: 400, code: "invalid_message", message: message)
    }

    static func notFound(_ message: String) -> APIFailure { APIFailure(status: 404, code: "not_found", message: message) }
    static func forbidden(_ message: String) -> APIFailure { APIFailure(status: 403, code: "forbidden", message: message) }
}

extension PluginHTTPRequest {
    /// The body as a JSON object, or the 415/413/400 answer explaining why not.
    func jsonObjectBody() throws(APIFailure) -> JSONObject {
        guard mediaType == "application/json" else { throw .unsupportedMediaType }
        guard body.count <= 1 << 20 else { throw .tooLarge }
        let value: JSON
        do {
            value = try JSON.parse(body)
        } catch {
            throw .invalidJSON("the body is not valid JSON: \(error)")
        }
        guard let object = value.objectValue else { throw .invalidJSON("the body must be a JSON object") }
        return object
    }
}
