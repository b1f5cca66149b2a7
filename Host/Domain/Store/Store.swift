import SwitchboardSupport

/// Durability of commits: FULL survives power loss; NORMAL survives a process crash.
public enum Durability: String, Sendable {
    case full = "FULL", normal = "NORMAL"
}

/// The conversation store: one SQLite database in WAL mode.
///
/// Writes go through one writer thread that commits in groups: every write
/// waiting when a transaction starts joins it (each in its own savepoint, so
/// one failing write rolls back alone), and callers return only after the
/// shared COMMIT. That keeps synchronous=FULL affordable under load.
/// Reads use a pool of connections that never block the writer.
public final class Store: @unchecked Sendable {
    public let path: String
    private let writer: SQLiteConnection
    private let readers = Locked<[SQLiteConnection]>([])
    private let queue = Locked<WriteQueue>(WriteQueue())
    private let queueSignal = Signal()
    /// Notified after every group commit: streams and dispatchers wait on it for new events.
    public let committed = Signal()
    private let maxBatch: Int
    private let log: Logger

    struct WriteQueue {
        var jobs: [WriteJob] = []
        var stopped = false
    }

    final class WriteJob: @unchecked Sendable {
        let body: (SQLiteConnection) throws -> Void
        var error: Error?
        var done = false
        init(_ body: @escaping (SQLiteConnection) throws -> Void) { self.body = body }
    }

    public init(path: String, durability: Durability = .full, maxBatch: Int = 1024, log: Logger = Logger("store")) throws {
        self.path = path
        self.maxBatch = maxBatch
        self.log = log
        writer = try SQLiteConnection(path: path)
        try writer.execute("PRAGMA journal_mode=WAL")
        try writer.execute("PRAGMA synchronous=\(durability.rawValue)")
        try writer.execute("PRAGMA foreign_keys=ON")
        try writer.execute("PRAGMA wal_autocheckpoint=4000")
        try Schema.migrate(writer)
        startThread(name: "store-writer") { [self] in writerLoop() }
    }

    /// Stop the writer after the writes already queued.
    public func close() {
        queue.withLock { $0.stopped = true }
        queueSignal.notifyAll()
    }

    /// Run body inside a write transaction; returns once it is durably committed.
    public func write<T>(_ body: @escaping (SQLiteConnection) throws -> T) throws -> T {
        var result: T?
        let job = WriteJob { db in result = try body(db) }
        let accepted = queue.withLock { q -> Bool in
            guard !q.stopped else { return false }
            q.jobs.append(job)
            return true
        }
        guard accepted else { throw StoreError(code: 21, message: "the store is closed") }
        queueSignal.notifyAll()
        while true {
            let seen = committed.current
            if queue.withLock({ _ in job.done }) { break }
            committed.wait(after: seen, timeoutMs: 1000)
        }
        if let error = job.error { throw error }
        return result!
    }

    /// Run body on a pooled read connection (sees the latest committed state).
    public func read<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        let connection = try readers.withLock { $0.popLast() } ?? openReader()
        defer { readers.withLock { $0.append(connection) } }
        return try body(connection)
    }

    private func openReader() throws -> SQLiteConnection {
        let connection = try SQLiteConnection(path: path)
        try connection.execute("PRAGMA query_only=ON")
        // Reads map the file instead of copying pages through each connection's small cache:
        // knowledge searches walk large full-text doclists.
        try connection.execute("PRAGMA mmap_size=1073741824")
        return connection
    }

    private func writerLoop() {
        while true {
            let seen = queueSignal.current
            let (batch, stopped) = queue.withLock { q -> ([WriteJob], Bool) in
                let n = min(q.jobs.count, maxBatch)
                let batch = Array(q.jobs.prefix(n))
                q.jobs.removeFirst(n)
                return (batch, q.stopped)
            }
            if batch.isEmpty {
                if stopped { return }
                queueSignal.wait(after: seen, timeoutMs: 1000)
                continue
            }
            commit(batch)
        }
    }

    private func commit(_ batch: [WriteJob]) {
        do {
            try writer.execute("BEGIN IMMEDIATE")
            for job in batch {
                try writer.execute("SAVEPOINT job")
                do {
                    try job.body(writer)
                    try writer.execute("RELEASE job")
                } catch {
                    job.error = error
                    try writer.execute("ROLLBACK TO job")
                    try writer.execute("RELEASE job")
                }
            }
            try writer.execute("COMMIT")
        } catch {
            log.error("group commit of \(batch.count) writes failed: \(error)")
            try? writer.execute("ROLLBACK")
            for job in batch where job.error == nil { job.error = error }
        }
        queue.withLock { _ in for job in batch { job.done = true } }
        committed.notifyAll()
    }
}
