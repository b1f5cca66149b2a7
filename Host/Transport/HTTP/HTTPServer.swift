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
    /// Set by `later`: the answer comes from any thread afterwards; the other fields are unused.
    public var later: HTTPLaterAnswer?

    public init(status: Int, contentType: String? = nil, body: [UInt8] = [], headers: [(String, String)] = []) {
        self.status = status
        self.contentType = contentType
        self.body = body
        self.headers = headers
    }

    /// A body produced over time (Server-Sent Events), written by the server's stream loop.
    public static func streaming(_ status: Int, contentType: String, headers: [(String, String)] = [], _ stream: HTTPStream) -> HTTPResponse {
        var response = HTTPResponse(status: status, contentType: contentType, headers: headers)
        response.stream = stream
        return response
    }

    /// The answer comes later (`answer.answer(_:)`), and no thread waits for it meanwhile.
    public static func later(_ answer: HTTPLaterAnswer) -> HTTPResponse {
        var response = HTTPResponse(status: 0)
        response.later = answer
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
    /// Open connections at once (idle keep-alive ones included; none holds a thread). Streams
    /// are not counted: they leave for the stream loop once their headers are decided.
    public var connectionLimit: UInt32 = 16_384
    /// Epoll event loops (libmicrohttpd's thread pool) that read and write every connection.
    public var loopThreads: UInt32 = 2
    /// Threads that run handlers, which may block (store commits, plugins built for ABI 1.0–1.2);
    /// a request answered later (`HTTPResponse.later`) holds none while it waits.
    public var workerThreads: UInt32 = 32
    /// At stop, how long requests in flight may still take before the server answers them 503.
    public var drainMs: UInt32 = 5_000
    /// Run the handlers of requests the `runsInline` check accepts on the event-loop thread that
    /// read them (`--http-inline on`). Off by default: it saves CPU per request, but on the shared
    /// 2-core benchmark machine durable ingest answered later and fewer per second with it
    /// (docs/operator-guide.md, "Benchmarks").
    public var inlineHandlers = false
    /// Peers whose forwarding headers give the client's address and scheme (`--trusted-proxies`).
    public var trustedProxies: [IPNetwork] = []
    /// Epoll threads that write every open stream (Server-Sent Events).
    public var streamThreads: UInt32 = 2
    /// Unsent bytes a slow stream client may accumulate before its connection is cut.
    public var maxStreamBacklogBytes = 1 << 20
    public init() {}
}

/// libmicrohttpd in epoll mode: a few event-loop threads serve every connection, so an idle
/// keep-alive connection holds no thread. A complete request's connection is suspended while a
/// bounded pool of workers runs the handler (which may block); a handler that answers `later`
/// frees its worker at once, and the connection waits without a thread. A response that streams
/// leaves the server once the headers are decided: the socket goes to the stream loop.
/// A request `runsInline` accepts (its handler never blocks: it parses and answers or hands off)
/// runs on the event-loop thread instead, saving the hand-off to a worker and back.
public final class HTTPServer: @unchecked Sendable {
    public typealias Handler = @Sendable (HTTPRequest) -> HTTPResponse
    /// Whether the handler of a request (method, path) never blocks; called on a loop thread.
    public typealias InlineCheck = @Sendable (_ method: String, _ path: String) -> Bool
    private var server: OpaquePointer?
    private let handler: Handler
    private let runsInline: InlineCheck?
    private let forwarded: ForwardedClient
    private let streams: StreamLoop
    public private(set) var port: UInt16 = 0

    public init(options: HTTPServerOptions, runsInline: InlineCheck? = nil, handler: @escaping Handler) throws {
        self.handler = handler
        self.runsInline = options.inlineHandlers ? runsInline : nil
        forwarded = ForwardedClient(trustedProxies: options.trustedProxies)
        streams = try StreamLoop(threads: options.streamThreads, maxBacklogBytes: options.maxStreamBacklogBytes)
        var errorBuffer = [CChar](repeating: 0, count: 256)
        let started: OpaquePointer? = options.bindAddress.withCString { address in
            var c = sbs_server_options(bind_address: address, port: options.port, max_body_bytes: options.maxBodyBytes,
                                       connection_timeout_s: options.connectionTimeoutSeconds,
                                       connection_limit: options.connectionLimit, loop_threads: options.loopThreads,
                                       worker_threads: options.workerThreads, drain_ms: options.drainMs,
                                       runs_inline: self.runsInline == nil ? nil : { user, method, path in
                                           let server = Unmanaged<HTTPServer>.fromOpaque(user!).takeUnretainedValue()
                                           return server.runsInline!(String(cString: method!), String(cString: path!)) ? 1 : 0
                                       })
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

    /// Streams open now (served by the stream loop).
    public var openStreams: Int { streams.openCount }

    /// Stop accepting, let requests in flight finish (`drainMs`, then 503), close every
    /// connection, then end every stream.
    public func stop() {
        if let server { sbs_server_stop(server) }
        server = nil
        streams.stop()
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
        if let later = reply.later {
            // The connection stays suspended past this call; the answer, from any thread, resumes it.
            sbs_response_defer(response)
            let held = HeldResponse(pointer: response)
            return later.whenAnswered { Self.answerLater($0, held.pointer) }
        }
        if let stream = reply.stream {
            if streams.detach(response, status: reply.status, contentType: reply.contentType, headers: reply.headers, stream) { return }
            var refusal = HTTPResponse.error(503, "unavailable", "the host cannot open a stream now; retry shortly")
            refusal.headers.append(("Retry-After", "2"))
            return answer(refusal, response)
        }
        answer(reply, response)
    }

    private static func answerLater(_ reply: HTTPResponse, _ response: OpaquePointer) {
        var packed: [UInt8] = []
        var offsets: [(Int, Int)] = []
        for (name, value) in reply.headers {
            let n = packed.count
            packed.append(contentsOf: name.utf8); packed.append(0)
            let v = packed.count
            packed.append(contentsOf: value.utf8); packed.append(0)
            offsets.append((n, v))
        }
        packed.withUnsafeBufferPointer { names in
            names.withMemoryRebound(to: CChar.self) { chars in
                let pairs = offsets.map { sbs_pair(name: chars.baseAddress! + $0.0, value: chars.baseAddress! + $0.1) }
                reply.body.withUnsafeBufferPointer { body in
                    body.withMemoryRebound(to: CChar.self) { bodyChars in
                        _ = sbs_response_answer(response, Int32(reply.status), reply.contentType, bodyChars.baseAddress, bodyChars.count,
                                                pairs, pairs.count)
                    }
                }
            }
        }
    }

    private func answer(_ reply: HTTPResponse, _ response: OpaquePointer) {
        reply.body.withUnsafeBufferPointer { body in
            body.withMemoryRebound(to: CChar.self) { chars in
                sbs_response_set(response, Int32(reply.status), reply.contentType, chars.baseAddress, chars.count)
            }
        }
        for (name, value) in reply.headers { sbs_response_add_header(response, name, value) }
    }
}

/// A deferred sbs_response, valid until sbs_response_answer (which any thread may call).
private struct HeldResponse: @unchecked Sendable {
    let pointer: OpaquePointer
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
