/// An HTTP request the host routed to the instance (copied from `sb_http_request`).
public struct PluginHTTPRequest: Sendable {
    public var method: String
    /// The part after /hooks/<instance-id>, starting with "/", without the query string.
    public var path: String
    /// The raw query string, without "?"; may be empty.
    public var query: String
    /// As the client sent them; look them up with `header(_:)`.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    public var remoteAddress: String

    public init(method: String, path: String, query: String = "", headers: [(name: String, value: String)] = [],
                body: [UInt8] = [], remoteAddress: String = "") {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.remoteAddress = remoteAddress
    }

    /// The first header with this name, compared case-insensitively as HTTP requires.
    public func header(_ name: String) -> String? { headers.first { asciiCaseInsensitiveEquals($0.name, name) }?.value }

    /// The body as UTF-8 text (invalid bytes become U+FFFD).
    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// The decoded query parameters, in order; throws naming the first malformed one.
    public func queryItems() throws(FormURLEncodingError) -> [(name: String, value: String)] {
        try FormURLEncoding.decode(query)
    }

    /// The media type of Content-Type, lowercased, without parameters ("application/json").
    public var mediaType: String? {
        guard let value = header("Content-Type") else { return nil }
        let type = value.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return type.trimmingASCIIWhitespace().lowercased()
    }
}

func asciiCaseInsensitiveEquals(_ a: String, _ b: String) -> Bool {
    let x = a.utf8, y = b.utf8
    guard x.count == y.count else { return false }
    return zip(x, y).allSatisfy { lowerASCII($0) == lowerASCII($1) }
}

private func lowerASCII(_ byte: UInt8) -> UInt8 {
    (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
}
