import CShims
import SwitchboardSupport
#if canImport(Glibc)
import Glibc
#endif

/// Durability of acknowledged writes: FULL survives power loss (the WAL is synced before a write is
/// acknowledged, off the writer: WALSyncer); NORMAL survives a process crash.
public enum Durability: String, Sendable {
    case full = "FULL", normal = "NORMAL"
}

/// The conversation store: one SQLite database in WAL mode.
///
/// Writes go through one writer thread that commits in groups: every write
/// waiting when a transaction starts joins it (each in its own savepoint, so
/// one failing write rolls back alone), and callers return only after the
/// shared COMMIT is durable: with `.full` the writer commits with synchronous=NORMAL and the
/// WALSyncer acknowledges the group after its own fdatasync of the WAL, while the writer already
/// commits the next group. Readers may see a group one sync before it is durable (see WALSyncer and
/// docs/architecture.md); `committed` fires only once it is.
/// Reads use a pool of connections that never block the writer.
public final class Store: @unchecked Sendable {
    /// The SQLite file's path, or the PostgreSQL connection string.
    public let path: String
    public let location: StoreLocation
    private let writer: StoreConnection
    private let readers: ReaderPool
    private let queue = Locked<WriteQueue>(WriteQueue())
    private let queueSignal: Signal
    /// Notified after every group commit: streams and dispatchers wait on it for new events.
    public let committed = Signal()
    private let maxBatch: Int
    private let log: Logger
    private let stats = Locked<CommitStats>(CommitStats())
    /// SQLite's WAL checkpoints (none on PostgreSQL).
    private let checkpointer: Checkpointer?
    /// Syncs the WAL before groups are acknowledged (nil with `.normal`, and on PostgreSQL: acknowledged at COMMIT).
    private let syncer: WALSyncer?
    /// Runs the completions of asynchronous writes after their group commit, off the writer.
    private let completions = SerialRunner(name: "store-complete")
    /// Ingest's lookups, kept between writes (IngestCache). Only the writer thread touches it.
    var ingestCache = IngestCache()
    /// The newest `ingest` config version another host's change reached, as the poll last read it (ConfigVersions).
    let ingestVersionSeen = Locked<Int64>(0)
    /// Published voice flows as the engine reads them, by their definition's SHA-256: revisions never
    /// change, so every call step need not parse its flow again (VoiceFlowStore.runnable).
    let parsedVoiceFlows = Locked<[String: IVRFlow]>([:])
    /// The triage topics' trained classifier (TriageCache), read by the threads that ingest.
    let triageCache = Locked(TriageCache())
    /// PostgreSQL: the ids FeedHead gave the open group's events (writer thread only), and the
    /// newest id this host committed (FeedWakeups tells the other hosts).
    private var assignment: FeedHead.Assignment?
    private let committedFeedHead = Locked<Int64>(0)
    public var lastCommittedEventID: Int64 { committedFeedHead.withLock { $0 } }

    /// Group commits and the writes they carried, since the store opened: writes/commits is the
    /// average group size (what makes synchronous=FULL affordable); walFrames/writes the pages a
    /// write costs in the WAL (each frame is a 4 KiB page and a 24-byte header).
    public struct CommitStats: Sendable {
        public var commits: UInt64 = 0
        public var writes: UInt64 = 0
        public var walFrames: UInt64 = 0
    }

    public var commitStats: CommitStats {
        var stats = stats.withLock { $0 }
        stats.walFrames = checkpointer?.framesWritten ?? 0
        return stats
    }

    struct WriteQueue {
        var jobs: [WriteJob] = []
        var stopped = false
    }

    final class WriteJob: @unchecked Sendable {
        let body: (StoreConnection) throws -> Void
        /// The body may run again after its transaction rolled back: its only effects are on the
        /// database and on its own result (see `commit`).
        let rerunnable: Bool
        /// The writer need not empty `ingestCache` before this write: ingest keeps it current itself,
        /// and some writes touch none of the tables it remembers (webhook and plugin state).
        let sparesIngestCache: Bool
        /// Goes to the head of the queue: a lease renewal must not wait behind thousands of
        /// queued messages, or the lease lapses under load and its work moves for nothing.
        var jumpsQueue = false
        var error: Error?
        /// Set for an asynchronous write (writeAsync): run after the group commit instead of
        /// waking a waiting caller.
        var whenDone: (@Sendable () -> Void)?
        /// Fired after the job's group committed (or failed): wakes only its caller.
        let finished = Completion()
        /// The group the job committed in and its place there, set by the writer before firing.
        var group: [WriteJob] = []
        var index = 0
        /// PostgreSQL: the final ids of the group's events by their pending ones (FeedHead).
        var eventIDs: [Int64: Int64] = [:]
        init(rerunnable: Bool, sparesIngestCache: Bool, _ body: @escaping (StoreConnection) throws -> Void) {
            self.rerunnable = rerunnable
            self.sparesIngestCache = sparesIngestCache
            self.body = body
        }

