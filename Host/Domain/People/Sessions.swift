import SwitchboardSupport

/// How long a browser session lives: it ends after `idleMs` without a request, and at the
/// latest `absoluteMs` after sign-in, whatever the activity.
public struct SessionPolicy: Sendable, Equatable {
    public var idleMs: Int64
    public var absoluteMs: Int64
    /// `last_seen_at` is written at most this often, so a request costs a read, not a write.
    /// The idle limit is therefore exact to within this much.
    public var touchEveryMs: Int64

    public init(idleMs: Int64, absoluteMs: Int64, touchEveryMs: Int64) {
        self.idleMs = idleMs
        self.absoluteMs = absoluteMs
        self.touchEveryMs = touchEveryMs
    }

    /// 12 hours idle, 7 days at most.
    public static let standard = SessionPolicy(idleMs: 12 * 3_600_000, absoluteMs: 7 * 86_400_000, touchEveryMs: 5 * 60_000)

    public func isLive(_ session: Session, now: Int64) -> Bool {
        now < endsAt(session)
    }

    /// When the session ends if no further request comes.
    public func endsAt(_ session: Session) -> Int64 {
        min(session.expiresAt, session.lastSeenAt + idleMs)
    }
}

/// A signed-in browser. The token lives only in the browser's cookie; the store keeps its SHA-256.
public struct Session: Sendable, Equatable {
    /// SHA-256 (hex) of the token: the row's key.
    public var id: String
    public var agentID: String
    /// Unsafe requests made with the cookie must echo this in X-CSRF-Token.
    public var csrfToken: String
    public var createdAt: Int64
    /// The absolute end: sign-in plus `SessionPolicy.absoluteMs`.
    public var expiresAt: Int64
    public var lastSeenAt: Int64
}

/// A successful sign-in: the person, the new session, and the token for the cookie (shown once).
public struct SignIn: Sendable {
    public var agent: Agent
    public var session: Session
    public var token: String
}

extension Store {
    /// Check email and password; a new session when they match an active agent with a password.
    /// nil for an unknown email, a wrong password, a deactivated agent or one without a password
    /// alike, after the same hashing work, so the answer tells nothing about which accounts exist.
    public func signIn(email: String, password: String, policy: SessionPolicy = .standard, now: Int64 = Clock.nowMillis()) throws -> SignIn? {
        guard let agentID = try agentID(email: email, password: password) else { return nil }
        return try startSession(agentID: agentID, policy: policy, now: now)
    }

    /// The first step of sign-in: the active agent whose password this is, or nil (unknown email,
    /// wrong password, deactivated, no password: the same hashing work and the same nil).
    public func agentID(email: String, password: String) throws -> String? {
        let found = try credentials(email: email)
        let matches = PasswordHash.verify(password, against: found?.hash ?? PasswordHash.decoy)
        guard matches, let found, found.hash != nil else { return nil }
        return found.agentID
    }

    /// A new session for an active agent; nil when the agent is unknown or deactivated (also when
    /// deactivated since its password was checked). Clears sessions that have ended meanwhile.
    public func startSession(agentID: String, policy: SessionPolicy = .standard, now: Int64 = Clock.nowMillis()) throws -> SignIn? {
        let token = "sbs_" + Crypto.randomHex(bytes: 32)
        let session = Session(id: Crypto.sha256Hex(token), agentID: agentID, csrfToken: Crypto.randomHex(bytes: 32),
                              createdAt: now, expiresAt: now + policy.absoluteMs, lastSeenAt: now)
        return try write { db in
            try db.run("DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at <= ?", [.integer(now), .integer(now - policy.idleMs)])
            guard let agent = try Self.loadAgents(db, where: "id = ? AND deactivated_at IS NULL", [.text(agentID)]).first else { return nil }
            try db.run("INSERT INTO sessions (token_hash, agent_id, csrf_token, created_at, expires_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?)",
                       [.text(session.id), .text(agentID), .text(session.csrfToken), .integer(now), .integer(session.expiresAt), .integer(now)])
            return SignIn(agent: agent, session: session, token: token)
        }
    }

    /// The live session a cookie token names, with its active agent; nil when the token is
    /// unknown, the session has ended, or the agent is deactivated. Records the request time
    /// (at most every `touchEveryMs`).
    public func session(token: String, policy: SessionPolicy = .standard, now: Int64 = Clock.nowMillis()) throws -> (session: Session, agent: Agent)? {
        let id = Crypto.sha256Hex(token)
        let found = try read { db -> (Session, Agent)? in
            guard let session = try db.queryOne("SELECT token_hash, agent_id, csrf_token, created_at, expires_at, last_seen_at FROM sessions WHERE token_hash = ?",
                                                [.text(id)], Self.sessionRow),
                  let agent = try Self.loadAgents(db, where: "id = ? AND deactivated_at IS NULL", [.text(session.agentID)]).first
            else { return nil }
            return (session, agent)
        }
        guard let (stored, agent) = found, policy.isLive(stored, now: now) else { return nil }
        var session = stored
        if now - session.lastSeenAt >= policy.touchEveryMs {
            // A failed touch only shortens the idle window; it must not fail the request.
            if (try? write({ db in try db.run("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?", [.integer(now), .text(id)]) })) != nil {
                session.lastSeenAt = now
            }
        }
        return (session, agent)
    }

    /// Sign out. False when there was no such session.
    @discardableResult
    public func endSession(id: String) throws -> Bool {
        try write { db in
            try db.run("DELETE FROM sessions WHERE token_hash = ?", [.text(id)])
            return db.changes > 0
        }
    }

    static func sessionRow(_ r: Row) -> Session {
        Session(id: r.text(0), agentID: r.text(1), csrfToken: r.text(2), createdAt: r.int(3), expiresAt: r.int(4), lastSeenAt: r.int(5))
    }
}
