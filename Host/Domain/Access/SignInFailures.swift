import SwitchboardSupport

/// Failed sign-ins, kept in the store so the throttle holds across hosts and restarts: one row per
/// failure and key, counted over a sliding window. Each failure is one insert; rows older than the
/// window are pruned as failures come in.
extension Store {
    /// Failures under `key` since `since`, and the oldest of them (when the window frees up again).
    public func signInFailures(key: String, since: Int64) throws -> (count: Int, oldest: Int64?) {
        try read { db in
            try db.queryOne("SELECT COUNT(*), MIN(failed_at) FROM sign_in_failures WHERE throttle_key = ? AND failed_at > ?",
                            [.text(key), .integer(since)]) { (Int($0.int(0)), $0.optionalInt(1)) } ?? (0, nil)
        }
    }

    /// Record one failure under each key, forgetting every failure at or before `forgetBefore`.
    public func recordSignInFailure(keys: [String], now: Int64, forgetBefore: Int64) throws {
        try write(rerunnable: true, sparesIngestCache: true) { db in
            try db.run("DELETE FROM sign_in_failures WHERE failed_at <= ?", [.integer(forgetBefore)])
            for key in keys {
                try db.run("INSERT INTO sign_in_failures (throttle_key, failed_at) VALUES (?, ?)", [.text(key), .integer(now)])
            }
        }
    }

    /// A successful sign-in clears its key's failures.
    public func clearSignInFailures(key: String) throws {
        try write(rerunnable: true, sparesIngestCache: true) { db in
            try db.run("DELETE FROM sign_in_failures WHERE throttle_key = ?", [.text(key)])
        }
    }
}