        /// Wake-ups fan out as a binary tree: the writer fires only the group's first job and each
        /// woken caller fires the next two. A thread woken by a post tends to preempt the poster;
        /// if the writer posted the whole group itself it would be preempted once per job, while
        /// it is what every other caller waits for.
        func wakeFollowers() {
            let group = self.group
            self.group = []   // the group holds this job: drop the cycle
            for follower in [2 * index + 1, 2 * index + 2] where follower < group.count { group[follower].finished.fire() }
        }
    }

    /// Process-wide SQLite settings, applied once before the first connection opens.
    private static let configured: Void = { _ = sbs_sqlite_configure() }()

    /// `checkpointFrames`: the WAL size (in pages) at which a checkpoint starts; about 16 MiB.
    public convenience init(path: String, durability: Durability = .full, maxBatch: Int = 1024, checkpointFrames: Int32 = 4000,
                            log: Logger = Logger("store")) throws {
        try self.init(location: .sqlite(path), durability: durability, maxBatch: maxBatch, checkpointFrames: checkpointFrames, log: log, syncWAL: nil)
    }

    /// `maxReaders`: read connections open at once on PostgreSQL (a read waits when all are busy).
    public convenience init(location: StoreLocation, durability: Durability = .full, maxBatch: Int = 1024, checkpointFrames: Int32 = 4000,
                            maxReaders: Int = Store.defaultPostgresReaders, log: Logger = Logger("store")) throws {
        try self.init(location: location, durability: durability, maxBatch: maxBatch, checkpointFrames: checkpointFrames,
                      maxReaders: maxReaders, log: log, syncWAL: nil)
    }

    /// The PostgreSQL read pool's default size.
    public static let defaultPostgresReaders = 16

    /// `syncWAL` stands in for fdatasync of the WAL with `.full` (tests delay or fail it).
    package convenience init(path: String, durability: Durability = .full, maxBatch: Int = 1024, checkpointFrames: Int32 = 4000,
                             log: Logger = Logger("store"), syncWAL: (@Sendable (Int32) -> Int32)?) throws {
        try self.init(location: .sqlite(path), durability: durability, maxBatch: maxBatch, checkpointFrames: checkpointFrames, log: log, syncWAL: syncWAL)
    }

    package init(location: StoreLocation, durability: Durability, maxBatch: Int, checkpointFrames: Int32,
                 maxReaders: Int = Store.defaultPostgresReaders, log: Logger, syncWAL: (@Sendable (Int32) -> Int32)?) throws {
        _ = Self.configured
        let queueSignal = Signal()   // the syncer wakes the writer with it too
        self.queueSignal = queueSignal
        self.location = location
        self.maxBatch = maxBatch
        self.log = log
        // Bounded on PostgreSQL (each connection is a server process); SQLite's are cheap.
        if case .postgres = location { readers = ReaderPool(location, limit: max(1, maxReaders)) } else { readers = ReaderPool(location, limit: .max) }
        let path: String
        switch location {
        case .postgres(let conninfo):
            // One connection writes, in group commits like SQLite's; each COMMIT returns once
            // durable (synchronous_commit on), so callers are still acknowledged after it.
            self.path = conninfo
            writer = try StoreConnection(postgres: conninfo)
            try writer.execute("SET synchronous_commit = on")
            checkpointer = nil
            syncer = nil
            try Schema.migrate(writer)
            startThread(name: "store-writer") { [self] in writerLoop() }
            return
        case .sqlite(let file): path = file
        }
        self.path = path
        writer = try StoreConnection(path: path)
        try writer.execute("PRAGMA journal_mode=WAL")
        // NORMAL either way: with `.full` the WALSyncer syncs the WAL before acknowledging, off the
        // writer. (synchronous=FULL would fdatasync inside every COMMIT, the writer waiting.)
        try writer.execute("PRAGMA synchronous=NORMAL")
        // A checkpoint lets the WAL start over rather than shrink; after a burst this bounds what stays on disk.
        try writer.execute("PRAGMA journal_size_limit=67108864")
        try writer.execute("PRAGMA foreign_keys=ON")
        // Checkpoints run on their own thread (Checkpointer), not inside a COMMIT.
        checkpointer = try Checkpointer(path: path, thresholdFrames: checkpointFrames, log: log)
        checkpointer?.attach(to: writer)
        // Every write runs in its own savepoint, and SQLite journals each page a savepoint first
        // changes so it can roll back to it: in a temporary file, two write(2)s per page, unless
        // temp_store is memory. Measured under ingest load that was 3 of every 4 writes the
        // process made. The savepoint journal only matters until the group commits.
        try writer.execute("PRAGMA temp_store=MEMORY")
        // The writer touches the pages of every conversation that gets a message (row, indexes);
        // a larger cache than the 2 MiB default keeps them from being read back at every group.
        try writer.execute("PRAGMA cache_size=-16384")
        try Schema.migrate(writer)
        // After the migrations: the WAL exists and the writer has it open.
        syncer = durability == .full
            ? try WALSyncer(walPath: path + "-wal", sync: syncWAL, log: log, acknowledged: { queueSignal.notifyAll() }) : nil
        startThread(name: "store-writer") { [self] in writerLoop() }
    }

