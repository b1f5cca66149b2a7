import Foundation
@testable import SwitchboardDomain
import SwitchboardSupport
import XCTest

/// Leases between two "hosts": two Store objects on one database (file or PostgreSQL), each with its own writer.
final class LeaseTests: StoreTestCase {
    private var other: Store!

    override func setUpWithError() throws {
        try super.setUpWithError()
        other = try openStore()
    }

    override func tearDown() {
        other.close()
        super.tearDown()
    }

    func testOneOwnerAtATimeAndAnExpiredLeaseIsTakenOverWithAHigherToken() throws {
        let first = try XCTUnwrap(try store.acquireLease("workflow.sweeps", owner: "host_a", ttlMs: 1000, now: 10_000))
        XCTAssertEqual(first.token, 1)
        XCTAssertNil(try other.acquireLease("workflow.sweeps", owner: "host_b", ttlMs: 1000, now: 10_500), "live: not taken")
        let renewed = try XCTUnwrap(try store.renewLease(first, ttlMs: 1000, now: 10_900))
        XCTAssertEqual(renewed.expiresAt, 11_900)
        XCTAssertNil(try other.acquireLease("workflow.sweeps", owner: "host_b", ttlMs: 1000, now: 11_500), "renewal kept it")
        // host_a stops renewing: once expired, host_b takes it, with the next token.
        let second = try XCTUnwrap(try other.acquireLease("workflow.sweeps", owner: "host_b", ttlMs: 1000, now: 11_900))
        XCTAssertEqual(second.token, 2)
        XCTAssertNil(try store.renewLease(renewed, ttlMs: 1000, now: 12_000), "the stale owner cannot renew")
        XCTAssertEqual(try other.leaseHolder("workflow.sweeps", now: 12_000)?.owner, "host_b")
        // A release frees it at once; the token keeps growing.
        try other.releaseLease(second)
        XCTAssertEqual(try store.acquireLease("workflow.sweeps", owner: "host_a", ttlMs: 1000, now: 12_001)?.token, 3)
    }

    /// Without an explicit `now`, expiries are set and compared on the database's clock: a lease
    /// taken for 400 ms reads as held from the other store, refuses the other owner while live, and
    /// is taken over once the database's clock passed its expiry, whatever either caller's clock says.
    func testLeaseTimesAreTheDatabasesClock() throws {
        let before = Clock.nowMillis()
        let lease = try XCTUnwrap(try store.acquireLease("triage", owner: "host_a", ttlMs: 400))
        let after = Clock.nowMillis()
        // One machine here: the database's clock is this one's, to within rounding.
        XCTAssertGreaterThanOrEqual(lease.expiresAt, before + 400 - 2)
        XCTAssertLessThanOrEqual(lease.expiresAt, after + 400 + 2)
        XCTAssertEqual(try other.leaseHolder("triage")?.owner, "host_a")
        XCTAssertNil(try other.acquireLease("triage", owner: "host_b", ttlMs: 400), "live on the database's clock")
        let renewed = try XCTUnwrap(try store.renewLease(lease, ttlMs: 400))
        XCTAssertGreaterThanOrEqual(renewed.expiresAt, lease.expiresAt)
        usleep(500_000)
        XCTAssertNil(try other.leaseHolder("triage"), "expired on the database's clock")
        XCTAssertNil(try store.renewLease(renewed, ttlMs: 400), "too late to renew")
        XCTAssertEqual(try other.acquireLease("triage", owner: "host_b", ttlMs: 400)?.token, 2)
    }

    func testTheTokenFencesAStaleOwnersWrite() throws {
        let id = try store.ingest(InboundMessage(channelInstanceID: "sms-1", identity: Identity(kind: "phone", value: "+1"),
                                                 providerMessageID: "m1", text: "help")).conversationID
        try store.write { db in try db.run("UPDATE conversations SET status = 'snoozed', snoozed_until = 5 WHERE id = ?", [.text(id)]) }
        let stale = try XCTUnwrap(try store.acquireLease("workflow.sweeps", owner: "host_a", ttlMs: 1000, now: 10_000))
        // host_a pauses past its expiry; host_b takes over. host_a's late sweep is refused and changes nothing.
        let current = try XCTUnwrap(try other.acquireLease("workflow.sweeps", owner: "host_b", ttlMs: 1000, now: 11_000))
        XCTAssertThrowsError(try store.wakeDueSnoozes(now: 11_001, fence: stale)) { XCTAssertTrue($0 is LeaseLost, "\($0)") }
        XCTAssertEqual(try store.conversation(id: id)?.status, .snoozed)
        XCTAssertEqual(try other.wakeDueSnoozes(now: 11_001, fence: current), [id])
        XCTAssertEqual(try store.conversation(id: id)?.status, .active)
    }

    func testConcurrentTakersNeverBothWin() throws {
        // Rounds of two hosts asking at once for an expired lease: exactly one wins each round.
        for round in 0..<40 {
            let now = Int64(round) * 10_000
            let winners = Locked<[String]>([])
            let done = DispatchGroup()
            for (host, store) in [("host_a", store!), ("host_b", other!)] {
                DispatchQueue.global().async(group: done) {
                    if (try? store.acquireLease("webhook:wh_1", owner: host, ttlMs: 5000, now: now)) ?? nil != nil {
                        winners.withLock { $0.append(host) }
                    }
                }
            }
            done.wait()
            XCTAssertEqual(winners.withLock { $0.count }, 1, "round \(round)")
        }
        XCTAssertEqual(try store.leaseHolder("webhook:wh_1", now: 390_000)?.token, 40, "one owner change per round")
    }
}
