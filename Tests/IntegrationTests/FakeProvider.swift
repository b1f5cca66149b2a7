import Foundation
import SwitchboardSupport
import SwitchboardTransport

/// A loopback HTTP server for provider fakes: records every request, answers with a handler.
final class FakeProvider: @unchecked Sendable {
    struct Received {
        var method: String
        var path: String
        var headers: [(String, String)]
        var body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
        func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
    }

    private var server: HTTPServer!
    let received = Locked<[Received]>([])
    var port: UInt16 { server.port }
    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// `port` 0 picks a free one; a given port brings a provider back where it was (an outage that ends).
    init(port: UInt16 = 0, _ handler: @escaping @Sendable (Received) -> HTTPResponse) throws {
        var options = HTTPServerOptions()
        options.port = port
        let log = received
        server = try HTTPServer(options: options) { request in
            let r = Received(method: request.method, path: request.path, headers: request.headers, body: request.bodyBytes)
            log.withLock { $0.append(r) }
            return handler(r)
        }
    }

    func stop() { server.stop() }
    deinit { server?.stop() }
}
