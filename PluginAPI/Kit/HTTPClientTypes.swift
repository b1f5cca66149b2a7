/// An outbound HTTP request for `PluginHost.http` (the host makes it with libcurl).
public struct HTTPRequestSpec: Sendable {
    public var method: String
    /// An absolute http(s) URL.
    public var url: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// The whole request; 0 means the host default (10 s).
    public var timeoutMs: UInt32
    /// 0 means the host default (3 s).
    public var connectTimeoutMs: UInt32
    /// "user:password", or empty.
    public var basicAuth: String
    /// The URL was chosen by a user (an outbound attachment's url), not built from the configuration:
    /// the host applies its network guard (SB_HTTP_USER_URL, ABI 1.3). Never set for provider API calls.
    public var userChosenURL: Bool

    public init(method: String, url: String, headers: [(name: String, value: String)] = [], body: [UInt8] = [],
                timeoutMs: UInt32 = 0, connectTimeoutMs: UInt32 = 0, basicAuth: String = "", userChosenURL: Bool = false) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeoutMs = timeoutMs
        self.connectTimeoutMs = connectTimeoutMs
        self.basicAuth = basicAuth
        self.userChosenURL = userChosenURL
    }
}

/// What the remote server answered, whatever the status code. Transport failures are thrown
/// instead (`PluginError.io` / `.timeout`).
public struct HTTPResult: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first header with this name, compared case-insensitively.
    public func header(_ name: String) -> String? { headers.first { asciiCaseInsensitiveEquals($0.name, name) }?.value }

    /// The body as UTF-8 text (invalid bytes become U+FFFD).
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}
