import SwitchboardSupport

/// A time-bounded claim on one named piece of work ("workflow.sweeps", "webhook:<id>"), held by one
/// host at a time. `token` grows by one at every change of owner: it is the fencing token that
/// writes made under the lease check, so a host that paused past its expiry cannot write after
/// another took over.
public struct Lease: Sendable, Equatable {
    public let name: String
    public let owner: String
    public let token: Int64
    public let expiresAt: Int64
}

/// A write made under a lease found it taken over (or released): the stale owner's write is refused.
public struct LeaseLost: Error, CustomStringConvertible, Sendable {
    public let name: String
    public let token: Int64
    public var description: String { "lease \(name) (token \(token)) is no longer held" }
}

/// Lease rows (`leases`). Plain SQL both stores run as written: the expiry check and the token bump
/// are one conditional upsert, so two hosts asking at once cannot both win (on SQLite the writer
/// serializes them; on PostgreSQL the conflicting row is locked and the WHERE re-checked).
///
/// Times are the database's clock (SQLDialect.nowMillis), so hosts whose clocks differ still agree
/// on who holds what; `now` stands in for it in tests.
extension Store {
    /// Take the lease if it is free or expired (the token bumped), or nil while another owner's is live.
    public func acquireLease(_ name: String, owner: String, ttlMs: Int64, now: Int64? = nil) throws -> Lease? {
        try write(rerunnable: true, sparesIngestCache: true, jumpsQueue: true) { db in
            let clock = Self.leaseClock(db, now)
            return try db.queryOne(
                """
                INSERT INTO leases (name, owner, token, expires_at) VALUES (?, ?, 1, \(clock.sql) + ?)
                ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, token = leases.token + 1, expires_at = excluded.expires_at
                WHERE leases.expires_at <= \(clock.sql)
                RETURNING token, expires_at
                """, [.text(name), .text(owner)] + clock.values + [.integer(ttlMs)] + clock.values) {
                Lease(name: name, owner: owner, token: $0.int(0), expiresAt: $0.int(1))
            }
        }
    }

    /// Push the expiry forward; nil when the lease was lost meanwhile (expired and taken, or released).
    public func renewLease(_ lease: Lease, ttlMs: Int64, now: Int64? = nil) throws -> Lease? {
        try write(rerunnable: true, sparesIngestCache: true, jumpsQueue: true) { db in
            let clock = Self.leaseClock(db, now)
            return try db.queryOne(
                """
                UPDATE leases SET expires_at = \(clock.sql) + ? WHERE name = ? AND owner = ? AND token = ? AND expires_at > \(clock.sql)
                RETURNING expires_at
                """, clock.values + [.integer(ttlMs), .text(lease.name), .text(lease.owner), .integer(lease.token)] + clock.values) {
                Lease(name: lease.name, owner: lease.owner, token: lease.token, expiresAt: $0.int(0))
            }
        }
    }

    /// Give the lease up at once (the row and its token stay, so the next owner's token is higher).
    public func releaseLease(_ lease: Lease) throws {
        try write(rerunnable: true, sparesIngestCache: true, jumpsQueue: true) { db in
            try db.run("UPDATE leases SET expires_at = 0 WHERE name = ? AND owner = ? AND token = ?",
                       [.text(lease.name), .text(lease.owner), .integer(lease.token)])
        }
    }

    /// Who holds the lease now (nil: nobody, or expired).
    public func leaseHolder(_ name: String, now: Int64? = nil) throws -> Lease? {
        try read { db in
            let clock = Self.leaseClock(db, now)
            return try db.queryOne("SELECT owner, token, expires_at FROM leases WHERE name = ? AND expires_at > \(clock.sql)",
                                   [.text(name)] + clock.values) {
                Lease(name: name, owner: $0.text(0), token: $0.int(1), expiresAt: $0.int(2))
            }
        }
    }

    /// The lease statements' "now": the database's clock, or the caller's `now` as a parameter.
    private static func leaseClock(_ db: StoreConnection, _ now: Int64?) -> (sql: String, values: [SQLValue]) {
        guard let now else { return (db.dialect.nowMillis, []) }
        return ("?", [.integer(now)])
    }

    /// Inside a write: refuse it unless `lease` is still the current one. The no-op UPDATE (rather than
    /// a SELECT) also locks the row on PostgreSQL until commit, so no takeover slips in between.
    static func checkFence(_ db: StoreConnection, _ lease: Lease?) throws {
        guard let lease else { return }
        try db.run("UPDATE leases SET owner = owner WHERE name = ? AND owner = ? AND token = ?",
                   [.text(lease.name), .text(lease.owner), .integer(lease.token)])
        guard db.changes == 1 else { throw LeaseLost(name: lease.name, token: lease.token) }
    }
}
