extension Store {
    /// Per-instance durable key-value state for plugins.
    public func stateGet(instanceID: String, key: String) throws -> [UInt8]? {
        try read { db in
            try db.queryOne("SELECT value FROM plugin_state WHERE instance_id = ? AND key = ?", [.text(instanceID), .text(key)]) { $0.blob(0) }
        }
    }

    // Plugin state is none of what ingest remembers, so these writes spare its cache; they touch only
    // the database, so they may run again after a rollback (no savepoints in their groups).
    public func stateSet(instanceID: String, key: String, value: [UInt8]) throws {
        try write(rerunnable: true, sparesIngestCache: true) { db in
            try db.run("INSERT INTO plugin_state (instance_id, key, value) VALUES (?, ?, ?) ON CONFLICT(instance_id, key) DO UPDATE SET value = excluded.value",
                       [.text(instanceID), .text(key), .blob(value)])
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
                "SELECT key, value FROM plugin_state WHERE instance_id = ? AND key \(op) ? AND key < ? ORDER BY key LIMIT ?",
                [.text(instanceID), .text(lower), .text(upper), .integer(Int64(limit))]) { ($0.text(0), $0.blob(1)) }
        }
    }
}
