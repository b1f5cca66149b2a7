import Foundation
@testable import SwitchboardDomain
import SwitchboardSupport
import XCTest

/// The outbox by conversation lane between two "hosts": two Store objects on one database (the
/// SQLite file, or the test's PostgreSQL database), each with its own writer.
final class OutboxLaneTests: StoreTestCase {
    private var other: Store!

    override func setUpWithError() throws {
        try super.setUpWithError()
        other = try Store(location: store.location)
    }

    override func tearDown() {
        other.close()
        super.tearDown()
    }

    private func conversation(_ customer: String) throws -> String {
        try store.ingest(InboundMessage(channelInstanceID: "sms-1", identity: Identity(kind: "phone", value: customer),
                                        providerMessageID: UUID().uuidString, text: "help")).conversationID
    }

    private func reply(_ conversationID: String, _ text: String) throws -> Int64 {
        try store.queueReply(Reply(conversationID: conversationID, authorKind: .agent, authorID: nil, text: text)).id
    }

    /// Later than every reply's next_attempt_at (host clock) so far.
    private var later: Int64 { Clock.nowMillis() + 1 }

    func testALaneIsClaimedByOneHostAndHandsOutOnlyItsHeadInOrder() throws {
        let id = try conversation("+1")
        let replies = try (1...3).map { try reply(id, "reply \($0)") }
        let now = later
        let claim = try XCTUnwrap(try store.claimOutboxLanes(owner: "host_a", ttlMs: 1000, limit: 10, now: now).first)
        XCTAssertEqual(claim.lane.conversationID, id)
        XCTAssertEqual(claim.entry.messageID, replies[0], "only the head")
        XCTAssertTrue(try other.claimOutboxLanes(owner: "host_b", ttlMs: 1000, limit: 10, now: now + 1).isEmpty, "held: not claimed twice")
        try store.markSent(claim.entry, channelInstanceID: "sms-1", providerMessageID: "p1", lane: claim.lane)
        XCTAssertEqual(try store.outboxLane(conversationID: id)?.leaseUntil, 0, "the outcome write gives the lane up")
        // Released: the other host takes the next head, with the next token.
        let next = try XCTUnwrap(try other.claimOutboxLanes(owner: "host_b", ttlMs: 1000, limit: 10, now: now + 2).first)
        XCTAssertEqual(next.entry.messageID, replies[1])
        XCTAssertEqual(next.lane.token, claim.lane.token + 1)
    }

    func testAFailedHeadKeepsItsPlaceAndPushesTheLaneBack() throws {
        let id = try conversation("+1")
        let first = try reply(id, "one")
        _ = try reply(id, "two")
        let now = later
        let claim = try XCTUnwrap(try store.claimOutboxLanes(owner: "host_a", ttlMs: 1000, limit: 10, now: now).first)
        try store.markRetry(claim.entry, error: "provider down", nextAttemptAt: now + 10_000, lane: claim.lane)
        XCTAssertEqual(try store.outboxLane(conversationID: id)?.nextDueAt, now + 10_000)
        XCTAssertTrue(try other.claimOutboxLanes(owner: "host_b", ttlMs: 1000, limit: 10, now: now + 5_000).isEmpty,
                      "the reply behind the failed head does not overtake it")
        let again = try XCTUnwrap(try other.claimOutboxLanes(owner: "host_b", ttlMs: 1000, limit: 10, now: now + 10_000).first)
        XCTAssertEqual(again.entry.messageID, first)
        XCTAssertEqual(again.entry.idempotencyKey, claim.entry.idempotencyKey, "the retry keeps its key")
        XCTAssertEqual(again.entry.attempts, 1)
    }

    func testDeadLetteringTheHeadFreesTheLane() throws {
        let id = try conversation("+1")
        _ = try reply(id, "one")
        let second = try reply(id, "two")
        let now = later
        let claim = try XCTUnwrap(try store.claimOutboxLanes(owner: "host_a", ttlMs: 1000, limit: 10, now: now).first)
        try store.markFailed(claim.entry, error: "rejected", lane: claim.lane)
        XCTAssertEqual(try other.claimOutboxLanes(owner: "host_b", ttlMs: 1000, limit: 10, now: now + 1).first?.entry.messageID, second)
    }