    /// Stop the writer after the writes already queued.
    public func close() {
        queue.withLock { $0.stopped = true }
        queueSignal.notifyAll()
        checkpointer?.stop()
    }

    /// Like `write`, but returns at once: `completion` runs once the group that carried the write
    /// is durably committed (or with its error), on the store's completion thread, where groups'
    /// completions run together and in commit order. False when the store is closed (the
    /// completion never runs).
    func writeAsync<T>(rerunnable: Bool, sparesIngestCache: Bool, _ body: @escaping (StoreConnection) throws -> T,
                       completion: @escaping @Sendable (Result<T, Error>) -> Void) -> Bool {
        let result = AsyncWriteResult<T>()
        let job = WriteJob(rerunnable: rerunnable, sparesIngestCache: sparesIngestCache) { db in result.value = try body(db) }
        job.whenDone = { [job] in
            if let error = job.error { completion(.failure(error)) } else { completion(.success(result.value!)) }
        }
        let accepted = queue.withLock { q -> Bool in
            guard !q.stopped else { return false }
            q.jobs.append(job)
            return true
        }
        if accepted { queueSignal.notifyOne() }
        return accepted
    }

    /// Run body inside a write transaction; returns once it is durably committed.
    ///
    /// `rerunnable`: body touches nothing but the database and its result, so after a rollback it
    /// may run again from the start. Groups made only of such writes skip the per-write savepoints.
    public func write<T>(rerunnable: Bool = false, _ body: @escaping (StoreConnection) throws -> T) throws -> T {
        try write(rerunnable: rerunnable, sparesIngestCache: false, body)
    }

    func write<T>(rerunnable: Bool, sparesIngestCache: Bool, jumpsQueue: Bool = false,
                  _ body: @escaping (StoreConnection) throws -> T) throws -> T {
        var result: T?
        let job = WriteJob(rerunnable: rerunnable, sparesIngestCache: sparesIngestCache) { db in result = try body(db) }
        job.jumpsQueue = jumpsQueue
        try submit(job)
        return result!
    }

    /// A write whose result is an event id from appendEvent: the id the event committed with
    /// (on PostgreSQL the body sees a pending one: FeedHead).
    func writeEvent(_ body: @escaping (StoreConnection) throws -> Int64) throws -> Int64 {
        var result: Int64 = 0
        let job = WriteJob(rerunnable: false, sparesIngestCache: false) { db in result = try body(db) }
        try submit(job)
        return job.eventIDs[result] ?? result
    }

    /// Queue a write and wait until its group committed (or failed).
    private func submit(_ job: WriteJob) throws {
        let accepted = queue.withLock { q -> Bool in
            guard !q.stopped else { return false }
            if job.jumpsQueue { q.jobs.insert(job, at: 0) } else { q.jobs.append(job) }
            return true
        }
        guard accepted else { throw StoreError(code: 21, message: "the store is closed") }
        queueSignal.notifyOne()
        // The writer sets `error` before the group's wake-ups start; the semaphore orders the two.
        job.finished.wait()
        job.wakeFollowers()
        if let error = job.error { throw error }
    }

