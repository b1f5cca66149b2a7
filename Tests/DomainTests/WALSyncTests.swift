import Foundation
import SwitchboardDomain
import SwitchboardSupport
import XCTest

/// The write path's durability with the WAL synced off the writer (WALSyncer): a write is
/// acknowledged only after a sync that started once its group had committed, a failed sync fails
/// the writes waiting on it, and the writer commits the next group while a sync runs.
final class WALSyncTests: XCTestCase {
    var directory: String!

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "switchboard-walsync-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: directory)
    }

    func message(_ id: String, from customer: String = "ann") -> InboundMessage {
        InboundMessage(channelInstanceID: "c1", identity: Identity(kind: "email", value: "\(customer)@example.com"), providerMessageID: id, text: "hello")
    }

    static func newestMessageID(_ store: Store) -> Int64 {
        (try? store.read { db in try db.queryOne("SELECT COALESCE(MAX(id), 0) FROM messages") { $0.int(0) } }) ?? 0
    }

    /// Every completion, blocking or asynchronous, runs after a sync that began once its message was
    /// committed (visible to readers), and `committed` does not fire while that sync runs.
    func testAWriteIsAcknowledgedOnlyAfterASyncThatFollowedItsCommit() throws {
        let durableThrough = Locked<Int64>(0)
        let quietDuringSync = Locked(true)
        let storeBox = Locked<Store?>(nil)
        let store = try Store(path: directory + "/db.sqlite", log: Logger("test"), syncWAL: { descriptor in
            guard let store = storeBox.withLock({ $0 }) else { return fdatasync(descriptor) }
            let committedBefore = Self.newestMessageID(store)
            let signalBefore = store.committed.current
            Thread.sleep(forTimeInterval: 0.1)   // a slow disk: acknowledging before the sync ends would show
            let result = fdatasync(descriptor)
            if store.committed.current != signalBefore { quietDuringSync.withLock { $0 = false } }
            durableThrough.withLock { $0 = max($0, committedBefore) }
            return result
        })
        defer { store.close() }
        storeBox.withLock { $0 = store }

        let started = Clock.monotonicNanos()
        let first = try store.ingest(message("m1"))
        XCTAssertLessThanOrEqual(first.messageID, durableThrough.withLock { $0 }, "acknowledged before its sync")
        XCTAssertGreaterThanOrEqual(Clock.monotonicNanos() - started, 100_000_000)

        let done = DispatchGroup()
        let early = Locked<[Int64]>([])
        for i in 0..<20 {
            done.enter()
            try store.ingestAsync(message("a\(i)", from: "c\(i % 5)")) { result in
                if case .success(let stored) = result, stored.messageID > durableThrough.withLock({ $0 }) {
                    early.withLock { $0.append(stored.messageID) }
                }
                done.leave()
            }
        }
        XCTAssertEqual(done.wait(timeout: .now() + 30), .success)
        XCTAssertEqual(early.withLock { $0 }, [], "completions ran before the sync that made their message durable")
        XCTAssertTrue(quietDuringSync.withLock { $0 }, "committed fired while the group was not yet durable")
        XCTAssertEqual(try store.counts().messages, 21)
    }

    /// A sync that fails leaves its writes unacknowledged: the caller gets an error (a retry finds the
    /// message stored, as a duplicate), and the store goes on once the disk syncs again.
    func testAFailedSyncFailsTheWritesWaitingOnIt() throws {
        let failNext = Locked(false)
        let store = try Store(path: directory + "/db.sqlite", log: Logger("test"), syncWAL: { descriptor in
            if failNext.withLock({ f in defer { f = false }; return f }) {
                errno = EIO
                return -1
            }
            return fdatasync(descriptor)
        })
        defer { store.close() }
        failNext.withLock { $0 = true }
        XCTAssertThrowsError(try store.ingest(message("m1"))) { error in
            XCTAssertTrue("\(error)".contains("-wal failed"), "\(error)")
        }
        let retried = try store.ingest(message("m1"))
        XCTAssertTrue(retried.duplicate, "the write committed; only its acknowledgement failed")
        XCTAssertFalse(try store.ingest(message("m2")).duplicate)
    }

    /// The writer does not wait for the sync: a write queued while a group syncs commits (readers
    /// see it) before that sync returns.
    func testTheWriterCommitsTheNextGroupWhileASyncRuns() throws {
        let storeBox = Locked<Store?>(nil)
        let overlapped = Locked(false)
        let syncing = Locked(false)
        let firstSync = Locked(true)
        let store = try Store(path: directory + "/db.sqlite", log: Logger("test"), syncWAL: { descriptor in
            guard let store = storeBox.withLock({ $0 }), firstSync.withLock({ f in defer { f = false }; return f }) else {
                return fdatasync(descriptor)
            }
            let before = Self.newestMessageID(store)
            syncing.withLock { $0 = true }
            defer { syncing.withLock { $0 = false } }
            // Bounded: up to 5 s for the next write to commit behind this sync.
            for _ in 0..<500 where before > 0 {
                if Self.newestMessageID(store) > before { overlapped.withLock { $0 = true }; break }
                Thread.sleep(forTimeInterval: 0.01)
            }
            return fdatasync(descriptor)
        })
        defer { store.close() }
        storeBox.withLock { $0 = store }

        let first = DispatchGroup()
        first.enter()
        try store.ingestAsync(message("m1")) { _ in first.leave() }
        // Once m1 is committed and its sync is running, queue m2.
        for _ in 0..<500 where !(syncing.withLock { $0 } && Self.newestMessageID(store) > 0) { Thread.sleep(forTimeInterval: 0.01) }
        let second = try store.ingest(message("m2", from: "bob"))
        XCTAssertEqual(first.wait(timeout: .now() + 10), .success)
        XCTAssertFalse(second.duplicate)
        XCTAssertTrue(overlapped.withLock { $0 }, "the second group waited for the first one's sync")
    }
}