    func testAnExpiredLaneIsTakenOverWithTheSameKeyAndTheStaleOwnersSentIsRefused() throws {
        let id = try conversation("+1")
        let message = try reply(id, "one")
        let now = later
        let stale = try XCTUnwrap(try store.claimOutboxLanes(owner: "host_a", ttlMs: 1000, limit: 10, now: now).first)
        // host_a renews once, then stalls past its lease: host_b takes the lane over, same entry, same key.
        let renewed = try XCTUnwrap(try store.renewOutboxLane(stale.lane, ttlMs: 1000, now: now + 500))
        XCTAssertEqual(renewed.leaseUntil, now + 1500)
        XCTAssertTrue(try other.claimOutboxLanes(owner: "host_b", ttlMs: 1000, limit: 10, now: now + 1400).isEmpty, "renewed: still held")
        let current = try XCTUnwrap(try other.claimOutboxLanes(owner: "host_b", ttlMs: 1000, limit: 10, now: now + 1500).first)
        XCTAssertGreaterThan(current.lane.token, stale.lane.token)
        XCTAssertEqual(current.entry.messageID, message)
        XCTAssertEqual(current.entry.idempotencyKey, stale.entry.idempotencyKey)
        XCTAssertNil(try store.renewOutboxLane(stale.lane, ttlMs: 1000, now: now + 1600), "the stale owner cannot renew")
        // host_a's late "sent" is refused and changes nothing; host_b's is recorded.
        XCTAssertThrowsError(try store.markSent(stale.entry, channelInstanceID: "sms-1", providerMessageID: "late", lane: stale.lane)) {
            XCTAssertTrue($0 is LeaseLost, "\($0)")
        }
        XCTAssertEqual(try store.outboxEntries(state: "pending").map(\.messageID), [message])
        try store.releaseOutboxLane(stale.lane)   // a stale release does not free the new owner's lane
        XCTAssertTrue(try store.claimOutboxLanes(owner: "host_a", ttlMs: 1000, limit: 10, now: now + 1700).isEmpty)
        try other.markSent(current.entry, channelInstanceID: "sms-1", providerMessageID: "p1", lane: current.lane)
        XCTAssertEqual(try store.outboxEntries(state: "sent").map(\.messageID), [message])
        XCTAssertNil(try store.outboxLane(conversationID: id)?.nextDueAt, "nothing pending: the lane is idle")
    }

    func testLeaseTimesComeFromTheDatabaseClock() throws {
        let id = try conversation("+1")
        _ = try reply(id, "one")
        Clock.sleep(milliseconds: 5)
        let before = Clock.nowMillis()
        let claim = try XCTUnwrap(try store.claimOutboxLanes(owner: "host_a", ttlMs: 30_000, limit: 10).first)
        XCTAssertEqual(Double(claim.lane.leaseUntil), Double(before + 30_000), accuracy: 2_000)
        XCTAssertEqual(try store.outboxLane(conversationID: id)?.leaseUntil, claim.lane.leaseUntil)
    }

    func testConcurrentClaimersSendEveryReplyOnceAndInOrderPerConversation() throws {
        let conversations = try (0..<12).map { try conversation("+1555\($0)") }
        var expected: [String: [Int64]] = [:]
        for round in 0..<3 { for id in conversations { expected[id, default: []].append(try reply(id, "r\(round)")) } }
        let sent = Locked<[String: [Int64]]>([:])
        let refused = Locked(0)
        let done = DispatchGroup()
        for (host, db) in [("host_a", store!), ("host_b", other!)] {
            DispatchQueue.global().async(group: done) {
                let deadline = Clock.monotonicMillis() + 20_000
                while Clock.monotonicMillis() < deadline, sent.withLock({ $0.values.map(\.count).reduce(0, +) }) < 36 {
                    guard let claims = try? db.claimOutboxLanes(owner: host, ttlMs: 5_000, limit: 3) else { continue }
                    for claim in claims {
                        // Record the send, then mark it: a second holder would show as a double send.
                        sent.withLock { $0[claim.entry.conversationID, default: []].append(claim.entry.messageID) }
                        do { try db.markSent(claim.entry, channelInstanceID: "sms-1", providerMessageID: nil, lane: claim.lane) } catch { refused.withLock { $0 += 1 } }
                    }
                }
            }
        }
        XCTAssertEqual(done.wait(timeout: .now() + 30), .success)
        XCTAssertEqual(refused.withLock { $0 }, 0, "no lane was ever held by both")
        XCTAssertEqual(sent.withLock { $0 }, expected, "each reply once, in order per conversation")
        XCTAssertTrue(try store.outboxEntries(state: "pending").isEmpty)
    }
}
