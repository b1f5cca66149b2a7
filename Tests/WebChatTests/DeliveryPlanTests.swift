import WebChatLogic
import XCTest

/// The fallback decision for a waiting reply: push, hold until seen, wait for the visitor, or move
/// the conversation to the fallback channel.
final class DeliveryPlanTests: XCTestCase {
    let now: Int64 = 10_000_000
    let idle: Int64 = 600_000
    let grace: Int64 = 60_000

    func rules(fallback: Bool) -> FallbackRules { FallbackRules(idleTimeoutMs: idle, reconnectGraceMs: grace, fallbackPossible: fallback) }

    func presence(streams: Int = 0, activeAgoMs: Int64 = 0, goneAgoMs: Int64 = 0, seenUpTo: Int64 = 0) -> Presence {
        Presence(liveStreams: streams, lastActivityMs: now - activeAgoMs, goneSinceMs: now - goneAgoMs, seenUpTo: seenUpTo)
    }

    func testWithoutAFallbackAPushedReplyIsDeliveredAndAnAbsentVisitorIsWaitedFor() {
        let plain = rules(fallback: false)
        XCTAssertEqual(plain.plan(messageID: 5, presence: presence(streams: 2), nowMs: now), .push(waitForSeenMs: nil))
        XCTAssertEqual(plain.plan(messageID: 5, presence: presence(streams: 1, activeAgoMs: 10 * idle), nowMs: now), .push(waitForSeenMs: nil),
                       "idle does not matter with nowhere to fall back to")
        XCTAssertEqual(plain.plan(messageID: 5, presence: presence(goneAgoMs: 10 * grace), nowMs: now), .wait(retryAfterMs: 30_000))
    }

    func testWithAFallbackAPushedReplyWaitsUntilSeenOrTheIdleDeadline() {
        let r = rules(fallback: true)
        XCTAssertEqual(r.plan(messageID: 5, presence: presence(streams: 1, activeAgoMs: 100_000), nowMs: now),
                       .push(waitForSeenMs: UInt32(idle - 100_000)))
        XCTAssertEqual(r.plan(messageID: 5, presence: presence(streams: 1, seenUpTo: 5), nowMs: now), .delivered)
        XCTAssertEqual(r.plan(messageID: 5, presence: presence(streams: 0, goneAgoMs: 10 * grace, seenUpTo: 9), nowMs: now), .delivered,
                       "seen before the connection died")
        XCTAssertEqual(r.plan(messageID: 5, presence: presence(streams: 1, activeAgoMs: idle), nowMs: now), .fallBack(.idle),
                       "an open tab nobody uses for the whole timeout is idle")
    }

    func testAnAbsentVisitorFallsBackOnceTheConnectionIsDeadOrTheyAreIdle() {
        let r = rules(fallback: true)
        XCTAssertEqual(r.plan(messageID: 5, presence: presence(goneAgoMs: grace), nowMs: now), .fallBack(.connectionDead))
        XCTAssertEqual(r.plan(messageID: 5, presence: presence(goneAgoMs: 50_000), nowMs: now), .wait(retryAfterMs: UInt32(grace - 50_000)),
                       "within the grace a reconnect is expected: look again when it ends")
        XCTAssertEqual(r.plan(messageID: 5, presence: presence(activeAgoMs: idle + 1, goneAgoMs: 1_000), nowMs: now), .fallBack(.idle))
        let longGrace = FallbackRules(idleTimeoutMs: idle, reconnectGraceMs: 3_600_000, fallbackPossible: true)
        XCTAssertEqual(longGrace.plan(messageID: 5, presence: presence(goneAgoMs: 0), nowMs: now), .wait(retryAfterMs: 30_000),
                       "waits are capped at 30 s")
    }
}
