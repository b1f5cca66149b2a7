import SwitchboardSupport
import SwitchboardTransport

/// Request handling: record, serve the CDN, then Graph's order of checks for API calls —
/// version, token, throttling — before the endpoint itself.
extension FakeGraphAPI {
    func handle(_ request: HTTPRequest) -> HTTPResponse {
        let record = Request(request)
        state.withLock { $0.received.append(record) }
        if request.path.hasPrefix(FakeCDN.pathPrefix) { return serveMedia(record) }
        if request.path.hasPrefix(WhatsAppState.mediaPathPrefix) { return serveWhatsAppMedia(record) }
        do {
            return try route(record)
        } catch let error as GraphError {
            return error.response()
        } catch {
            return GraphError.param("\(error)").response()
        }
    }

    private func route(_ request: Request) throws -> HTTPResponse {
        // "/v23.0/<id>[/<edge>]": anything else, a missing or other version included, is unknown.
        let parts = request.path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
        guard parts.count >= 2, parts[0] == version, !parts[1].isEmpty else {
            // Graph names what follows a version it does not know ("/v99.0/me" → "/me").
            let versioned = parts.first.map { $0.count > 1 && $0.hasPrefix("v") && $0.dropFirst().allSatisfy { $0.isNumber || $0 == "." } } ?? false
            throw GraphError.unknownPath(versioned ? "/" + parts.dropFirst().joined(separator: "/") : request.path)
        }
        let params = try GraphParams(request)
        try authenticate(request, params)
        try consumeRateLimit()
        let id = try resolveMe(parts[1])
        if let answer = try routeWhatsApp(request, id: id, edge: parts.count == 3 ? parts[2] : nil, depth: parts.count, params) { return answer }
        switch (request.method, parts.count == 3 ? parts[2] : nil, parts.count) {
        case ("POST", "messages", 3): return try send(from: id, params)
        case ("POST", "message_attachments", 3): return try upload(to: id, params)
        case ("GET", nil, 2): return try lookUp(id, fields: request.queryValue("fields"))
        case (_, _, 2): throw GraphError.unsupported(request.method, id: id)
        default:
            guard isAsset(id) else { throw GraphError.unsupported(request.method, id: id) }
            throw GraphError.unknownPath("/" + parts.dropFirst(2).joined(separator: "/"))
        }
    }

    /// `Authorization: Bearer <token>` (or Graph's older `OAuth <token>`), else an `access_token`
    /// parameter in the query or the body.
    func authenticate(_ request: Request, _ params: GraphParams) throws {
        var token = params.accessToken ?? request.queryValue("access_token")
        if let header = request.header("Authorization") {
            for scheme in ["Bearer ", "OAuth "] where header.hasPrefix(scheme) { token = String(header.dropFirst(scheme.count)) }
        }
        guard let token, !token.isEmpty else { throw GraphError.tokenRequired }
        guard token == accessToken else { throw GraphError.invalidToken }
        if state.withLock({ $0.tokenRevoked }) { throw GraphError.revokedToken }
    }

    private func consumeRateLimit() throws {
        let limited = state.withLock { state -> Bool in
            guard state.rateLimited > 0 else { return false }
            state.rateLimited -= 1
            return true
        }
        if limited { throw GraphError.rateLimited }
    }

    /// `me` with a Page (or Instagram) token is that asset; with several assets registered the
    /// fake cannot tell which one, so plugins must use the id.
    private func resolveMe(_ id: String) throws -> String {
        guard id == "me" else { return id }
        let assets = state.withLock { Array($0.pages.keys) + Array($0.instagramAccounts.keys) }
        guard assets.count == 1 else {
            throw GraphError.param("An active access token must be used to query information about the current user. (fake: register exactly one asset to use /me)")
        }
        return assets[0]
    }

    func isAsset(_ id: String) -> Bool {
        state.withLock { $0.pages[id] != nil || $0.instagramAccounts[id] != nil }
    }

    func isInstagram(_ id: String) -> Bool { state.withLock { $0.instagramAccounts[id] != nil } }
}

/// The parameters of a call: a JSON body, a url-encoded form (JSON values decoded, as Graph
/// takes `recipient={"id":"…"}`), or multipart/form-data (fields and file parts).
struct GraphParams {
    var fields: JSONObject = [:]
    var files: [MultipartFormData.Part] = []
    var accessToken: String? { fields["access_token"]?.stringValue }

    init(_ request: FakeGraphAPI.Request) throws {
        guard !request.body.isEmpty else { return }
        let contentType = (request.header("Content-Type") ?? "").lowercased()
        if contentType.hasPrefix("application/json") {
            guard let parsed = try? JSON.parse(request.body), case .object(let object) = parsed else {
                throw GraphError.param("The request body is not a JSON object")
            }
            fields = object
        } else if contentType.hasPrefix("application/x-www-form-urlencoded") {
            guard let pairs = try? FormURLEncoding.decode(bytes: request.body) else { throw GraphError.param("Malformed form body") }
            for (name, value) in pairs { fields[name] = Self.decodeValue(value) }
        } else if let boundary = MultipartFormData.boundary(contentType: request.header("Content-Type") ?? "") {
            guard let parts = try? MultipartFormData.decode(request.body, boundary: boundary) else {
                throw GraphError.param("Malformed multipart body")
            }
            for part in parts {
                if part.filename != nil { files.append(part) } else { fields[part.name] = Self.decodeValue(part.text) }
            }
        } else {
            throw GraphError.param("Unsupported Content-Type \(contentType.isEmpty ? "(none)" : contentType)")
        }
    }

    /// A form value that is a JSON object or array is one; anything else stays a string.
    private static func decodeValue(_ text: String) -> JSON {
        if let first = text.first, first == "{" || first == "[", let parsed = try? JSON.parse(text) { return parsed }
        return .string(text)
    }
}
