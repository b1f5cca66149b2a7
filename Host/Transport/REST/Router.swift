import SwitchboardDomain
import SwitchboardSupport

/// Who is calling, once their API key (or browser session) checked out.
public struct Caller: Sendable {
    public var role: Role
    /// A display name for logs: the key's or the agent's.
    public var name: String
    /// The person behind the call: a session, or a personal token.
    public var agentID: String?
    public var apiKeyID: String?
    /// For integrators: the channel instances they own.
    public var channelInstanceIDs: [String]
    /// The browser session the call came with (cookie), if any.
    public var session: Session?
    /// A session of an agent the two-factor policy covers who has not enrolled yet: it may only
    /// enrol, read itself and sign out (`Router.enrolmentRoutes`).
    public var mustEnrolSecondFactor = false
    /// An integrator key an admin allowed to export and erase contacts.
    public var dataRequestsGranted = false

    public init(apiKey: APIKeyInfo) {
        role = apiKey.role
        name = apiKey.name
        agentID = apiKey.agentID
        apiKeyID = apiKey.id
        dataRequestsGranted = apiKey.dataRequests
        channelInstanceIDs = apiKey.channelInstanceIDs
    }

    /// A signed-in browser: the agent, with their role.
    public init(session: Session, agent: Agent) {
        role = agent.role
        name = agent.name
        agentID = agent.id
        channelInstanceIDs = []
        self.session = session
    }

    /// What the caller may see.
    public var viewer: Viewer {
        switch role {
        case .admin: .everyone
        case .agent: .agent(agentID ?? "")
        case .integrator: .integrator(channelInstanceIDs)
        }
    }

    /// Who did it, as recorded on events: "agent:<id>" for people, "key:<id>" for API keys.
    public var actor: String { agentID.map { "agent:\($0)" } ?? "key:\(apiKeyID ?? name)" }

    /// Exports and erasure of a customer's data: admins, and integrator keys an admin granted it.
    public var mayHandleDataRequests: Bool { role == .admin || (role == .integrator && dataRequestsGranted) }

    /// Integrators may act only on their own channel instances.
    public func mayAccess(channelInstanceID: String) -> Bool {
        role != .integrator || channelInstanceIDs.contains(channelInstanceID)
    }
}

/// An answer a handler gives up with: status, code, message, and the field it concerns.
public struct APIError: Error, Sendable {
    public var status: Int
    public var code: String
    public var message: String
    public var field: String?

    public static func badRequest(_ field: String, _ message: String) -> APIError {
        APIError(status: 400, code: "invalid_field", message: "\(field): \(message)", field: field)
    }
    public static func notFound(_ message: String) -> APIError { APIError(status: 404, code: "not_found", message: message) }
    public static func conflict(_ message: String) -> APIError { APIError(status: 409, code: "conflict", message: message) }
    public static let forbidden = APIError(status: 403, code: "forbidden", message: "this role may not do that")

    var response: HTTPResponse { .error(status, code, message, field: field) }
}

/// A REST request after routing: path parameters, the caller, and body helpers.
public struct APIRequest {
    public var http: HTTPRequest
    public var parameters: [String: String]
    public var caller: Caller?

    public func parameter(_ name: String) -> String { parameters[name] ?? "" }

    /// What the caller may see; open routes see nothing.
    public var viewer: Viewer { caller?.viewer ?? .integrator([]) }
    /// Who is acting, for events.
    public var actor: String { caller?.actor ?? "anonymous" }

    /// The body as a JSON object; 415/400 with a clear message otherwise.
    public func jsonBody() throws(APIError) -> JSONObject {
        if let type = http.header("Content-Type"), !type.lowercased().hasPrefix("application/json") {
            throw APIError(status: 415, code: "unsupported_media_type", message: "send the body as application/json")
        }
        let parsed: JSON
        do { parsed = try JSON.parse(UnsafeBufferPointer(start: http.body.baseAddress?.assumingMemoryBound(to: UInt8.self), count: http.body.count)) } catch {
            throw APIError(status: 400, code: "invalid_json", message: "the body is not valid JSON: \(error)")
        }
        guard let object = parsed.objectValue else { throw APIError(status: 400, code: "invalid_json", message: "the body must be a JSON object") }
        return object
    }

    /// The JSON body, or an empty object when there is none (actions whose fields are all optional).
    public func optionalJSONBody() throws(APIError) -> JSONObject {
        http.body.isEmpty ? JSONObject() : try jsonBody()
    }

    /// A boolean query parameter: absent is nil; only `true` and `false` are accepted (not `null`,
    /// `1` or an empty value), as the document's `type: boolean` says.
    public func boolQuery(_ name: String) throws(APIError) -> Bool? {
        switch http.queryValue(name) {
        case nil: return nil
        case "true": return true
        case "false": return false
        default: throw .badRequest(name, "must be true or false")
        }
    }

