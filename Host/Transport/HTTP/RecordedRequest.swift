/// An owned copy of an `HTTPRequest`, kept after the handler returns: what the loopback fake
/// providers record of every request they receive, whatever they answered, for tests to inspect.
public struct RecordedRequest: Sendable {
    public var method: String
    public var path: String
    public var query: [(String, String)]
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(_ request: HTTPRequest) {
        self.init(method: request.method, path: request.path, query: request.query, headers: request.headers, body: request.bodyBytes)
    }

    public init(method: String, path: String, query: [(String, String)], headers: [(String, String)], body: [UInt8]) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    public var text: String { String(decoding: body, as: UTF8.self) }
    public func header(_ name: String) -> String? { headers.first { $0.0.caseInsensitiveEquals(name) }?.1 }
    public func queryValue(_ name: String) -> String? { query.first { $0.0 == name }?.1 }
}
