/// The answer to a `PluginHTTPRequest`. The host copies it into its own response.
public struct PluginHTTPResponse: Sendable {
    public var status: Int
    public var contentType: String
    /// Extra headers (Content-Type is set from `contentType`).
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: Int, contentType: String = "", headers: [(name: String, value: String)] = [],
                body: [UInt8] = []) {
        self.status = status
        self.contentType = contentType
        self.headers = headers
        self.body = body
    }

    /// A compact JSON body with Content-Type application/json.
    public static func json(_ status: Int, _ value: JSON, headers: [(name: String, value: String)] = []) -> Self {
        Self(status: status, contentType: "application/json", headers: headers, body: Array(value.serialized.utf8))
    }

    /// A body already serialized as JSON text.
    public static func json(_ status: Int, text: String, headers: [(name: String, value: String)] = []) -> Self {
        Self(status: status, contentType: "application/json", headers: headers, body: Array(text.utf8))
    }

    public static func text(_ status: Int, _ text: String) -> Self {
        Self(status: status, contentType: "text/plain; charset=utf-8", body: Array(text.utf8))
    }

    /// Adds a header, keeping the ones already set.
    public func adding(header name: String, _ value: String) -> Self {
        var copy = self
        copy.headers.append((name, value))
        return copy
    }
}
