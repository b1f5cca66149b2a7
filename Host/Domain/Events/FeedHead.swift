import SwitchboardSupport

/// Event ids on PostgreSQL: dense and in commit order across every host writing to the database,
/// so a reader resuming after id N (SSE `Last-Event-ID`, webhook cursors) never skips an event.
///
/// An identity column would not do: several hosts take its values at insert but commit in another
/// order, and a rolled-back transaction leaves a hole. So `appendEvent` inserts with a pending id
/// (negative, rising in insertion order, from the `events_pending_id` sequence; nobody sees it
/// before commit), and as the group's last statement before COMMIT the writer numbers the
/// transaction's pending events from the one `feed_head` row (Commanded EventStore's pattern). Its
/// row lock lasts to COMMIT: the appending transactions of all hosts commit one after another in id
/// order, and one that rolls back takes its ids back with it. Only that last statement and the
/// COMMIT run under the lock; the rest of a group runs in parallel with other hosts' groups.
///
/// Inside the writing transaction its own pending events have negative ids: queries there see
/// them below every committed event (`MAX(id)` is the newest committed one).
/// On SQLite nothing happens here: its single writer already gives AUTOINCREMENT ids in commit order.
enum FeedHead {
    /// The ids a group's events were given: the newest, and each pending id's final one.
    struct Assignment {
        var last: Int64
        var ids: [Int64: Int64]
    }

    /// How long a writer waits for the head (another host committing) before its group fails:
    /// its callers get an error rather than hanging behind a host that stopped answering.
    static let lockTimeout = "5s"

    /// Number the transaction's pending events (those `appendEvent` recorded: found by their ids,
    /// so the plan is index lookups whatever the table's statistics say); nil on SQLite or when it
    /// appended none.
    static func assign(_ db: StoreConnection) throws -> Assignment? {
        guard db.dialect == .postgres, !db.pendingEventIDs.isEmpty else { return nil }
        let pendingIDs = "{" + db.pendingEventIDs.map(String.init).joined(separator: ",") + "}"
        db.pendingEventIDs = []
        try db.execute("SET LOCAL lock_timeout = '\(lockTimeout)'")
        // Without pending events (their write rolled back to its savepoint) the head is not touched.
        let pairs = try db.query("""
            WITH pending AS (
                SELECT id, row_number() OVER (ORDER BY id) AS n, count(*) OVER () AS total FROM events WHERE id = ANY (?::bigint[])
            ), head AS (
                UPDATE feed_head SET last_id = last_id + (SELECT count(*) FROM pending)
                WHERE id = 1 AND EXISTS (SELECT 1 FROM pending)
                RETURNING last_id
            )
            UPDATE events SET id = head.last_id - pending.total + pending.n
            FROM pending, head WHERE events.id = pending.id
            RETURNING pending.id, events.id
            """, [.text(pendingIDs)]) { ($0.int(0), $0.int(1)) }
        guard let last = pairs.map(\.1).max() else { return nil }
        return Assignment(last: last, ids: Dictionary(uniqueKeysWithValues: pairs))
    }

    /// ORDER BY for events read inside a write, oldest first: on PostgreSQL the transaction's own
    /// events still have their pending (negative) ids there, and go after every committed one, as
    /// they will be numbered. (On SQLite no id is negative: plain id order.)
    static let orderInsideWrite = "id < 0, id"

    /// The newest event id committed by any host (PostgreSQL): what a host polls to notice others' commits.
    static func committedHead(_ db: StoreConnection) throws -> Int64 {
        try db.queryOne("SELECT last_id FROM feed_head WHERE id = 1") { $0.int(0) } ?? 0
    }
}
