import Foundation
@testable import SwitchboardTransport
import SwitchboardDomain
import SwitchboardSupport
import XCTest

final class SignInGuardTests: XCTestCase {
    private var directory = ""

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "sign-in-guard-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: directory) }

    func testFailuresPerEmailAndAddressAreThrottledOverAWindow() throws {
        let store = try Store(location: try TestStoreLocation.at(directory))
        defer { store.close() }
        let guardian = SignInGuard(store: store, limits: .init(windowMs: 60_000, failuresPerEmail: 3, failuresPerAddress: 5, concurrentHashes: 1))
        for i in 0..<3 {
            XCTAssertNil(try guardian.retryAfter(email: "Sam@example.com", address: "10.0.0.1", now: Int64(i) * 1000))
            try guardian.failed(email: "sam@example.com ", address: "10.0.0.1", now: Int64(i) * 1000)
        }
        XCTAssertEqual(try guardian.retryAfter(email: "sam@example.com", address: "10.0.0.9", now: 3000), 57, "per email, whatever the address")
        XCTAssertNil(try guardian.retryAfter(email: "sam@example.com", address: "10.0.0.9", now: 60_001), "the oldest failure left the window")
        // Another account from the same address: allowed until the address's own limit.
        XCTAssertNil(try guardian.retryAfter(email: "kim@example.com", address: "10.0.0.1", now: 3000))
        try guardian.failed(email: "kim@example.com", address: "10.0.0.1", now: 3000)
        try guardian.failed(email: "lee@example.com", address: "10.0.0.1", now: 3000)
        XCTAssertNotNil(try guardian.retryAfter(email: "new@example.com", address: "10.0.0.1", now: 3000), "per address")
        try guardian.succeeded(email: "sam@example.com")
        XCTAssertNil(try guardian.retryAfter(email: "sam@example.com", address: "10.0.0.9", now: 3000))
    }

    /// Two hosts on one store (here two Store objects on one database) share the count, and
    /// failures past the window are pruned as new ones come in.
    func testFailuresAreSharedThroughTheStoreAndPruned() throws {
        let first = try Store(location: try TestStoreLocation.at(directory))
        let second = try Store(location: try TestStoreLocation.at(directory))
        defer { first.close(); second.close() }
        let limits = SignInGuard.Limits(windowMs: 60_000, failuresPerEmail: 4, failuresPerAddress: 100, concurrentHashes: 1)
        let hosts = [SignInGuard(store: first, limits: limits), SignInGuard(store: second, limits: limits)]
        for i in 0..<4 {
            XCTAssertNil(try hosts[(i + 1) % 2].retryAfter(email: "sam@example.com", address: "10.0.0.\(i)", now: 1000))
            try hosts[i % 2].failed(email: "sam@example.com", address: "10.0.0.\(i)", now: 1000)
        }
        XCTAssertEqual(try hosts[0].retryAfter(email: "sam@example.com", address: "10.0.0.9", now: 2000), 59)
        XCTAssertEqual(try hosts[1].retryAfter(email: "sam@example.com", address: "10.0.0.9", now: 2000), 59)
        try hosts[1].failed(email: "kim@example.com", address: "10.0.0.9", now: 70_000)
        XCTAssertEqual(try first.signInFailures(key: "email:sam@example.com", since: 0).count, 0, "pruned once past the window")
    }

    func testHashingPermitsAreBounded() throws {
        let store = try Store(location: try TestStoreLocation.at(directory))
        defer { store.close() }
        let guardian = SignInGuard(store: store, limits: .init(concurrentHashes: 1))
        let inner = guardian.withHashingPermit { guardian.withHashingPermit(timeoutMs: 50) { 1 } }
        XCTAssertEqual(inner, .some(nil), "a second check waits for the permit, then gives up")
        XCTAssertEqual(guardian.withHashingPermit { 2 }, 2, "the permit came back")
    }
}
