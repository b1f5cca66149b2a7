import SwitchboardSupport

/// One conversation's lane of the outbox while a host holds it. Several hosts share one queue this
/// way: a host claims lanes, not messages, and sends only each lane's head, so a conversation's
/// replies leave one at a time and in order while conversations go in parallel across hosts.
public struct OutboxLane: Sendable, Equatable {
    public let conversationID: String
    public let owner: String
    /// Bumped at every claim: the fence the lane's outcome writes check, so a host that lost the
    /// lane (paused past its lease, or presumed dead) cannot record a late "sent".
    public let token: Int64
    /// Database-clock ms.
    public let leaseUntil: Int64
}

/// A claimed lane and the one entry to send now: its head, or a reply the customer already has on
/// screen that came due first. The entry's outcome write gives the lane up (one write, not two).
public struct LaneClaim: Sendable, Equatable {
    public let lane: OutboxLane
    public let entry: OutboxEntry
}

/// Lane rows (`outbox_lanes`): `next_due_at` is derived from the lane's entries after every write
/// that changes them (refreshOutboxLane), and a lease on the row is the claim. On PostgreSQL the
/// claim skips rows another host is claiming at that instant (FOR UPDATE SKIP LOCKED); on SQLite
/// the single writer serializes claims. An expired lease is the rescuer: a dead host's lanes are
/// claimed again with a higher token, and their heads sent with the same idempotency key.
extension Store {
    /// Entries a lane may send: its head (the oldest pending reply the customer does not have yet;
    /// a notice marked `ahead` first), and those already on the customer's screen (`shown`), which
    /// hold nothing back.
    static let laneSendable = """
        o.state = 'pending' AND (o.shown = 1 OR o.message_id = (SELECT h.message_id FROM outbox h
            WHERE h.conversation_id = o.conversation_id AND h.state = 'pending' AND h.shown = 0
            ORDER BY h.ahead DESC, h.message_id LIMIT 1))
        """

    /// Claim up to `limit` lanes that are due and not held (oldest due first) for `ttlMs`, each with
    /// its entry to send. `now`: the database's clock unless given (tests).
    public func claimOutboxLanes(owner: String, ttlMs: Int64, limit: Int, now: Int64? = nil) throws -> [LaneClaim] {
        guard limit > 0 else { return [] }
        return try write(rerunnable: true, sparesIngestCache: true) { db in
            let now = try now ?? db.databaseNowMillis()
            // The lanes are picked in a CTE first (materialized: the LIMIT and the locks apply once).
            let lanes = try db.query(
                db.dialect == .postgres
                    ? """
                      WITH due AS MATERIALIZED (SELECT conversation_id FROM outbox_lanes WHERE next_due_at <= ? AND lease_until <= ?
                                                ORDER BY next_due_at LIMIT ? FOR UPDATE SKIP LOCKED)
                      UPDATE outbox_lanes SET lease_owner = ?, lease_token = lease_token + 1, lease_until = ?
                      WHERE conversation_id IN (SELECT conversation_id FROM due)
                      RETURNING conversation_id, lease_token
                      """
                    : """
                      WITH due AS MATERIALIZED (SELECT conversation_id FROM outbox_lanes WHERE next_due_at <= ? AND lease_until <= ?
                                                ORDER BY next_due_at LIMIT ?)
                      UPDATE outbox_lanes SET lease_owner = ?, lease_token = lease_token + 1, lease_until = ?
                      WHERE conversation_id IN (SELECT conversation_id FROM due)
                      RETURNING conversation_id, lease_token
                      """,
                [.integer(now), .integer(now), .integer(Int64(limit)), .text(owner), .integer(now + ttlMs)]) {
                OutboxLane(conversationID: $0.text(0), owner: owner, token: $0.int(1), leaseUntil: now + ttlMs)
            }
            var claims: [LaneClaim] = []
            for lane in lanes {
                if let entry = try db.queryOne(
                    """
                    SELECT \(Self.outboxColumns) FROM outbox o WHERE o.conversation_id = ? AND o.next_attempt_at <= ? AND \(Self.laneSendable)
                    ORDER BY o.next_attempt_at, o.message_id LIMIT 1
                    """, [.text(lane.conversationID), .integer(now)], Self.outboxEntry) {
                    claims.append(LaneClaim(lane: lane, entry: entry))
                } else {
                    // Due too early (the migration's estimate): set the real time and let the lane go.
                    try Self.refreshOutboxLane(db, conversationID: lane.conversationID)
                    try Self.releaseOutboxLane(db, lane)
                }
            }
            return claims
        }
    }

