import PluginKit
import WebChatLogic

/// The JSON object a widget endpoint was sent, read field by field; a JSON null counts as absent.
struct RequestBody {
    let object: JSONObject

    static let maxBytes = 64 * 1024

    /// An empty body reads as {} (POST /session may send nothing).
    init(_ request: PluginHTTPRequest) throws(WidgetFailure) {
        guard !request.body.isEmpty else { object = [:]; return }
        guard request.mediaType == "application/json" || request.mediaType == "text/plain" else { throw .notJSON }
        guard request.body.count <= Self.maxBytes else {
            throw WidgetFailure(status: 413, code: "too_large", message: "the body is larger than 64 KiB", field: "body")
        }
        guard let value = try? JSON.parse(request.body), let object = value.objectValue else {
            throw .invalid("body", "must be a JSON object")
        }
        self.object = object
    }

    func string(_ key: String, max: Int = 4096) throws(WidgetFailure) -> String? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let text = value.stringValue else { throw .invalid(key, "must be a string") }
        guard text.unicodeScalars.count <= max else { throw .invalid(key, "must be at most \(max) characters") }
        return text
    }

    /// A string that is present and not blank, or the 400 naming it.
    func required(_ key: String, max: Int = 4096) throws(WidgetFailure) -> String {
        guard let text = try string(key, max: max), !text.trimmingASCIIWhitespace().isEmpty else { throw .invalid(key, "is required") }
        return text
    }

    func int64(_ key: String) throws(WidgetFailure) -> Int64? {
        guard let value = object[key], !value.isNull else { return nil }
        if let n = value.doubleValue, n >= 0, n == n.rounded(), n < 9e15 { return Int64(n) }
        if let s = value.stringValue, let n = Int64(s), n >= 0 { return n }
        throw .invalid(key, "must be a message id (a non-negative integer)")
    }

    func bool(_ key: String) throws(WidgetFailure) -> Bool? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let flag = value.boolValue else { throw .invalid(key, "must be true or false") }
        return flag
    }
}
