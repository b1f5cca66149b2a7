@testable import SwitchboardTransport
import SwitchboardSupport
import XCTest

final class SignInGuardTests: XCTestCase {
    func testFailuresPerEmailAndAddressAreThrottledOverAWindow() {
        let guardian = SignInGuard(limits: .init(windowMs: 60_000, failuresPerEmail: 3, failuresPerAddress: 5, concurrentHashes: 1))
        for i in 0..<3 {
            XCTAssertNil(guardian.retryAfter(email: "Sam@example.com", address: "10.0.0.1", now: Int64(i) * 1000))
            guardian.failed(email: "sam@example.com ", address: "10.0.0.1", now: Int64(i) * 1000)
        }
        XCTAssertEqual(guardian.retryAfter(email: "sam@example.com", address: "10.0.0.9", now: 3000), 57, "per email, whatever the address")
        XCTAssertNil(guardian.retryAfter(email: "sam@example.com", address: "10.0.0.9", now: 60_001), "the oldest failure left the window")
        // Another account from the same address: allowed until the address's own limit.
        XCTAssertNil(guardian.retryAfter(email: "kim@example.com", address: "10.0.0.1", now: 3000))
        guardian.failed(email: "kim@example.com", address: "10.0.0.1", now: 3000)
        guardian.failed(email: "lee@example.com", address: "10.0.0.1", now: 3000)
        XCTAssertNotNil(guardian.retryAfter(email: "new@example.com", address: "10.0.0.1", now: 3000), "per address")
        guardian.succeeded(email: "sam@example.com")
        XCTAssertNil(guardian.retryAfter(email: "sam@example.com", address: "10.0.0.9", now: 3000))
    }

    func testHashingPermitsAreBounded() {
        let guardian = SignInGuard(limits: .init(concurrentHashes: 1))
        let inner = guardian.withHashingPermit { guardian.withHashingPermit(timeoutMs: 50) { 1 } }
        XCTAssertEqual(inner, .some(nil), "a second check waits for the permit, then gives up")
        XCTAssertEqual(guardian.withHashingPermit { 2 }, 2, "the permit came back")
    }
}
