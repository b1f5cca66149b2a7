import CSQLite
import SwitchboardSupport
#if canImport(Glibc)
import Glibc
#endif

/// Makes committed groups durable off the writer's critical path.
///
/// The writer commits with synchronous=NORMAL: COMMIT writes the group's frames into the WAL and
/// returns without fsync. It then hands the group's acknowledgement here and starts the next group
/// while this thread `fdatasync`s the WAL through a descriptor of its own; only then are the
/// group's callers acknowledged. One sync covers every group committed before it started, so
/// groups that commit during a sync share the next one.
///
/// Why this is as durable as synchronous=FULL for what was acknowledged:
/// - fdatasync flushes the file's dirty pages whichever descriptor wrote them (fsync(2)), and it
///   starts after the group's COMMIT returned, so the group's frames and its commit frame are on
///   disk when its acknowledgement runs. A crash before that acknowledged nothing of the group.
/// - SQLite recovers the WAL up to the first frame whose checksum fails, so what survives a power
///   loss is a prefix of the commit order: a later group never survives without an earlier one.
/// - Checkpoints never copy frames that are not synced: with NORMAL SQLite syncs the WAL before a
///   checkpoint copies it into the database and syncs the database after (the PASSIVE one on the
///   checkpointer's connection and the RESTART on the writer's). A WAL that starts over has had all
///   its frames copied and synced first, so frames it overwrites were durable already.
/// - The WAL file keeps its inode while the store's connections are open (a restart rewrites it
///   in place, `journal_size_limit` truncates it); if it were ever replaced the descriptor is
///   reopened before syncing, so a sync never lands on a file SQLite no longer writes.
///
/// A failed fdatasync fails the groups waiting on it: their writes are committed but may not be
/// durable, and acknowledging them would be a lie (a retried ingest then finds its duplicate).
final class WALSyncer: @unchecked Sendable {
    /// Syncs a descriptor: fdatasync, or a test's stand-in. Returns 0 or -1 with errno set.
    typealias Sync = @Sendable (Int32) -> Int32

    private let walPath: String
    private let sync: Sync
    private let log: Logger
    private let acknowledged: @Sendable () -> Void
    private let pending = Locked<(acknowledgements: [@Sendable (Error?) -> Void], unacknowledged: Int, stopped: Bool,
                                  last: (@Sendable () -> Void)?)>(([], 0, false, nil))
    private let posted = Signal()
    /// The WAL's descriptor; only this thread touches it after init.
    private var descriptor: Int32 = -1

    /// `acknowledged` runs on this thread after each sync's acknowledgements (the writer may be waiting for it).
    init(walPath: String, sync: Sync? = nil, log: Logger, acknowledged: @escaping @Sendable () -> Void) throws {
        self.acknowledged = acknowledged
        self.walPath = walPath
        self.sync = sync ?? { fdatasync($0) }
        self.log = log
        try reopen()
        startThread(name: "store-sync") { [self] in loop() }
    }

    /// On the writer, after a COMMIT: `acknowledge` runs on this thread once the group's bytes are
    /// durable (nil) or the sync failed (its error). Acknowledgements run in the order committed.
    func committed(_ acknowledge: @escaping @Sendable (Error?) -> Void) {
        pending.withLock { $0.acknowledgements.append(acknowledge); $0.unacknowledged += 1 }
        posted.notifyOne()
    }

    /// A committed group is waiting for its sync or being acknowledged.
    var syncing: Bool { pending.withLock { $0.unacknowledged > 0 } }

    /// Stop after syncing and acknowledging what was committed; `then` runs last, on this thread.
    func stop(then last: @escaping @Sendable () -> Void) {
        pending.withLock { $0.stopped = true; $0.last = last }
        posted.notifyAll()
    }

    private func loop() {
        while true {
            let seen = posted.current
            let (acknowledgements, stopped, last) = pending.withLock { p in
                defer { p.acknowledgements = [] }
                return (p.acknowledgements, p.stopped, p.last)
            }
            if !acknowledgements.isEmpty {
                let error = syncWAL()
                for acknowledge in acknowledgements { acknowledge(error) }
                pending.withLock { $0.unacknowledged -= acknowledgements.count }
                acknowledged()
                continue
            }
            if stopped {
                close(descriptor)
                last?()
                return
            }
            posted.wait(after: seen, timeoutMs: 1000)
        }
    }

    /// One sync of the WAL as it is now: every frame written before it started is durable when it succeeds.
    private func syncWAL() -> Error? {
        do {
            if walWasReplaced() { try reopen() }
        } catch {
            log.error("cannot open the WAL to sync it: \(error)")
            return error
        }
        guard sync(descriptor) != 0 else { return nil }
        let error = StoreError(code: SQLITE_IOERR, message: "syncing \(walPath) failed: \(String(cString: strerror(errno)))")
        log.error("\(error); the writes of the groups waiting on it fail")
        return error
    }

    private func walWasReplaced() -> Bool {
        var onDisk = stat(), open = stat()
        guard stat(walPath, &onDisk) == 0, fstat(descriptor, &open) == 0 else { return true }
        return onDisk.st_ino != open.st_ino || onDisk.st_dev != open.st_dev
    }

    private func reopen() throws {
        // O_CREAT: SQLite creates the WAL at the first write after opening; the store opens this after
        // its migrations wrote, but a fresh file is as good (SQLite opens the same path).
        let opened = open(walPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard opened >= 0 else { throw StoreError(code: SQLITE_CANTOPEN, message: "\(walPath): \(String(cString: strerror(errno)))") }
        if descriptor >= 0 { close(descriptor) }
        descriptor = opened
    }
}
