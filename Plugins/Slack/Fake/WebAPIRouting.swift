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
