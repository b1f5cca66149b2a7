import SwitchboardSupport

/// The step between a matching password and the second factor: a short-lived token the browser
/// sends back with the code. Only its SHA-256 is stored; it dies after a few wrong codes.
extension Store {
    public static let challengeLifetimeMs: Int64 = 5 * 60_000
    public static let challengeFailuresAllowed = 5

    /// A new challenge for the agent whose password matched; the token is returned once.
    public func createSignInChallenge(agentID: String, now: Int64 = Clock.nowMillis()) throws -> (token: String, expiresAt: Int64) {
        let token = "sbc_" + Crypto.randomHex(bytes: 32)
        let expires = now + Self.challengeLifetimeMs
        try write { db in
            try db.run("DELETE FROM sign_in_challenges WHERE expires_at <= ?", [.integer(now)])
            try db.run("INSERT INTO sign_in_challenges (token_hash, agent_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
                       [.text(Crypto.sha256Hex(token)), .text(agentID), .integer(now), .integer(expires)])
        }
        return (token, expires)
    }

    /// The agent a live challenge belongs to (an active one), or nil.
    public func signInChallenge(token: String, now: Int64 = Clock.nowMillis()) throws -> Agent? {
        try read { db in
            guard let agentID = try db.queryOne("SELECT agent_id FROM sign_in_challenges WHERE token_hash = ? AND expires_at > ? AND failures < ?",
                                                [.text(Crypto.sha256Hex(token)), .integer(now), .integer(Int64(Self.challengeFailuresAllowed))], { $0.text(0) })
            else { return nil }
            return try Self.loadAgents(db, where: "id = ? AND deactivated_at IS NULL", [.text(agentID)]).first
        }
    }

    /// A wrong code: counts against the challenge, which ends at the limit.
    public func challengeFailed(token: String) throws {
        try write { db in try db.run("UPDATE sign_in_challenges SET failures = failures + 1 WHERE token_hash = ?", [.text(Crypto.sha256Hex(token))]) }
    }

    /// The second factor matched: the challenge is spent.
    public func endSignInChallenge(token: String) throws {
        try write { db in try db.run("DELETE FROM sign_in_challenges WHERE token_hash = ?", [.text(Crypto.sha256Hex(token))]) }
    }
}
