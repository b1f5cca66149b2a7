import Foundation
import SwitchboardSupport
import XCTest

/// kill -9 while the outbox holds replies: after the restart every reply is delivered, in order
/// per conversation, and the gateway (which honours Idempotency-Key) sends each one once.
final class OutboxCrashTests: XCTestCase {
    static let customers = 10
    static let repliesEach = 10

    func testKillDashNineWithRepliesInTheOutboxDeliversEachOnce() throws {
        // The gateway is down (nothing listens on its port) while the replies are queued.
        let port = try { () throws -> UInt16 in
            let probe = try SMSGateway()
            defer { probe.stop() }
            return probe.port
        }()
        // Retries must outlast the outage, not give up. The restarted host is a new owner: it waits
        // out the lanes the killed one held (their lease TTL), kept short here.
        let arguments = ["--max-attempts", "1000", "--lease-ttl-ms", "2000"]
        var host = try HostProcess(plugins: ["relay"], extraArguments: arguments)
        try host.addRelay(gatewayURL: "http://127.0.0.1:\(port)")
        var conversations: [(phone: String, id: String)] = []
        for c in 0..<Self.customers {
            let phone = "+1555100\(String(format: "%04d", c))"
            conversations.append((phone, try host.smsIn("in-\(c)", from: phone, text: "hello")))
        }
        for n in 0..<Self.repliesEach {
            for (_, id) in conversations {
                let r = try host.request("POST", "/api/v1/conversations/\(id)/messages", json: ["text": .string("reply \(n)")])
                XCTAssertEqual(r.status, 202, r.text)
            }
        }
        let total = Self.customers * Self.repliesEach
        XCTAssertEqual(try host.outbox("pending").count, total)
        _ = try host.eventually("attempts against the closed port") {
            try host.outbox("pending").contains { ($0["attempts"]?.intValue ?? 0) > 0 } ? true : nil
        }

        // 1. Killed with every reply still in the outbox.
        host.stop(hard: true)
        host = try HostProcess(extraArguments: arguments, dataDirectory: host.dataDirectory, pluginsDirectory: host.pluginsDirectory)
        XCTAssertEqual(try host.outbox("pending").count, total, "the queued replies survived kill -9")

        // 2. The gateway comes back (slow, so the next kill finds deliveries in flight) and is killed mid-way.
        let gateway = try SMSGateway(port: port, delayMs: 25)
        defer { gateway.stop() }
        _ = try host.eventually("some replies delivered", timeout: 30) { gateway.delivered.withLock { $0.count } >= total / 3 ? true : nil }
        host.stop(hard: true)
        let deliveredAtKill = gateway.delivered.withLock { $0.count }
        XCTAssertLessThan(deliveredAtKill, total, "the kill came before the outbox drained")

        host = try HostProcess(extraArguments: arguments, dataDirectory: host.dataDirectory, pluginsDirectory: host.pluginsDirectory)
        defer { host.stop() }
        _ = try host.eventually("every reply delivered", timeout: 60) {
            try host.outbox("pending").isEmpty && host.outbox("sent").count == total ? true : nil
        }

        // Each reply reached the phone once, in the order it was written, with its own key.
        let delivered = gateway.delivered.withLock { $0 }
        XCTAssertEqual(delivered.count, total)
        XCTAssertEqual(Set(delivered.map(\.key)).count, total, "one idempotency key per reply")
        for (phone, _) in conversations {
            XCTAssertEqual(gateway.deliveredBodies(to: phone), (0..<Self.repliesEach).map { "reply \($0)" }, "order for \(phone)")
        }
        // Only what was in flight at the second kill was sent again, with the same key (the gateway
        // answered with the message it had accepted): at most one per delivery worker.
        let submissions = gateway.submissions.withLock { $0 }
        let resent = Dictionary(grouping: submissions, by: \.key).filter { $0.value.count > 1 }
        XCTAssertLessThanOrEqual(resent.count, 4, "resent keys: \(resent.keys.sorted())")
        XCTAssertTrue(resent.values.allSatisfy { $0.count == 2 }, "no key sent more than twice")
        XCTAssertEqual(submissions.count, total + resent.count, "no other submission was repeated")
        for entry in try host.outbox("sent") {
            XCTAssertEqual(entry["state"]?.stringValue, "sent")
        }
        print("outbox crash: \(deliveredAtKill) of \(total) delivered at the second kill, \(resent.count) resent with their key")
    }
}
