/// When a worker that polls the store for due rows must look again. Workers wake on every group
/// commit, and under ingest load nearly no commit queues what they send: reading after each one
/// cost a few microseconds per message for nothing. So a worker looks at once when it queued rows
/// itself or found some last time (more may be due), at the due time it learned, and otherwise at
/// least once a second (rows it cannot know of: another host's, or written while it slept).
struct DueCheck {
    /// The longest a worker goes without looking.
    static let quietMs: Int64 = 1_000
    /// When to look next (0: at once).
    private var lookAt: Int64 = 0

    func isDue(now: Int64) -> Bool { now >= lookAt }

    /// Rows were queued that may be due now.
    mutating func expectRows() { lookAt = 0 }

    /// What a look found: whether rows were due, and when the next one comes due (nil: none waits).
    mutating func looked(now: Int64, found: Bool, nextDueAt: Int64?) {
        lookAt = found ? 0 : min(nextDueAt ?? .max, now + Self.quietMs)
    }

    /// How long the worker may sleep for this check's sake: at most `limit`, at least 5 ms.
    func waitMs(now: Int64, limit: Int) -> Int {
        Int(max(5, min(lookAt - now, Int64(limit))))
    }
}
