import CSQLite
import SwitchboardSupport

/// Copies the WAL back into the database file off the writer's critical path.
///
/// With SQLite's automatic checkpoint, the COMMIT that pushes the WAL past the threshold copies
/// thousands of pages and syncs the database file before it returns: every write of that group,
/// and every group queued behind it, waits. Here the writer only counts the WAL's frames (its wal
/// hook, which also turns the automatic checkpoint off) and wakes this thread, which runs a
/// PASSIVE checkpoint on its own connection: it never blocks the writer or readers and copies
/// the bulk. The WAL only starts over once everything in it has been copied, which a PASSIVE
/// checkpoint racing a steady writer never quite achieves; so the writer then finishes the job
/// between two groups (`finishIfWanted`): a RESTART checkpoint that copies only the frames
/// committed meanwhile, after which the next transaction writes the WAL from its beginning.
/// (Run from this thread instead, RESTART would wait for a gap between the writer's
/// transactions, and there is none under load.)
final class Checkpointer: @unchecked Sendable {
    private let connection: StoreConnection
    private let thresholdFrames: Int32
    private let signal = Signal()
    private let state = Locked(State())
    private let log: Logger

    private struct State {
        var frames: Int32 = 0
        /// The WAL's size at the writer's last commit, and the frames all commits wrote (what a write costs).
        var lastFrames: Int32 = 0
        var written: UInt64 = 0
        var running = false
        var finishWanted = false
        var stopped = false
    }

    init(path: String, thresholdFrames: Int32, log: Logger) throws {
        connection = try StoreConnection(path: path)
        self.thresholdFrames = thresholdFrames
        self.log = log
        startThread(name: "checkpoint") { [self] in loop() }
    }

    /// Hooks `writer` (the store's writing connection) to this checkpointer.
    func attach(to writer: StoreConnection) {
        guard let handle = writer.sqlite?.handle else { return }
        sqlite3_wal_hook(handle, { context, _, _, frames in
            Unmanaged<Checkpointer>.fromOpaque(context!).takeUnretainedValue().walGrew(to: frames)
            return SQLITE_OK
        }, Unmanaged.passUnretained(self).toOpaque())
    }

    /// Frames the writer's commits appended to the WAL since the store opened.
    var framesWritten: UInt64 { state.withLock { $0.written } }

    /// The writer's wal hook, after every commit: the WAL's size in frames.
    private func walGrew(to frames: Int32) {
        let wake = state.withLock { s -> Bool in
            // A smaller WAL than at the last commit started over (a RESTART checkpoint): all of it is this commit's.
            s.written += UInt64(frames >= s.lastFrames ? frames - s.lastFrames : frames)
            s.lastFrames = frames
            s.frames = frames
            return frames >= thresholdFrames && !s.running && !s.finishWanted
        }
        if wake { signal.notifyOne() }
    }

    /// On the writer thread, between groups: completes a checkpoint this thread has done the bulk of.
    func finishIfWanted(on writer: StoreConnection) {
        guard state.withLock({ s -> Bool in defer { s.finishWanted = false }; return s.finishWanted }) else { return }
        do {
            try writer.execute("PRAGMA wal_checkpoint(RESTART)")
        } catch {
            log.warn("checkpoint could not restart the WAL (the next one will retry): \(error)")
        }
    }

    func stop() {
        state.withLock { $0.stopped = true }
        signal.notifyAll()
    }

    private func loop() {
        while true {
            let seen = signal.current
            let go = state.withLock { s -> Bool? in
                if s.stopped { return nil }
                guard s.frames >= thresholdFrames, !s.finishWanted else { return false }
                s.running = true
                return true
            }
            guard let go else { return }
            guard go else {
                signal.wait(after: seen, timeoutMs: 1000)
                continue
            }
            do {
                try connection.execute("PRAGMA wal_checkpoint(PASSIVE)")
            } catch {
                log.warn("checkpoint failed (the next one will retry): \(error)")
            }
            state.withLock { s in
                s.running = false
                s.finishWanted = true
                s.frames = 0   // the writer reports the size again at its next commit
            }
        }
    }
}
