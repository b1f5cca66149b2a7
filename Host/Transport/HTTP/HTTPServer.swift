import CShims
import SwitchboardSupport

/// A request as the server received it. The body is borrowed: valid only while the handler runs.
public struct HTTPRequest {
    public var method: String
    public var path: String
    public var headers: [(String, String)]
    public var query: [(String, String)]
    public var body: UnsafeRawBufferPointer
    public var remoteAddress: String
    /// "http", or "https" when a trusted proxy says the client used TLS (ForwardedClient).
    public var scheme = "http"

    public func header(_ name: String) -> String? {
        headers.first { $0.0.caseInsensitiveEquals(name) }?.1
    }

    public func queryValue(_ name: String) -> String? { query.first { $0.0 == name }?.1 }

    public var bodyBytes: [UInt8] { Array(body) }
}

/// A response; the server copies it. With `stream` set, the body is produced while the connection stays open.
public struct HTTPResponse {
    public var status: Int
    public var contentType: String?
    public var body: [UInt8]
    public var headers: [(String, String)]
    public var stream: HTTPStream?

    public init(status: Int, contentType: String? = nil, body: [UInt8] = [], headers: [(String, String)] = []) {
        self.status = status
        self.contentType = contentType
        self.body = body
        self.headers = headers
    }

    /// A body produced over time (Server-Sent Events), by `stream.next` on the connection's thread.
    public static func streaming(_ status: Int, contentType: String, headers: [(String, String)] = [], _ stream: HTTPStream) -> HTTPResponse {
        var response = HTTPResponse(status: status, contentType: contentType, headers: headers)
        response.stream = stream
        return response
    }

    public static func json(_ status: Int, _ value: JSON) -> HTTPResponse {
        HTTPResponse(status: status, contentType: "application/json", body: Array(value.serialized.utf8))
    }

    public static func text(_ status: Int, _ text: String, contentType: String = "text/plain; charset=utf-8") -> HTTPResponse {
        HTTPResponse(status: status, contentType: contentType, body: Array(text.utf8))
    }

    /// The one error shape of the API: {"error": code, "message": text, "field": name?}.
    public static func error(_ status: Int, _ code: String, _ message: String, field: String? = nil) -> HTTPResponse {
        var body: JSONObject = ["error": .string(code), "message": .string(message)]
        if let field { body["field"] = .string(field) }
        return json(status, .object(body))
    }
}

public struct HTTPServerOptions: Sendable {
    public var bindAddress = "127.0.0.1"
    public var port: UInt16 = 8080
    /// Room for a chat upload or an email with attachments (channels enforce their own, smaller limits).
    public var maxBodyBytes = 12 << 20
    public var connectionTimeoutSeconds: UInt32 = 60
    /// Every open widget stream is a connection: room for 10,000 of them by default.
    public var connectionLimit: UInt32 = 16_384
    /// Peers whose forwarding headers give the client's address and scheme (`--trusted-proxies`).
    public var trustedProxies: [IPNetwork] = []
    public init() {}
}

/// libmicrohttpd, a thread per connection: handlers may block (durable commits, long polls).
public final class HTTPServer: @unchecked Sendable {
    public typealias Handler = @Sendable (HTTPRequest) -> HTTPResponse
    private var server: OpaquePointer?
    private let handler: Handler
    private let forwarded: ForwardedClient
    public private(set) var port: UInt16 = 0

