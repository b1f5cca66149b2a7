import SwitchboardDomain
import SwitchboardSupport

/// Browser sign-in and sign-out. The session token travels only in an HttpOnly cookie; the
/// answer carries the CSRF token the browser's code must echo on unsafe requests.
struct SessionEndpoints {
    let store: Store
    let policy: SessionPolicy
    /// Mark the cookie Secure: the host is reached over https (its public base URL says so).
    let secureCookie: Bool
    /// Throttles password guessing and bounds concurrent hashing.
    let guardian: SignInGuard

    var routes: [Route] {
        [
            Route(method: "POST", pattern: "/api/v1/session", access: .open, handler: signIn),
            Route(method: "POST", pattern: "/api/v1/session/second-factor", access: .open, handler: secondFactor),
            Route(method: "DELETE", pattern: "/api/v1/session", access: .any, handler: signOut),
        ]
    }

    /// The password. Without a second factor the answer is the session (201); with one it is a
    /// short-lived challenge (202) to send back with the code to /api/v1/session/second-factor.
    func signIn(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let body = try r.jsonBody()
        guard let email = try optionalString(body, "email"), !email.isEmpty else { throw .badRequest("email", "is required") }
        guard let password = try optionalString(body, "password"), !password.isEmpty else { throw .badRequest("password", "is required") }
        if let refused = try throttled(email: email, r) { return refused }
        guard let attempt = try storeCall({ try guardian.withHashingPermit { try store.agentID(email: email, password: password) } })
        else { throw APIError(status: 503, code: "unavailable", message: "too many sign-ins at once; try again shortly") }
        // One answer for an unknown email, a wrong password and a deactivated agent: no account probing.
        guard let agentID = attempt, let agent = try storeCall({ try store.agent(id: agentID) }) else {
            try storeCall { try guardian.failed(email: email, address: r.http.remoteAddress) }
            throw APIError(status: 401, code: "unauthorized", message: "wrong email or password")
        }
        if agent.twoFactorEnabled {
            // The email's failure count is cleared only once the second factor matched too.
            let challenge = try storeCall { try store.createSignInChallenge(agentID: agent.id) }
            var response = HTTPResponse.json(202, ["second_factor_required": true, "challenge": .string(challenge.token),
                                                   "methods": ["totp", "recovery_code"], "expires_at": .string(Clock.iso8601(challenge.expiresAt))])
            response.headers.append(("Cache-Control", "no-store"))
            return response
        }
        try storeCall { try guardian.succeeded(email: email) }
        return try startSession(agent, r)
    }

    /// The second step: the challenge with a TOTP `code` or a `recovery_code`. A wrong, reused or
    /// expired code is 401 and counts against the same throttle as a wrong password.
    func secondFactor(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let body = try r.jsonBody()
        guard let challenge = try optionalString(body, "challenge"), !challenge.isEmpty else { throw .badRequest("challenge", "is required: the token the password step answered") }
        let code = try optionalString(body, "code").flatMap { $0.isEmpty ? nil : $0 }
        let recovery = try optionalString(body, "recovery_code").flatMap { $0.isEmpty ? nil : $0 }
        guard (code == nil) != (recovery == nil) else { throw .badRequest("code", "send either code (6 digits) or recovery_code") }
        guard let agent = try storeCall({ try store.signInChallenge(token: challenge) }) else {
            throw APIError(status: 401, code: "challenge_expired", message: "this sign-in has expired: enter your password again")
        }
        if let refused = try throttled(email: agent.email, r) { return refused }
        guard try storeCall({ try store.spendSecondFactor(agentID: agent.id, code: code, recoveryCode: recovery) }) else {
            try storeCall { try guardian.failed(email: agent.email, address: r.http.remoteAddress) }
            _ = try? store.challengeFailed(token: challenge)
            throw APIError(status: 401, code: "unauthorized", message: code != nil ? "wrong or already used code" : "wrong or already used recovery code",
                           field: code != nil ? "code" : "recovery_code")
        }
        _ = try? store.endSignInChallenge(token: challenge)
        try storeCall { try guardian.succeeded(email: agent.email) }
        return try startSession(agent, r)
    }

    /// Secure when the host's public URL is https, or a trusted proxy says this request came over TLS.
    private func secure(_ r: APIRequest) -> Bool { secureCookie || r.http.scheme == "https" }

    private func throttled(email: String, _ r: APIRequest) throws(APIError) -> HTTPResponse? {
        guard let wait = try storeCall({ try guardian.retryAfter(email: email, address: r.http.remoteAddress) }) else { return nil }
        var refused = HTTPResponse.error(429, "too_many_attempts", "too many failed sign-ins; try again in \(wait) s")
        refused.headers.append(("Retry-After", "\(wait)"))
        return refused
    }

    private func startSession(_ agent: Agent, _ r: APIRequest) throws(APIError) -> HTTPResponse {
        guard let signIn = try storeCall({ try store.startSession(agentID: agent.id, policy: policy) }) else {
            throw APIError(status: 401, code: "unauthorized", message: "wrong email or password")
        }
        let twoFactor = try storeCall { try store.twoFactorStatus(agentID: signIn.agent.id, role: signIn.agent.role) }
        var response = HTTPResponse.json(201, Present.me(signIn.agent, session: signIn.session, policy: policy, twoFactor: twoFactor))
        response.headers.append(("Set-Cookie", SessionCookie.set(signIn.token, secure: secure(r))))
        response.headers.append(("Cache-Control", "no-store"))
        return response
    }

    /// Ends the caller's browser session and clears the cookie; with an API key there is no
    /// session to end, and the answer is the same.
    func signOut(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        if let session = r.caller?.session { _ = try storeCall { try store.endSession(id: session.id) } }
        return HTTPResponse(status: 204, headers: [("Set-Cookie", SessionCookie.clear(secure: secure(r)))])
    }
}

/// The session cookie: HttpOnly (scripts cannot read it), SameSite=Strict (other sites' requests
/// do not carry it), Secure behind https. No Max-Age: it ends with the browser; the store
/// ends it sooner (`SessionPolicy`).
enum SessionCookie {
    static let name = "sb_session"

    static func set(_ token: String, secure: Bool) -> String {
        "\(name)=\(token); HttpOnly; SameSite=Strict; Path=/" + (secure ? "; Secure" : "")
    }

    static func clear(secure: Bool) -> String {
        "\(name)=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0" + (secure ? "; Secure" : "")
    }
}

extension HTTPRequest {
    /// A cookie's value from the Cookie header ("a=1; b=2"), or nil.
    func cookie(_ name: String) -> String? {
        guard let header = header("Cookie") else { return nil }
        for pair in header.split(separator: ";") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2, parts[0].trimmingASCIIWhitespace() == name {
                let value = parts[1].trimmingASCIIWhitespace()
                return value.isEmpty ? nil : value
            }
        }
        return nil
    }
}
