import SwitchboardSupport

extension Store {
    /// Per-instance durable key-value state for plugins.
    /// Entries past their expiry (ABI 1.3 kv_set_expiring) read as absent until they are pruned.
    public func stateGet(instanceID: String, key: String, now: Int64 = Clock.nowMillis()) throws -> [UInt8]? {
        try read { db in
            try db.queryOne("SELECT value FROM plugin_state WHERE instance_id = ? AND key = ? AND (expires_at IS NULL OR expires_at > ?)",
                            [.text(instanceID), .text(key), .integer(now)]) { $0.blob(0) }
        }
    }

    // Plugin state is none of what ingest remembers, so these writes spare its cache; they touch only
    // the database, so they may run again after a rollback (no savepoints in their groups).
    /// `expiresAt` nil: kept until deleted (a plain set clears an earlier expiry).
    public func stateSet(instanceID: String, key: String, value: [UInt8], expiresAt: Int64? = nil) throws {
        try write(rerunnable: true, sparesIngestCache: true) { db in
            try db.run("""
                INSERT INTO plugin_state (instance_id, key, value, expires_at) VALUES (?, ?, ?, ?)
                ON CONFLICT(instance_id, key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at
                """, [.text(instanceID), .text(key), .blob(value), .optional(expiresAt)])
        }
    }

    /// Delete up to `limit` expired entries (any instance); how many went. Small batches: the writer is shared.
    public func pruneExpiredState(now: Int64, limit: Int = 500) throws -> Int {
        try write(rerunnable: true, sparesIngestCache: true) { db in
            try db.run("""
                DELETE FROM plugin_state WHERE (instance_id, key) IN
                    (SELECT instance_id, key FROM plugin_state WHERE expires_at IS NOT NULL AND expires_at <= ? LIMIT ?)
                """, [.integer(now), .integer(Int64(limit))])
            return db.changes
        }
    }

    public func stateDelete(instanceID: String, key: String) throws {
        try write(rerunnable: true, sparesIngestCache: true) { db in try db.run("DELETE FROM plugin_state WHERE instance_id = ? AND key = ?", [.text(instanceID), .text(key)]) }
    }

    /// Entries with key > after and starting with prefix, in key order.
    public func stateScan(instanceID: String, prefix: String, after: String, limit: Int) throws -> [(String, [UInt8])] {
        try read { db in
            // Keys are compared as bytes (BINARY collation), so prefix + U+10FFFF bounds the range.
            let lower = after > prefix ? after : prefix
            let upper = prefix + "\u{10FFFF}"
            let op = after > prefix ? ">" : ">="
            return try db.query(
                "SELECT key, value FROM plugin_state WHERE instance_id = ? AND key \(op) ? AND key < ? AND (expires_at IS NULL OR expires_at > ?) ORDER BY key LIMIT ?",
                [.text(instanceID), .text(lower), .text(upper), .integer(Clock.nowMillis()), .integer(Int64(limit))]) { ($0.text(0), $0.blob(1)) }
        }
    }
}