    public init(options: HTTPServerOptions, handler: @escaping Handler) throws {
        self.handler = handler
        forwarded = ForwardedClient(trustedProxies: options.trustedProxies)
        var errorBuffer = [CChar](repeating: 0, count: 256)
        let started: OpaquePointer? = options.bindAddress.withCString { address in
            var c = sbs_server_options(bind_address: address, port: options.port, max_body_bytes: options.maxBodyBytes,
                                       connection_timeout_s: options.connectionTimeoutSeconds,
                                       connection_limit: options.connectionLimit)
            return sbs_server_start(&c, { user, request, response in
                let server = Unmanaged<HTTPServer>.fromOpaque(user!).takeUnretainedValue()
                server.dispatch(request!.pointee, response!)
            }, Unmanaged.passUnretained(self).toOpaque(), &errorBuffer, errorBuffer.count)
        }
        guard let started else {
            throw HTTPServerError(message: "\(options.bindAddress):\(options.port): " + String(decoding: errorBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        server = started
        port = sbs_server_port(started)
    }

    public func stop() {
        if let server { sbs_server_stop(server) }
        server = nil
    }

    private func dispatch(_ raw: sbs_request, _ response: OpaquePointer) {
        var headers: [(String, String)] = []
        headers.reserveCapacity(raw.header_count)
        for i in 0..<raw.header_count {
            headers.append((String(cString: raw.headers[i].name), String(cString: raw.headers[i].value)))
        }
        var query: [(String, String)] = []
        for i in 0..<raw.query_count {
            query.append((String(cString: raw.query[i].name), String(cString: raw.query[i].value)))
        }
        var request = HTTPRequest(method: String(cString: raw.method), path: String(cString: raw.path), headers: headers,
                                  query: query, body: UnsafeRawBufferPointer(start: raw.body, count: raw.body_len),
                                  remoteAddress: String(cString: raw.remote_address))
        forwarded.apply(to: &request)
        let reply = handler(request)
        if let stream = reply.stream {
            sbs_response_stream(response, Int32(reply.status), reply.contentType, { user, buffer, max in
                Unmanaged<HTTPStream>.fromOpaque(user!).takeUnretainedValue().read(into: buffer!, max: max)
            }, { user in
                Unmanaged<HTTPStream>.fromOpaque(user!).takeRetainedValue().finish()
            }, Unmanaged.passRetained(stream).toOpaque())
            for (name, value) in reply.headers { sbs_response_add_header(response, name, value) }
            return
        }
        reply.body.withUnsafeBufferPointer { body in
            body.withMemoryRebound(to: CChar.self) { chars in
                sbs_response_set(response, Int32(reply.status), reply.contentType, chars.baseAddress, chars.count)
            }
        }
        for (name, value) in reply.headers { sbs_response_add_header(response, name, value) }
    }
}

/// A response body produced while the connection stays open.
///
/// `next` runs on the connection's own thread (a thread per connection) and may block:
/// it returns the next bytes to send, or nil to end the response. It should return
/// within a few seconds (a heartbeat) so a client that went away is noticed when the
/// write fails. `finished` runs once when the connection ends, whoever ended it.
public final class HTTPStream: @unchecked Sendable {
    private let next: () -> [UInt8]?
    private let finished: () -> Void
    private var pending: [UInt8] = []
    private var offset = 0

    public init(next: @escaping () -> [UInt8]?, finished: @escaping () -> Void = {}) {
        self.next = next
        self.finished = finished
    }

    /// Copy up to max bytes into buffer: the byte count, or -1 at the end. One connection thread calls it.
    fileprivate func read(into buffer: UnsafeMutablePointer<CChar>, max: Int) -> Int {
        while offset == pending.count {
            guard let bytes = next() else { return -1 }
            pending = bytes
            offset = 0
        }
        let count = min(max, pending.count - offset)
        pending.withUnsafeBufferPointer { source in
            UnsafeMutableRawPointer(buffer).copyMemory(from: source.baseAddress! + offset, byteCount: count)
        }
        offset += count
        return count
    }

    fileprivate func finish() { finished() }
}

public struct HTTPServerError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { "cannot start the HTTP server: \(message)" }
}

extension String {
    func caseInsensitiveEquals(_ other: String) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        return zip(utf8, other.utf8).allSatisfy { a, b in
            a == b || (a | 0x20 == b | 0x20 && (a | 0x20) >= 0x61 && (a | 0x20) <= 0x7A)
        }
    }
}
