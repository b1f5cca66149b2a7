import SwitchboardSupport

/// An agent's second factor as the agent and admins see it.
public struct TwoFactorStatus: Sendable, Equatable {
    /// A confirmed TOTP enrolment: sign-in asks for a code after the password.
    public var enabled: Bool
    /// The admins' policy requires it for the agent's role.
    public var required: Bool
    /// Unused recovery codes left.
    public var recoveryCodesLeft: Int

    /// Required but not enrolled: the session may only enrol (or sign out).
    public var mustEnrol: Bool { required && !enabled }
}

/// A TOTP enrolment waiting for its first code: what the authenticator app needs.
public struct TOTPEnrolment: Sendable {
    public var secret: [UInt8]
    public var uri: String
}

/// Agents' second factor: TOTP (`agent_totp`) and single-use recovery codes (`recovery_codes`).
/// A code is accepted once: the newest accepted step is kept, and no code of it or before counts again.
extension Store {
    public static let recoveryCodeCount = 10
    static let totpIssuer = "Switchboard"

    public func twoFactorStatus(agentID: String, role: Role) throws -> TwoFactorStatus {
        let required = try twoFactorPolicy().contains(role)
        return try read { db in
            let enabled = try db.queryOne("SELECT 1 FROM agent_totp WHERE agent_id = ? AND confirmed_at IS NOT NULL", [.text(agentID)]) { _ in true } ?? false
            let left = try db.queryOne("SELECT COUNT(*) FROM recovery_codes WHERE agent_id = ? AND used_at IS NULL", [.text(agentID)]) { Int($0.int(0)) } ?? 0
            return TwoFactorStatus(enabled: enabled, required: required, recoveryCodesLeft: left)
        }
    }

    /// A fresh secret for the agent's authenticator, replacing an unconfirmed one. 409 when a
    /// confirmed enrolment exists (an admin resets it first, so a stolen session cannot swap it).
    public func beginTOTPEnrolment(agentID: String, now: Int64 = Clock.nowMillis()) throws -> TOTPEnrolment {
        let secret = Crypto.randomBytes(TOTP.secretBytes)
        return try write { db in
            guard let email = try db.queryOne("SELECT email FROM agents WHERE id = ? AND deactivated_at IS NULL", [.text(agentID)], { $0.text(0) })
            else { throw PeopleError.notFound("no agent \(agentID)") }
            if try db.queryOne("SELECT 1 FROM agent_totp WHERE agent_id = ? AND confirmed_at IS NOT NULL", [.text(agentID)], { _ in true }) != nil {
                throw PeopleError.conflict(field: nil, "two-factor sign-in is already on: an admin resets it before a new enrolment")
            }
            try db.run("""
                INSERT INTO agent_totp (agent_id, secret, confirmed_at, last_step, created_at) VALUES (?, ?, NULL, -1, ?)
                ON CONFLICT (agent_id) DO UPDATE SET secret = excluded.secret, confirmed_at = NULL, last_step = -1, created_at = excluded.created_at
                """,
                       [.text(agentID), .text(Base32.encode(secret)), .integer(now)])
            return TOTPEnrolment(secret: secret, uri: TOTP.provisioningURI(secret: secret, account: email, issuer: Self.totpIssuer))
        }
    }

    /// Confirm the pending enrolment with a first code (400 naming `code` when it is wrong); the
    /// answer is the ten recovery codes, shown this once. The code's step counts as used.
    public func confirmTOTPEnrolment(agentID: String, code: String, now: Int64 = Clock.nowMillis()) throws -> [String] {
        let codes = Self.newRecoveryCodes()
        return try write { db in
            guard let secretText = try db.queryOne("SELECT secret FROM agent_totp WHERE agent_id = ? AND confirmed_at IS NULL", [.text(agentID)], { $0.text(0) }),
                  let secret = Base32.decode(secretText)
            else { throw PeopleError.conflict(field: nil, "no enrolment is waiting: start one first") }
            guard let step = TOTP.matchingStep(code, secret: secret, now: now) else {
                throw PeopleError.invalid(field: "code", "does not match: enter the 6-digit code your authenticator app shows now")
            }
            try db.run("UPDATE agent_totp SET confirmed_at = ?, last_step = ? WHERE agent_id = ?", [.integer(now), .integer(step), .text(agentID)])
            try Self.replaceRecoveryCodes(db, agentID, codes)
            return codes
        }
    }

