import Foundation
@testable import SwitchboardDomain
import SwitchboardSupport
import XCTest

/// The host's LISTEN connection (PostgresNotifications), two of them standing for two hosts:
/// a notification reaches the other host's subscribers of that channel only, not its sender; a
/// lost connection is opened again and its subscribers are told they may have missed some.
/// Skipped without SWITCHBOARD_TEST_STORE (scripts/postgres start).
final class PostgresNotificationsTests: XCTestCase {
    func testNotificationsReachTheOtherHostAndALostConnectionComesBackWithAHint() throws {
        guard let url = ProcessInfo.processInfo.environment["SWITCHBOARD_TEST_STORE"], !url.isEmpty else {
            throw XCTSkip("SWITCHBOARD_TEST_STORE is not set (scripts/postgres start)")
        }
        let (a, b) = (PostgresNotifications(conninfo: url), PostgresNotifications(conninfo: url))
        defer { a.stop(); b.stop() }
        let heardOnA = Locked<[String?]>([]), heardOnB = Locked<[String?]>([]), otherChannel = Locked<[String?]>([])
        a.subscribe("sb_test_feed") { payload in heardOnA.withLock { $0.append(payload) } }
        b.subscribe("sb_test_feed") { payload in heardOnB.withLock { $0.append(payload) } }
        b.subscribe("sb_test_other") { payload in otherChannel.withLock { $0.append(payload) } }
        a.start()
        b.start()
        let admin = try StoreConnection(postgres: url)
        func listeners() throws -> Int64 {
            try admin.queryOne("SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'LISTEN sb_test_%' OR query LIKE 'SELECT pg_notify%'") { $0.int(0) } ?? 0
        }
        try eventually("both hosts listening") { try listeners() >= 2 }

        a.notify("sb_test_feed", payload: "41")
        a.notify("sb_test_feed", payload: "42")
        try eventually("B hears both, in order") { heardOnB.withLock { $0 } == ["41", "42"] }
        Clock.sleep(milliseconds: 200)
        XCTAssertEqual(heardOnA.withLock { $0 }, [], "a host does not hear its own notifications")
        XCTAssertEqual(otherChannel.withLock { $0 }, [], "only the channel's subscribers")

        // B's connection dies (a PostgreSQL restart, a network cut): it comes back, says so, and hears again.
        try admin.run("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = 'LISTEN sb_test_other' OR query = 'LISTEN sb_test_feed'")
        try eventually("B's subscribers told they may have missed some") {
            heardOnB.withLock { $0.contains(nil) } && otherChannel.withLock { $0.contains(nil) }
        }
        try eventually("B hears again after reconnecting", timeout: 10) {
            a.notify("sb_test_feed", payload: "43")
            Clock.sleep(milliseconds: 100)
            return heardOnB.withLock { $0.contains("43") }
        }
    }

    private func eventually(_ what: String, timeout: TimeInterval = 5, _ check: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try check() { return }
            usleep(20_000)
        }
        XCTFail("not within \(timeout) s: \(what)")
    }
}
