import PluginKit

/// Login with Amazon: the seller's refresh token exchanged for a one-hour access token
/// (`POST /auth/o2/token`, form `grant_type=refresh_token`, providers.md §5.1). The token is kept in
/// memory only (never stored, never logged) and fetched again ahead of its expiry.
final class LoginWithAmazon: @unchecked Sendable {
    enum Failure: Error, Equatable {
        /// LWA refused the app or the refresh token (invalid_grant, invalid_client, 401): the
        /// seller must authorise again — the instance needs reconnecting.
        case refused(String)
        /// Unreachable, 429 or 5xx: try again later.
        case unavailable(String)

        var reason: String {
            switch self {
            case .refused(let why), .unavailable(let why): why
            }
        }
    }

    /// Fetched again when less than this is left, so a call never starts with a token about to lapse.
    static let refreshAheadMs: Int64 = 5 * 60_000

    private let host: PluginHost
    private let lock = PluginLock()
    private var cached: (token: String, expiresAtMs: Int64, forRefreshToken: String)?   // guarded by lock

    init(host: PluginHost) { self.host = host }

    /// A valid access token for `config`'s seller: the cached one, else a new one from LWA.
    func accessToken(_ config: AmazonConfig, timeoutMs: UInt32, nowMs: Int64 = Clock.nowMillis()) throws(Failure) -> String {
        if let cached = lock.withLock({ cached }), cached.forRefreshToken == config.refreshToken,
           cached.expiresAtMs - Self.refreshAheadMs > nowMs {
            return cached.token
        }
        let body = FormURLEncoding.encode([("grant_type", "refresh_token"), ("refresh_token", config.refreshToken),
                                           ("client_id", config.lwaClientID), ("client_secret", config.lwaClientSecret)])
        let answer: HTTPResult
        do {
            answer = try host.http(HTTPRequestSpec(method: "POST", url: config.lwaBaseURL + "/auth/o2/token",
                                                   headers: [("Content-Type", "application/x-www-form-urlencoded;charset=UTF-8"),
                                                             ("Accept", "application/json")],
                                                   body: Array(body.utf8), timeoutMs: timeoutMs))
        } catch {
            throw .unavailable("Login with Amazon unreachable: \(error)")
        }
        let json = try? JSON.parse(answer.bodyText)
        switch answer.status {
        case 200..<300:
            guard let token = json?["access_token"]?.stringValue, !token.isEmpty else {
                throw .unavailable("Login with Amazon answered without an access_token")
            }
            let lifetime = Int64(json?["expires_in"]?.intValue ?? 3600)
            lock.withLock { cached = (token, nowMs + lifetime * 1000, config.refreshToken) }
            return token
        case 400, 401, 403:
            // {"error": "invalid_grant", "error_description": "The request has an invalid grant parameter : refresh_token"}
            let code = json?["error"]?.stringValue ?? "HTTP \(answer.status)"
            let description = json?["error_description"]?.stringValue.map { ": " + $0 } ?? ""
            throw .refused("Login with Amazon refused the credentials (\(code)\(description)): authorise the app again in Seller Central")
        default:
            throw .unavailable("Login with Amazon answered HTTP \(answer.status)")
        }
    }

    /// The SP-API said the token is not (or no longer) valid: the next call fetches another.
    func forget() { lock.withLock { cached = nil } }
}