    /// Keep a lane whose delivery is still in flight; nil when it was lost (taken over, or released).
    public func renewOutboxLane(_ lane: OutboxLane, ttlMs: Int64, now: Int64? = nil) throws -> OutboxLane? {
        try write(rerunnable: true, sparesIngestCache: true) { db in
            let now = try now ?? db.databaseNowMillis()
            try db.run("UPDATE outbox_lanes SET lease_until = ? WHERE conversation_id = ? AND lease_owner = ? AND lease_token = ? AND lease_until > ?",
                       [.integer(now + ttlMs), .text(lane.conversationID), .text(lane.owner), .integer(lane.token), .integer(now)])
            return db.changes == 1 ? OutboxLane(conversationID: lane.conversationID, owner: lane.owner, token: lane.token, leaseUntil: now + ttlMs) : nil
        }
    }

    /// Give the lane up without recording an outcome (one is recorded by the outcome writes, which
    /// give it up themselves): any host may claim it again once it is due.
    public func releaseOutboxLane(_ lane: OutboxLane) throws {
        try write(rerunnable: true, sparesIngestCache: true) { db in try Self.releaseOutboxLane(db, lane) }
    }

    static func releaseOutboxLane(_ db: StoreConnection, _ lane: OutboxLane) throws {
        try db.run("UPDATE outbox_lanes SET lease_until = 0 WHERE conversation_id = ? AND lease_owner = ? AND lease_token = ?",
                   [.text(lane.conversationID), .text(lane.owner), .integer(lane.token)])
    }

    /// When a lane next becomes claimable (something due and its lease over), if any lane has work.
    public func nextOutboxLaneDue() throws -> Int64? {
        try read { db in
            try db.queryOne("SELECT MIN(max(next_due_at, lease_until)) FROM outbox_lanes WHERE next_due_at IS NOT NULL") { $0.optionalInt(0) } ?? nil
        }
    }

    /// The lane of a conversation as stored (nil: it never had a queued reply).
    public func outboxLane(conversationID: String) throws -> (owner: String?, token: Int64, leaseUntil: Int64, nextDueAt: Int64?)? {
        try read { db in
            try db.queryOne("SELECT lease_owner, lease_token, lease_until, next_due_at FROM outbox_lanes WHERE conversation_id = ?",
                            [.text(conversationID)]) { ($0.optionalText(0), $0.int(1), $0.int(2), $0.optionalInt(3)) }
        }
    }

    /// Inside a write recording a delivery's outcome: refuse it unless `lane` is still held with its
    /// token. The no-op UPDATE also locks the row on PostgreSQL until commit, so no claim slips in between.
    static func checkLaneFence(_ db: StoreConnection, _ lane: OutboxLane?) throws {
        guard let lane else { return }
        try db.run("UPDATE outbox_lanes SET lease_owner = lease_owner WHERE conversation_id = ? AND lease_owner = ? AND lease_token = ?",
                   [.text(lane.conversationID), .text(lane.owner), .integer(lane.token)])
        guard db.changes == 1 else { throw LeaseLost(name: "outbox:" + lane.conversationID, token: lane.token) }
    }

    /// Ends an outcome write made under `lane`: the entry's new state decides when the lane is due
    /// next, and the lane is free for any host from then.
    static func finishOutcome(_ db: StoreConnection, conversationID: String, lane: OutboxLane?) throws {
        try refreshOutboxLane(db, conversationID: conversationID)
        if let lane { try releaseOutboxLane(db, lane) }
    }

    /// After any write that changes a conversation's pending entries: when its lane next has
    /// something to send (the earliest sendable entry's time), NULL when nothing is pending.
    static func refreshOutboxLane(_ db: StoreConnection, conversationID: String) throws {
        try db.run(
            """
            INSERT INTO outbox_lanes (conversation_id, next_due_at)
            VALUES (?, (SELECT MIN(o.next_attempt_at) FROM outbox o WHERE o.conversation_id = ? AND \(Self.laneSendable)))
            ON CONFLICT (conversation_id) DO UPDATE SET next_due_at = excluded.next_due_at
            """, [.text(conversationID), .text(conversationID)])
    }
}
