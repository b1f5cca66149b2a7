import Foundation
@testable import SwitchboardDomain
import SwitchboardSupport
import XCTest

/// The event feed on PostgreSQL with several writers (FeedHead): ids given at commit, dense and in
/// commit order, so a reader resuming after an id never misses an event. Two stores on one database
/// stand for two hosts. Skipped without SWITCHBOARD_TEST_STORE (scripts/postgres start).
final class FeedHeadTests: XCTestCase {
    private var server = ""
    private var database = ""
    private var url = ""

    override func setUpWithError() throws {
        guard let server = ProcessInfo.processInfo.environment["SWITCHBOARD_TEST_STORE"], !server.isEmpty else {
            throw XCTSkip("SWITCHBOARD_TEST_STORE is not set (scripts/postgres start)")
        }
        self.server = server
        database = "sbt_feed_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        url = try PostgresServer.createDatabase(database, on: server)
    }

    override func tearDown() {
        if !database.isEmpty { try? PostgresServer.dropDatabase(database, on: server) }
    }

    private func message(_ id: String, from customer: String) -> InboundMessage {
        InboundMessage(channelInstanceID: "email1", identity: Identity(kind: "email", value: customer), providerMessageID: id, text: id)
    }

    /// A write that appends an event and then fails: rolled back, its id with it. True if it failed.
    private static func appendThenFail(_ store: Store) -> Bool {
        do {
            try store.write { db in
                try Store.appendEvent(db, conversationID: nil, type: "test.failed", actor: "system", data: [:], now: 0)
                throw IngestError.conversationNotFound("cnv_missing")
            }
            return false
        } catch {
            return true
        }
    }

    private func allEventIDs(_ store: Store) throws -> [Int64] {
        try store.read { db in try db.query("SELECT id FROM events ORDER BY id") { $0.int(0) } }
    }

    /// Two writers ingest at once, with failing writes among them, while a reader tails the feed
    /// after its cursor: ids are 1…n without a hole, each conversation's events keep its order,
    /// and the tail saw every event once, in order.
    func testTwoWritersNumberEventsDenselyInCommitOrderAndATailMissesNone() throws {
        let hosts = [try Store(location: .postgres(url)), try Store(location: .postgres(url))]
        defer { for host in hosts { host.close() } }
        let customers = 8, perCustomer = 15
        let tailed = Locked<[Int64]>([])
        let writing = Locked(true)
        let tail = Thread {
            var cursor: Int64 = 0
            var idle = false
            while !idle {
                let done = writing.withLock { !$0 }
                guard let page = try? hosts[1].events(after: cursor, visibleTo: .everyone, limit: 50) else { continue }
                tailed.withLock { $0 += page.events.map(\.id) }
                cursor = page.through
                idle = done && page.events.isEmpty
            }
        }
        tail.start()
        let group = DispatchGroup()
        for customer in 0..<customers {
            group.enter()
            Thread {
                defer { group.leave() }
                for n in 0..<perCustomer {
                    // Alternate hosts: one customer's messages arrive at both, one after another.
                    let host = hosts[(customer + n) % 2]
                    let message = InboundMessage(channelInstanceID: "email1", identity: Identity(kind: "email", value: "c\(customer)@example.com"),
                                                 providerMessageID: "c\(customer)-m\(n)", text: "c\(customer)-m\(n)")
                    do { _ = try host.ingest(message) } catch { XCTFail("ingest: \(error)") }
                    // A write that appends an event and then fails: rolled back, its id with it.
                    if n % 4 == 0 { XCTAssertTrue(Self.appendThenFail(host)) }
                }
            }.start()
        }
        XCTAssertEqual(group.wait(timeout: .now() + 120), .success)
        writing.withLock { $0 = false }
        while !tail.isFinished { usleep(10_000) }

        let ids = try allEventIDs(hosts[0])
        let expected = customers * (perCustomer + 1)   // conversation.created + message.received each
        XCTAssertEqual(ids.count, expected)
        XCTAssertEqual(ids, Array(1...Int64(expected)), "dense from 1: no hole, none pending")
        XCTAssertEqual(try hosts[0].read { try FeedHead.committedHead($0) }, Int64(expected))
        XCTAssertEqual(tailed.withLock { $0 }, ids, "the tail saw every event once, in order")
        for customer in 0..<customers {
            let conversation = try hosts[0].ingest(message("c\(customer)-m0", from: "c\(customer)@example.com")).conversationID
            let received = try hosts[0].events(conversationID: conversation).filter { $0.type == "message.received" }
            let texts = try received.map { event -> String in
                let id = try XCTUnwrap(try JSON.parse(event.dataJSON)["message_id"]?.intValue)
                return try XCTUnwrap(try hosts[0].read { db in try db.queryOne("SELECT text FROM messages WHERE id = ?", [.integer(Int64(id))]) { $0.text(0) } })
            }
            XCTAssertEqual(texts, (0..<perCustomer).map { "c\(customer)-m\($0)" }, "in the order they arrived")
        }
    }

    /// A write that fails in its own savepoint inside a group, and a whole group that fails, give
    /// their ids back; recordEvent answers the id the event committed with, never a pending one.
    func testFailedWritesLeaveNoGapAndRecordEventAnswersTheFinalID() throws {
        let store = try Store(location: .postgres(url))
        defer { store.close() }
        let first = try store.recordEvent(conversationID: nil, type: "test.first", actor: "system", data: [:])
        XCTAssertEqual(first, 1)
        // Eight writes queued behind a held one commit as one group; the failing one rolls back alone.
        let holding = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
        Thread { _ = try? store.write { _ in holding.signal(); release.wait() } }.start()
        holding.wait()
        let answered = Locked<[Int64]>([])
        let group = DispatchGroup()
        for i in 0..<8 {
            group.enter()
            Thread {
                defer { group.leave() }
                if i == 3 {
                    XCTAssertTrue(Self.appendThenFail(store))
                } else if let id = try? store.recordEvent(conversationID: nil, type: "test.grouped", actor: "system", data: ["i": .number(Double(i))]) {
                    answered.withLock { $0.append(id) }
                }
            }.start()
        }
        Clock.sleep(milliseconds: 200)
        release.signal()
        XCTAssertEqual(group.wait(timeout: .now() + 30), .success)
        XCTAssertEqual(answered.withLock { $0.sorted() }, Array(2...8))
        for id in answered.withLock({ $0 }) {
            let type = try store.read { db in try db.queryOne("SELECT type FROM events WHERE id = ?", [.integer(id)]) { $0.text(0) } }
            XCTAssertEqual(type, "test.grouped", "the answered id is the stored event's")
        }
        XCTAssertEqual(try store.recordEvent(conversationID: nil, type: "test.after", actor: "system", data: [:]), 9)
        XCTAssertEqual(try allEventIDs(store), Array(1...9))
    }
}
