/// The answer to a `PluginHTTPRequest`. The host copies it into its own response.
public struct PluginHTTPResponse: Sendable {
    public var status: Int
    public var contentType: String
    /// Extra headers (Content-Type is set from `contentType`).
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// ABI 1.2: set (by `stream(_:headers:)`) to keep the connection open instead of sending `body`.
    public var stream: PluginStream?
    /// ABI 1.3: set (by `later(_:)`) to answer from another thread instead of now.
    public var answerLater: (@Sendable (DeferredResponse) -> Void)?

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

    /// ABI 1.2: a body that stays open (see `PluginStream`); status 200.
    public static func stream(_ stream: PluginStream, headers: [(name: String, value: String)] = []) -> Self {
        var response = Self(status: 200, contentType: stream.contentType, headers: headers)
        response.stream = stream
        return response
    }

    /// ABI 1.3: answer later. `start` runs on the handle_http thread once the host keeps the
    /// request; answer it exactly once with `DeferredResponse.answer`, from any thread (an ingest
    /// completion). The handle_http call returns meanwhile; the host answers 503 if the instance
    /// stops first. A host older than 1.3 holds the handle_http thread until the answer instead.
    public static func later(_ start: @escaping @Sendable (DeferredResponse) -> Void) -> Self {
        var response = Self(status: 0)
        response.answerLater = start
        return response
    }

    /// Adds a header, keeping the ones already set.
    public func adding(header name: String, _ value: String) -> Self {
        var copy = self
        copy.headers.append((name, value))
        return copy
    }
}