    /// New recovery codes replacing the old ones (all of them, used or not); needs a confirmed enrolment.
    public func regenerateRecoveryCodes(agentID: String) throws -> [String] {
        let codes = Self.newRecoveryCodes()
        return try write { db in
            guard try db.queryOne("SELECT 1 FROM agent_totp WHERE agent_id = ? AND confirmed_at IS NOT NULL", [.text(agentID)], { _ in true }) != nil
            else { throw PeopleError.conflict(field: nil, "two-factor sign-in is not on") }
            try Self.replaceRecoveryCodes(db, agentID, codes)
            return codes
        }
    }

    /// Whether a TOTP code (or an unused recovery code) proves the second factor, spending it.
    /// A code whose step is not newer than the last accepted one is refused: no replay within its window.
    public func spendSecondFactor(agentID: String, code: String?, recoveryCode: String?, now: Int64 = Clock.nowMillis()) throws -> Bool {
        try write { db in
            guard let (secretText, lastStep) = try db.queryOne("SELECT secret, last_step FROM agent_totp WHERE agent_id = ? AND confirmed_at IS NOT NULL",
                                                               [.text(agentID)], { ($0.text(0), $0.int(1)) }),
                  let secret = Base32.decode(secretText)
            else { return false }
            if let code {
                guard let step = TOTP.matchingStep(code, secret: secret, now: now), step > lastStep else { return false }
                try db.run("UPDATE agent_totp SET last_step = ? WHERE agent_id = ?", [.integer(step), .text(agentID)])
                return true
            }
            guard let recoveryCode else { return false }
            try db.run("UPDATE recovery_codes SET used_at = ? WHERE agent_id = ? AND code_hash = ? AND used_at IS NULL",
                       [.integer(now), .text(agentID), .text(Self.recoveryCodeHash(recoveryCode))])
            return db.changes > 0
        }
    }

    /// An admin's reset: the enrolment and recovery codes go, the agent's sessions end, and the
    /// audit trail records who did it. False when the agent had no second factor (still recorded).
    @discardableResult
    public func resetTwoFactor(agentID: String, actor: String, now: Int64 = Clock.nowMillis()) throws -> Bool {
        try write { db in
            guard try db.queryOne("SELECT 1 FROM agents WHERE id = ?", [.text(agentID)], { _ in true }) != nil
            else { throw PeopleError.notFound("no agent \(agentID)") }
            try db.run("DELETE FROM agent_totp WHERE agent_id = ?", [.text(agentID)])
            let had = db.changes > 0
            try db.run("DELETE FROM recovery_codes WHERE agent_id = ?", [.text(agentID)])
            try db.run("DELETE FROM sessions WHERE agent_id = ?", [.text(agentID)])
            try db.run("DELETE FROM sign_in_challenges WHERE agent_id = ?", [.text(agentID)])
            try Self.recordAudit(db, actor: actor, action: "two_factor.reset", subject: "agent:\(agentID)", detail: ["had_second_factor": .bool(had)], now: now)
            return had
        }
    }

    // MARK: helpers

    /// "abcde-fghij": 50 random bits in base32, lowercase, easy to read out and type.
    static func newRecoveryCodes() -> [String] {
        (0..<recoveryCodeCount).map { _ in
            let text = Base32.encode(Crypto.randomBytes(7)).lowercased().prefix(10)
            return String(text.prefix(5)) + "-" + String(text.suffix(5))
        }
    }

    /// Case, spaces and dashes do not matter when typed back.
    static func recoveryCodeHash(_ code: String) -> String {
        Crypto.sha256Hex(code.lowercased().filter { $0 != "-" && $0 != " " })
    }

    static func replaceRecoveryCodes(_ db: StoreConnection, _ agentID: String, _ codes: [String]) throws {
        try db.run("DELETE FROM recovery_codes WHERE agent_id = ?", [.text(agentID)])
        for code in codes {
            try db.run("INSERT INTO recovery_codes (agent_id, code_hash) VALUES (?, ?)", [.text(agentID), .text(recoveryCodeHash(code))])
        }
    }
}
