import SwitchboardSupport
import SwitchboardTransport

/// Request handling in Slack's order: record, then for `/api/<method>` the token (Bearer
/// header, or a `token` argument), the rate limit, and the method; `/files/<id>/<name>` serves a
/// private file to the bot token only (Slack answers anything else with a login page, 302).
extension FakeSlack {
    func handle(_ request: HTTPRequest) -> HTTPResponse {
        let arguments = Self.arguments(request)
        let record = Request(method: request.method, path: request.path, headers: request.headers, arguments: arguments)
        state.withLock { $0.received.append(record) }
        if request.path.hasPrefix("/files/") { return serveFile(record) }
        if request.path.hasPrefix(Self.avatarPrefix) { return Self.avatar() }
        if request.path.hasPrefix(Self.controlPrefix) { return control(request) }
        guard request.path.hasPrefix("/api/") else { return .text(404, "no such path") }
        do {
            try authenticate(record)
            let method = String(request.path.dropFirst("/api/".count))
            try consumeRateLimit(method)
            return .json(200, try call(method, arguments))
        } catch let error as SlackAPIError {
            return error.response()
        } catch {
            return SlackAPIError("internal_error").response()
        }
    }

    private func authenticate(_ request: Request) throws {
        var token = request.arguments["token"]
        if let header = request.header("Authorization"), header.hasPrefix("Bearer ") { token = String(header.dropFirst("Bearer ".count)) }
        guard let token, !token.isEmpty else { throw SlackAPIError("not_authed") }
        guard token == botToken else { throw SlackAPIError("invalid_auth") }
        if state.withLock({ $0.tokenRevoked }) { throw SlackAPIError("token_revoked") }
    }

    private func consumeRateLimit(_ method: String) throws {
        let after = state.withLock { state -> Int? in
            guard let left = state.rateLimited[method], left > 0 else { return nil }
            state.rateLimited[method] = left - 1
            return state.retryAfterSeconds
        }
        if let after { throw SlackAPIError("ratelimited", retryAfterSeconds: after) }
    }

    private func serveFile(_ request: Request) -> HTTPResponse {
        let id = request.path.split(separator: "/").dropFirst().first.map(String.init) ?? ""
        guard request.header("Authorization") == "Bearer \(botToken)", !state.withLock({ $0.tokenRevoked }) else {
            return HTTPResponse(status: 302, headers: [("Location", "https://slack.com/signin")])
        }
        guard let file = state.withLock({ $0.files[id] }) else { return .text(404, "file_not_found") }
        return HTTPResponse(status: 200, contentType: file.contentType, body: file.bytes)
    }

    /// Profile pictures are public on Slack's CDN: no token.
    static let avatarPrefix = "/avatars/"

    /// A small PNG (1×1), as Slack's CDN answers for a profile picture.
    static func avatar() -> HTTPResponse {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01,
                            0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41,
                            0x54, 0x78, 0x9C, 0x63, 0x60, 0x60, 0xF8, 0x0F, 0x00, 0x01, 0x04, 0x01, 0x00, 0x5F, 0xE5, 0xC3, 0x4B, 0x00, 0x00, 0x00,
                            0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82]
        return HTTPResponse(status: 200, contentType: "image/png", body: png)
    }

    /// Slack takes arguments form-encoded, or as JSON for write methods.
    static func arguments(_ request: HTTPRequest) -> [String: String] {
        var arguments: [String: String] = [:]
        for (name, value) in request.query { arguments[name] = value }
        let body = request.bodyBytes
        if request.header("Content-Type")?.hasPrefix("application/json") == true, let json = try? JSON.parse(body), let object = json.objectValue {
            for (key, value) in object { arguments[key] = value.stringValue ?? value.serialized }
        } else if let pairs = try? FormURLEncoding.decode(bytes: body) {
            for pair in pairs { arguments[pair.name] = pair.value }
        }
        return arguments
    }
}
