import PluginKit

/// Pull mode's outbound queue, in the instance's KV store:
///   "seq"          the last cursor handed out
///   "ack"          the integrator has acknowledged every cursor up to this one
///   "out/<cursor>" one queued message (JSON), cursor zero-padded to 20 digits
///   "idem/<key>"   idempotency key -> cursor, so a retried deliver() does not queue twice
///                  (removed by ReceiptIndex after the retention period)
/// Long polls sleep on the lock's condition and wake when a message is queued.
final class PullQueue: @unchecked Sendable {
    struct QueueFull: Error {}

    /// Unacknowledged messages beyond this make deliver() answer "retry".
    static let maxDepth: UInt64 = 100_000
    /// Long polls beyond this answer at once, so pollers cannot tie up all the host's threads.
    static let maxWaiters = 16
    /// Acknowledged entries deleted per request, to keep each request short.
    static let purgeBatch: UInt32 = 200

    private let host: PluginHost
    private let lock = PluginLock()
    // Guarded by `lock`:
    private var loaded = false
    private var latest: UInt64 = 0
    private var acked: UInt64 = 0
    private var purgedThrough: UInt64 = 0 // in memory only: after a restart, purging starts over
    private var purging = false
    private var waiters = 0
    private var stopping = false

    init(host: PluginHost) { self.host = host }

    static func idempotencyKey(_ deliveryID: String) -> String { "idem/" + deliveryID }
    private static func entryKey(_ cursor: UInt64) -> String { "out/" + zeroPadded(cursor) }

    /// Queues one message built by `entry` for its cursor. A delivery id queued before returns its
    /// first cursor (`isNew` false) instead of a second entry. Throws `QueueFull` or KV errors.
    func enqueue(deliveryID: String, entry: (UInt64) -> JSON) throws -> (cursor: UInt64, isNew: Bool) {
        try lock.withLock {
            try loadIfNeeded()
            if let cursor = try cursor(forDeliveryID: deliveryID) { return (cursor, false) }
            guard latest - acked < Self.maxDepth else { throw QueueFull() }
            let cursor = latest + 1
            // "seq" first: if a later write fails, the cursor is skipped, never reused.
            try host.kvSet("seq", String(cursor))
            latest = cursor
            try host.kvSet(Self.entryKey(cursor), entry(cursor).serialized)
            try host.kvSet(Self.idempotencyKey(deliveryID), String(cursor))
            lock.broadcast()
            return (cursor, true)
        }
    }

    /// The cursor a delivery id was queued under, if it still is known.
    func cursor(forDeliveryID deliveryID: String) throws -> UInt64? {
        try host.kvGetString(Self.idempotencyKey(deliveryID)).flatMap { parseCursor($0) }
    }

    /// Up to `limit` queued entries (JSON texts) after `after`, in order, and the cursor to ask
    /// after next. Acknowledges everything up to `after` first; with `waitMs`, waits for news.
    func fetch(after: UInt64, limit: Int, waitMs: Int64) throws -> (entries: [String], nextCursor: UInt64) {
        try acknowledge(through: after)
        if waitMs > 0 { try waitForEntries(after: after, waitMs: waitMs) }
        let rows = try host.kvScan(prefix: "out/", after: Self.entryKey(after), limit: UInt32(limit))
        let entries = rows.map { String(decoding: $0.value, as: UTF8.self) }
        if let last = rows.last, let cursor = parseCursor(last.key.dropFirst(4)) { return (entries, cursor) }
        // Nothing new. A cursor from the future (the queue was reset) is pulled back to the
        // newest one, so a client that echoes next_cursor picks up new messages again.
        return (entries, lock.withLock { min(after, latest) })
    }

    /// Replies to erased conversations (ABI 1.3 "contact.erased") leave the queue, pulled or not:
    /// they hold the customer's external id and the reply's text and files. Their cursors are
    /// simply absent from what GET /messages returns next.
    func forget(conversations: [String]) throws {
        guard !conversations.isEmpty else { return }
        let erased = Set(conversations)
        try host.kvDeleteAll(prefix: "out/") { _, value in
            (try? JSON.parse(String(decoding: value, as: UTF8.self)))?["conversation_id"]?.stringValue.map(erased.contains) ?? false
        }
    }

    /// Accepts long polls again (after a shutDown()).
    func open() { lock.withLock { stopping = false } }

    /// Wakes long polls so stop() is not held up by them.
    func shutDown() {
        lock.withLock {
            stopping = true
            lock.broadcast()
        }
    }

    // MARK: -

    private func loadIfNeeded() throws {
        guard !loaded else { return }
        latest = try host.kvGetString("seq").flatMap { parseCursor($0) } ?? 0
        acked = min(latest, try host.kvGetString("ack").flatMap { parseCursor($0) } ?? 0)
        loaded = true
    }

    private func waitForEntries(after: UInt64, waitMs: Int64) throws {
        try lock.withLock {
            try loadIfNeeded()
            guard waiters < Self.maxWaiters else { return }
            waiters += 1
            defer { waiters -= 1 }
            let deadline = Clock.monotonicMillis() + waitMs
            while latest <= after && !stopping {
                let left = deadline - Clock.monotonicMillis()
                if left <= 0 { break }
                lock.wait(timeoutMs: left)
            }
        }
    }

    /// Records the acknowledgement and deletes a bounded batch of acknowledged entries. One
    /// request purges at a time; the others skip it (there is always a next poll).
    private func acknowledge(through cursor: UInt64) throws {
        guard cursor > 0 else { return }
        let target: UInt64? = try lock.withLock {
            try loadIfNeeded()
            let through = min(cursor, latest)
            if through > acked {
                try host.kvSet("ack", String(through))
                acked = through
            }
            guard !purging, purgedThrough < acked else { return nil }
            purging = true
            return acked
        }
        guard let target else { return }
        var finished = false
        defer { lock.withLock { purging = false; if finished { purgedThrough = max(purgedThrough, target) } } }
        let rows = try host.kvScan(prefix: "out/", limit: Self.purgeBatch)
        var reachedNewer = false
        for row in rows {
            guard let entry = parseCursor(row.key.dropFirst(4)), entry <= target else { reachedNewer = true; break }
            try host.kvDelete(row.key)
        }
        finished = reachedNewer || rows.count < Self.purgeBatch
    }
}