    public func intQuery(_ name: String, default fallback: Int, range: ClosedRange<Int>) throws(APIError) -> Int {
        guard let raw = http.queryValue(name) else { return fallback }
        guard let value = Int(raw), range.contains(value) else {
            throw .badRequest(name, "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }
}

public enum Access: Sendable {
    case open        // no key (health, OpenAPI, sign-in)
    case any         // any valid key or session
    case people      // admins and agents (sessions, personal tokens): not integrator keys
    case admin       // admin keys and admins only
}

/// One REST endpoint. The route table is also the source the OpenAPI test checks against.
public struct Route: Sendable {
    public var method: String
    public var pattern: String
    public var access: Access
    public var handler: @Sendable (APIRequest) throws(APIError) -> HTTPResponse

    fileprivate var segments: [Substring] { pattern.split(separator: "/") }

    func match(_ path: String) -> [String: String]? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        let pattern = segments
        guard parts.count == pattern.count else { return nil }
        var parameters: [String: String] = [:]
        for (p, s) in zip(pattern, parts) {
            if p.hasPrefix("{") { parameters[String(p.dropFirst().dropLast())] = String(s) } else if p != s { return nil }
        }
        return parameters
    }
}

/// Matches a request to a route, checks the caller (API key or session cookie) and the role,
/// runs the handler.
public struct Router: Sendable {
    public let routes: [Route]
    let store: Store
    let sessionPolicy: SessionPolicy
    let audit: AdminAudit

    public init(routes: [Route], store: Store, sessionPolicy: SessionPolicy = .standard, log: Logger = Logger("router")) {
        self.routes = routes
        self.store = store
        self.sessionPolicy = sessionPolicy
        audit = AdminAudit(store: store, log: log)
    }

    public func handle(_ http: HTTPRequest) -> HTTPResponse {
        let candidates = routes.compactMap { route in route.match(http.path).map { (route, $0) } }
        guard !candidates.isEmpty else { return .error(404, "not_found", "no endpoint \(http.path)") }
        guard let (route, parameters) = candidates.first(where: { $0.0.method == http.method }) else {
            var response = HTTPResponse.error(405, "method_not_allowed", "\(http.method) is not allowed on \(http.path)")
            response.headers.append(("Allow", candidates.map(\.0.method).joined(separator: ", ")))
            return response
        }
        var request = APIRequest(http: http, parameters: parameters, caller: nil)
        if route.access != .open {
            do { request.caller = try admit(http, to: route.access) } catch {
                var response = error.response
                if error.status == 401 { response.headers.append(("WWW-Authenticate", "Bearer")) }
                return response
            }
            if request.caller?.mustEnrolSecondFactor == true, !Self.enrolmentRoutes.contains(route.method + " " + route.pattern) {
                return .error(403, "two_factor_enrolment_required", "set up two-factor sign-in first (POST /api/v1/me/two-factor/totp)")
            }
        }
        let response: HTTPResponse
        do { response = try route.handler(request) } catch { response = error.response }
        audit.record(route, request, status: response.status)
        return response
    }

    /// The caller, when their role may use a route with this access.
    func admit(_ http: HTTPRequest, to access: Access) throws(APIError) -> Caller {
        let caller = try authenticate(http)
        switch access {
        case .admin where caller.role != .admin, .people where caller.role == .integrator: throw .forbidden
        default: return caller
        }
    }

    /// The caller: a bearer API key, else the session cookie. With the cookie, an unsafe method
    /// must echo the session's CSRF token, so another site cannot act with a browser's cookie.
    func authenticate(_ http: HTTPRequest) throws(APIError) -> Caller {
        if let key = bearerToken(http) {
            guard let info = try? store.authenticate(apiKey: key) else { throw Self.unauthorized }
            var caller = Caller(apiKey: info)
            // A personal token speaks for its agent: replies and logs show the person, not the token.
            if let agentID = info.agentID, let agent = try? store.agent(id: agentID) { caller.name = agent.name }
            return caller
        }
        guard let token = http.cookie(SessionCookie.name) else { throw Self.unauthorized }
        guard let (session, agent) = try? store.session(token: token, policy: sessionPolicy) else {
            throw APIError(status: 401, code: "unauthorized", message: "the session has ended: sign in again")
        }
        if !["GET", "HEAD", "OPTIONS"].contains(http.method) {
            guard let sent = http.header("X-CSRF-Token"), Crypto.constantTimeEquals(sent, session.csrfToken) else {
                throw APIError(status: 403, code: "csrf_failed", message: "send the session's csrf_token in the X-CSRF-Token header")
            }
        }
        var caller = Caller(session: session, agent: agent)
        if !agent.twoFactorEnabled, (try? store.twoFactorPolicy().contains(agent.role)) == true { caller.mustEnrolSecondFactor = true }
        return caller
    }

    /// What a session that must enrol a second factor may still do.
    static let enrolmentRoutes: Set<String> = [
        "GET /api/v1/me", "GET /api/v1/me/two-factor", "POST /api/v1/me/two-factor/totp", "POST /api/v1/me/two-factor/totp/confirm",
        "DELETE /api/v1/session",
    ]

    static let unauthorized = APIError(status: 401, code: "unauthorized",
                                       message: "send a valid API key as \"Authorization: Bearer <key>\", or sign in")

    func bearerToken(_ http: HTTPRequest) -> String? {
        guard let header = http.header("Authorization"), header.count > 7, header.prefix(7).lowercased() == "bearer " else { return nil }
        return header.dropFirst(7).trimmingASCIIWhitespace()
    }
}