    /// Run body on a pooled read connection (sees the latest committed state).
    public func read<T>(_ body: (StoreConnection) throws -> T) throws -> T {
        let connection = try readers.take()
        defer { readers.put(connection) }
        return try body(connection)
    }

    /// Run body on a read connection inside one read transaction: every statement sees the same
    /// committed state, so a view built from several queries never mixes before and after a write.
    public func readSnapshot<T>(_ body: (StoreConnection) throws -> T) throws -> T {
        try read { db in
            try db.execute(db.dialect.beginReadSnapshot)
            defer { try? db.execute("COMMIT") }
            return try body(db)
        }
    }

    private func writerLoop() {
        var lastGroup = 0
        while true {
            let seen = queueSignal.current
            // While a group syncs, the next one starts only once it is as large: a group's pages
            // shared by its writes (the messages' and events' last leaves, the ends of the
            // updated_at indexes) are written once per group, so many small groups cost more WAL
            // pages and writer time per write than one large one. Callers that wait for their
            // write (each has one in flight) then group as they did when COMMIT synced; a deep
            // queue (ingest_async) commits while the sync runs. The syncer wakes the writer when done.
            let syncing = syncer?.syncing ?? false
            let (batch, stopped) = queue.withLock { q -> ([WriteJob], Bool) in
                if syncing, !q.stopped, q.jobs.count < min(lastGroup, maxBatch) { return ([], false) }
                let n = min(q.jobs.count, maxBatch)
                let batch = Array(q.jobs.prefix(n))
                q.jobs.removeFirst(n)
                return (batch, q.stopped)
            }
            if batch.isEmpty {
                if stopped {
                    if let syncer { syncer.stop(then: { [completions] in completions.stop() }) } else { completions.stop() }
                    return
                }
                checkpointer?.finishIfWanted(on: writer)
                queueSignal.wait(after: seen, timeoutMs: 1000)
                continue
            }
            lastGroup = batch.count
            dropIngestCacheIfStale()
            commit(batch)
            checkpointer?.finishIfWanted(on: writer)
        }
    }

    private func commit(_ batch: [WriteJob]) {
        // A savepoint per write lets one failing write roll back alone, but SQLite pays for it on
        // every page a write changes: it copies the page's old content into the savepoint journal
        // first (under ingest load, a sixth of the writer's instructions). A lone write needs none:
        // rolling back the transaction undoes it alone. Nor does a group of rerunnable writes: if
        // one fails, the group rolls back and runs again the careful way.
        let savepointsNeeded = batch.count > 1 && !batch.allSatisfy(\.rerunnable)
        if savepointsNeeded || !commitWithoutSavepoints(batch) { commitWithSavepoints(batch) }
        stats.withLock { $0.commits += 1; $0.writes += UInt64(batch.count) }
        if let assignment {
            for job in batch { job.eventIDs = assignment.ids }
            committedFeedHead.withLock { $0 = max($0, assignment.last) }
            self.assignment = nil
        }
        guard let syncer else { return acknowledge(batch) }
        // The next group may commit while this one syncs: its jobs are only the syncer's now.
        syncer.committed { [self] (syncError: Error?) in
            if let syncError { for job in batch where job.error == nil { job.error = syncError } }
            acknowledge(batch)
        }
    }

    /// The group is durable (or failed): its callers learn the outcome. Asynchronous writes'
    /// completions go to their own thread in one post; waiting callers are woken as a tree among themselves.
    private func acknowledge(_ batch: [WriteJob]) {
        let done = batch.compactMap(\.whenDone)
        let waiting = batch.filter { $0.whenDone == nil }
        for job in batch { job.whenDone = nil }   // each holds its job: drop the cycle
        completions.post(done)
        for (index, job) in waiting.enumerated() {
            job.group = waiting
            job.index = index
        }
        waiting.first?.finished.fire()
        committed.notifyAll()
    }

