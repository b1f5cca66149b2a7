@testable import SwitchboardDomain
import SwitchboardSupport
import XCTest

/// The periodic writes that run while ingest does leave the writer's ingest cache alone (each touches
/// none of what it remembers: Store.WriteJob.sparesIngestCache), and any other write still empties it.
final class IngestCacheSparingTests: StoreTestCase {
    /// Whether the writer's cache holds anything, read on the writer inside a write that spares it.
    private func cacheIsEmpty() throws -> Bool {
        let store = self.store!
        return try store.write(rerunnable: true, sparesIngestCache: true) { _ in store.ingestCache.isEmpty }
    }

    private func ingestOne(_ id: String) throws {
        _ = try store.ingest(InboundMessage(channelInstanceID: "api1", identity: Identity(kind: "api", value: "cust-1"),
                                            providerMessageID: id, text: "hello"))
    }

    func testPeriodicWritesSpareTheIngestCacheAndOtherWritesEmptyIt() throws {
        try ingestOne("m1")
        XCTAssertFalse(try cacheIsEmpty(), "ingest remembers the contact and its conversation")

        var progress = NotifierProgress()
        _ = try store.notifyFromEvents(now: Clock.nowMillis(), progress: &progress)   // the first pass writes the cursor
        try ingestOne("m2")
        _ = try store.notifyFromEvents(now: Clock.nowMillis() + 2_000, progress: &progress)   // moves the stored cursor
        XCTAssertEqual(try store.sweepSLA(now: Clock.nowMillis()), 0)
        XCTAssertNil(try store.claimNextExport())
        XCTAssertEqual(try store.expireExports(), [])
        XCTAssertFalse(try cacheIsEmpty(), "the notifier, SLA sweep and export passes spare the cache")

        try store.write { db in try db.run("UPDATE conversations SET priority = 'high'") }
        XCTAssertTrue(try cacheIsEmpty(), "a write not marked may change what the cache knows: it empties it")
    }

    /// The export passes read first: with nothing queued or expired they commit nothing.
    func testExportPassesWithNothingToDoCommitNothing() throws {
        let before = store.commitStats.commits
        for _ in 0..<5 {
            XCTAssertNil(try store.claimNextExport())
            XCTAssertEqual(try store.expireExports(), [])
        }
        XCTAssertEqual(store.commitStats.commits, before)
    }
}
