import SwitchboardSupport

/// Rotating a secret without a gap: the new value is made and returned once, and the old one keeps
/// working for an overlap the caller chooses (0 ends it at once), so every client can switch over
/// before it stops. One earlier value at most: rotating again ends the previous overlap.
public enum KeyRotation {
    /// The longest overlap: a week.
    public static let maxOverlapSeconds = 7 * 86_400
}

extension Store {
    /// A new value for a live API key or personal token (same id, name, role and scope); the old
    /// value authenticates until `overlapSeconds` from now. Nil when there is no such live key
    /// (or, with `agentID`, none of that agent's).
    public func rotateAPIKey(id: String, agentID: String? = nil, overlapSeconds: Int) throws -> (APIKeyInfo, secret: String, previousExpiresAt: Int64)? {
        let secret = "sbk_" + Crypto.randomHex(bytes: 24)
        let now = Clock.nowMillis(), until = now + Int64(overlapSeconds) * 1000
        let rotated = try write { db -> Bool in
            var sql = """
                UPDATE api_keys SET previous_key_hash = key_hash, previous_expires_at = ?, key_hash = ?
                WHERE id = ? AND revoked_at IS NULL
                """
            var values: [SQLValue] = [.integer(until), .text(Crypto.sha256Hex(secret)), .text(id)]
            if let agentID { sql += " AND agent_id = ?"; values.append(.text(agentID)) }
            try db.run(sql, values)
            return db.changes > 0
        }
        guard rotated, let info = try authenticate(apiKey: secret) else { return nil }
        return (info, secret, until)
    }

    /// A new signing secret for a webhook subscription; deliveries are signed with both until
    /// `overlapSeconds` from now. Nil when there is no such subscription.
    public func rotateWebhookSecret(id: String, overlapSeconds: Int) throws -> (secret: String, previousExpiresAt: Int64)? {
        let secret = "whsec_" + Crypto.randomHex(bytes: 24)
        let until = Clock.nowMillis() + Int64(overlapSeconds) * 1000
        let rotated = try write { db -> Bool in
            try db.run("""
                UPDATE webhook_subscriptions SET previous_secret = secret, previous_secret_expires_at = ?, secret = ?, updated_at = ?
                WHERE id = ?
                """, [.integer(until), .text(secret), .integer(Clock.nowMillis()), .text(id)])
            return db.changes > 0
        }
        return rotated ? (secret, until) : nil
    }
}