    /// The whole group in one transaction without savepoints. False (after rolling back) when a
    /// write failed in a group of several: the caller runs them again with savepoints.
    private func commitWithoutSavepoints(_ batch: [WriteJob]) -> Bool {
        // Transaction control through cached prepared statements: sqlite3_exec would parse them
        // again for every group.
        do {
            try writer.run("BEGIN IMMEDIATE")
        } catch {
            fail(batch, error)
            return true
        }
        for job in batch {
            do {
                try run(job)
            } catch {
                ingestCache.removeAll()
                try? writer.execute("ROLLBACK")
                // Several writes, or a lone rerunnable one that met another host's conflict: the careful way runs them again.
                let conflict = (error as? StoreError)?.isTransientConflict ?? false
                if batch.count > 1 || (conflict && job.rerunnable) { return false }
                job.error = error
                return true
            }
        }
        do {
            try noteIngestChange(batch)
            assignment = try FeedHead.assign(writer)
            try writer.run("COMMIT")
        } catch let error as StoreError where error.isTransientConflict && batch.allSatisfy(\.rerunnable) {
            ingestCache.removeAll()
            assignment = nil
            try? writer.execute("ROLLBACK")
            return false
        } catch {
            fail(batch, error)
        }
        return true
    }

    private func run(_ job: WriteJob) throws {
        // Any other write may change what the cache knows (merge contacts, close or move conversations, rebind channels).
        if !job.sparesIngestCache { ingestCache.removeAll() }
        try job.body(writer)
    }

    /// Other hosts' ingest caches go stale with such a group too: they see the bump and empty theirs
    /// (ConfigVersions). Bumped last, so on PostgreSQL its row lock is the last one a transaction
    /// takes and no cycle of waits can run through it. This host's cache is emptied again once the
    /// poll reads the bump: what later writes of this group cached may predate another host's commit.
    private func noteIngestChange(_ batch: [WriteJob]) throws {
        guard batch.contains(where: { !$0.sparesIngestCache && $0.error == nil }) else { return }
        try Self.bumpConfigVersion(writer, .ingest)
    }

    /// Each write in its own savepoint, so one failing write rolls back alone.
    ///
    /// On PostgreSQL another host's group can lock what this one needs and wait for what this one
    /// holds (two hosts inserting the same new contact identities in different orders): the server
    /// breaks the deadlock by failing one statement. Rolling back only that write would leave the
    /// rest of the group holding its locks, to collide again; so the whole group rolls back, its
    /// rerunnable writes run again (a few times, after a short random pause) and the others fail
    /// with the conflict, as they would if the COMMIT had failed.
    private func commitWithSavepoints(_ batch: [WriteJob]) {
        var attempt = 0
        while true {
            do {
                try writer.run("BEGIN IMMEDIATE")
                for job in batch where job.error == nil {
                    try writer.run("SAVEPOINT job")
                    do {
                        try run(job)
                        try writer.run("RELEASE job")
                    } catch let error as StoreError where error.isTransientConflict {
                        throw error
                    } catch {
                        ingestCache.removeAll()
                        job.error = error
                        try writer.run("ROLLBACK TO job")
                        try writer.run("RELEASE job")
                    }
                }
                try noteIngestChange(batch)
                assignment = try FeedHead.assign(writer)
                try writer.run("COMMIT")
                return
            } catch let error as StoreError where error.isTransientConflict && attempt < Self.conflictRetries {
                attempt += 1
                log.info("group of \(batch.count) writes rolled back on a conflict with another host (\(error.sqlState ?? "")), attempt \(attempt)")
                ingestCache.removeAll()
                assignment = nil
                try? writer.execute("ROLLBACK")
                for job in batch where job.error == nil && !job.rerunnable { job.error = error }
                guard batch.contains(where: { $0.error == nil }) else { return }
                usleep(useconds_t.random(in: 1_000...(10_000 * useconds_t(attempt))))
            } catch {
                fail(batch, error)
                return
            }
        }
    }

    /// How many times a group rolled back by a conflict with another host runs again.
    static let conflictRetries = 4

    /// The transaction itself failed: every write of the group that had not failed alone gets its error.
    private func fail(_ batch: [WriteJob], _ error: Error) {
        log.error("group commit of \(batch.count) writes failed: \(error)")
        ingestCache.removeAll()
        assignment = nil
        try? writer.execute("ROLLBACK")
        for job in batch where job.error == nil { job.error = error }
    }
}

/// What an asynchronous write's body produced, kept for its completion (set on the writer, read
/// on the completion thread after the group commit).
private final class AsyncWriteResult<T>: @unchecked Sendable {
    var value: T?
}
