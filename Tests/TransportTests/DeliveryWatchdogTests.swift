@testable import SwitchboardTransport
import XCTest

/// The delivery watchdog's clock arithmetic. It reads the clock, then looks at the running calls:
/// a call that started in between is newer than `now`. That once trapped the host (UInt64
/// underflow) under load in `scripts/bench turn`.
final class DeliveryWatchdogTests: XCTestCase {
    func testACallThatStartedAfterTheWatchdogReadTheClockIsNotOverdue() {
        XCTAssertFalse(DeliveryWorker.isOverdue(startedAt: 1_000_000_500, now: 1_000_000_000, limitNanos: 100))
    }

    func testOverdueOnlyPastTheLimit() {
        XCTAssertFalse(DeliveryWorker.isOverdue(startedAt: 1_000, now: 1_100, limitNanos: 100))
        XCTAssertTrue(DeliveryWorker.isOverdue(startedAt: 1_000, now: 1_101, limitNanos: 100))
    }
}
