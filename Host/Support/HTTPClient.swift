import CShims
#if canImport(Glibc)
import Glibc
#endif

/// One outbound HTTP call. Every outbound call the host or a plugin makes goes through libcurl here.
public struct HTTPClientRequest: Sendable {
    public var method: String
    public var url: String
    public var headers: [(String, String)]
    public var body: [UInt8]
    public var timeoutMs: Int
    public var connectTimeoutMs: Int
    public var basicAuth: String?
    /// Set for a URL someone else chose: every address connected to must pass it.
    public var addressGuard: NetworkGuard?

    public init(method: String = "GET", url: String, headers: [(String, String)] = [], body: [UInt8] = [],
                timeoutMs: Int = 10_000, connectTimeoutMs: Int = 3_000, basicAuth: String? = nil, addressGuard: NetworkGuard? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeoutMs = timeoutMs
        self.connectTimeoutMs = connectTimeoutMs
        self.basicAuth = basicAuth
        self.addressGuard = addressGuard
    }
}

public struct HTTPClientResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]

    public var text: String { String(decoding: body, as: UTF8.self) }

    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }
}

public enum HTTPClientError: Error, CustomStringConvertible, Sendable {
    case timeout(String)
    case connect(String)
    /// The address guard refused where the URL leads.
    case refused(String)
    case other(String)

    public var description: String {
        switch self {
        case .timeout(let m): "timed out: \(m)"
        case .connect(let m): "could not connect: \(m)"
        case .refused(let m): "refused: \(m) (allow its network with --allow-networks)"
        case .other(let m): m
        }
    }
}

public enum HTTPClient {
    /// Perform a request on this thread's reusable libcurl handle (keep-alive across calls).
    public static func perform(_ request: HTTPClientRequest) throws(HTTPClientError) -> HTTPClientResponse {
        let headerLines = request.headers.map { "\($0.0): \($0.1)" }
        var response = sbc_response()
        var errorBuffer = [CChar](repeating: 0, count: 256)
        let check = request.addressGuard.map(AddressCheck.init)
        let code: Int32 = withCStrings(headerLines) { headerPointers in
            request.body.withUnsafeBufferPointer { body in
                request.method.withCString { method in
                    request.url.withCString { url in
                        withOptionalCString(request.basicAuth) { auth in
                            headerPointers.withUnsafeBufferPointer { headers in
                                var c = sbc_request()
                                c.method = method
                                c.url = url
                                c.headers = headers.baseAddress
                                c.header_count = headers.count
                                c.body = body.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }
                                c.body_len = body.count
                                c.timeout_ms = request.timeoutMs
                                c.connect_timeout_ms = request.connectTimeoutMs
                                c.basic_auth = auth
                                if let check {
                                    c.check_address = AddressCheck.callback
                                    c.check_user = Unmanaged.passUnretained(check).toOpaque()
                                }
                                return withExtendedLifetime(check) { sbc_perform(&c, &response, &errorBuffer, errorBuffer.count) }
                            }
                        }
                    }
                }
            }
        }
        guard code == SBC_OK else {
            if code == SBC_ERR_REFUSED { throw .refused(check?.refusals.joined(separator: "; ") ?? "address not allowed") }
            throw failure(code, errorBuffer)
        }
        defer { sbc_response_free(&response) }
        let body = response.body.map { Array(UnsafeRawBufferPointer(start: $0, count: response.body_len)) } ?? []
        let rawHeaders = response.headers.map {
            String(decoding: UnsafeRawBufferPointer(start: $0, count: response.headers_len), as: UTF8.self)
        } ?? ""
        return HTTPClientResponse(status: response.status, headers: parseHeaderBlock(rawHeaders), body: body)
    }

    /// A shim's result code (not SBC_OK) and the message it wrote, as the error to throw.
    static func failure(_ code: Int32, _ errorBuffer: [CChar]) -> HTTPClientError {
        let message = String(decoding: errorBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        switch code {
        case SBC_ERR_TIMEOUT: return .timeout(message)
        case SBC_ERR_CONNECT: return .connect(message)
        default: return .other(message)
        }
    }

    static func parseHeaderBlock(_ block: String) -> [(String, String)] {
        var headers: [(String, String)] = []
        // "\r\n" is one Character in Swift: split on it as well as on a bare "\n".
        for line in block.split(whereSeparator: { $0 == "\r\n" || $0 == "\n" }) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingASCIIWhitespace()
            let value = line[line.index(after: colon)...].trimmingASCIIWhitespace()
            headers.append((name, value))
        }
        return headers
    }
}

/// The guard as libcurl's socket callback sees it, with the refusals it made (for the error).
/// Used on the one thread running the transfer.
private final class AddressCheck {
    let rule: NetworkGuard
    var refusals: [String] = []

    init(_ rule: NetworkGuard) { self.rule = rule }

    static let callback: sbc_address_check = { user, family, bytes in
        guard let user, let bytes else { return 0 }
        let check = Unmanaged<AddressCheck>.fromOpaque(user).takeUnretainedValue()
        let count = family == AF_INET ? 4 : 16
        guard let address = IPAddress(bytes: Array(UnsafeBufferPointer(start: bytes, count: count))) else { return 0 }
        guard let refusal = check.rule.refusal(for: address) else { return 1 }
        if !check.refusals.contains(refusal) { check.refusals.append(refusal) }
        return 0
    }
}

/// Run body with NUL-terminated copies of strings, valid for the call.
func withCStrings<R>(_ strings: [String], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
    let copies = strings.map { strdup($0) }
    defer { copies.forEach { free($0) } }
    return body(copies.map { UnsafePointer($0) })
}

func withOptionalCString<R>(_ string: String?, _ body: (UnsafePointer<CChar>?) -> R) -> R {
    guard let string else { return body(nil) }
    return string.withCString { body($0) }
}

