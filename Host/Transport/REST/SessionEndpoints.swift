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
            Route(method: "DELETE", pattern: "/api/v1/session", access: .any, handler: signOut),
        ]
    }

    func signIn(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let body = try r.jsonBody()
        guard let email = try optionalString(body, "email"), !email.isEmpty else { throw .badRequest("email", "is required") }
        guard let password = try optionalString(body, "password"), !password.isEmpty else { throw .badRequest("password", "is required") }
        if let wait = guardian.retryAfter(email: email, address: r.http.remoteAddress) {
            var refused = HTTPResponse.error(429, "too_many_attempts", "too many failed sign-ins; try again in \(wait) s")
            refused.headers.append(("Retry-After", "\(wait)"))
            return refused
        }
        guard let attempt = try storeCall({ try guardian.withHashingPermit { try store.signIn(email: email, password: password, policy: policy) } })
        else { throw APIError(status: 503, code: "unavailable", message: "too many sign-ins at once; try again shortly") }
        // One answer for an unknown email, a wrong password and a deactivated agent: no account probing.
        guard let signIn = attempt else {
            guardian.failed(email: email, address: r.http.remoteAddress)
            throw APIError(status: 401, code: "unauthorized", message: "wrong email or password")
        }
        guardian.succeeded(email: email)
        var response = HTTPResponse.json(201, Present.me(signIn.agent, session: signIn.session, policy: policy))
        response.headers.append(("Set-Cookie", SessionCookie.set(signIn.token, secure: secureCookie)))
        response.headers.append(("Cache-Control", "no-store"))
        return response
    }

    /// Ends the caller's browser session and clears the cookie; with an API key there is no
    /// session to end, and the answer is the same.
    func signOut(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        if let session = r.caller?.session { _ = try storeCall { try store.endSession(id: session.id) } }
        return HTTPResponse(status: 204, headers: [("Set-Cookie", SessionCookie.clear(secure: secureCookie))])
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
