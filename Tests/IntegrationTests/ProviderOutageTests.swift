import Foundation
import SwitchboardSupport
import SwitchboardTransport
import XCTest

/// The provider fails for a while (500s, 503s, requests that time out) and then recovers: every
/// reply goes out afterwards, in order per conversation; a reply that keeps failing is marked
/// failed after the maximum attempts, listed, and does not hold back its conversation.
final class ProviderOutageTests: XCTestCase {
    static let doomed = "+15559990000"

    func testRepliesSurviveAnOutageAndAHopelessOneIsMarkedFailedAndListed() throws {
        // With retries at 100, 200, 400, 800, 800 ms (±25%), the 5th attempt of a reply comes after
        // the outage and the 6th (the last) never has to: healthy replies all survive it.
        let outageMs: Int64 = 1_000
        let started = Locked<Int64?>(nil)
        let hung = Locked(0)
        let gateway = try SMSGateway { submission, n in
            if submission.to == Self.doomed { return .error(500, "unavailable", "this number never works") }
            let first = started.withLock { s -> Int64 in
                if s == nil { s = Clock.monotonicMillis() }
                return s!
            }
            guard Clock.monotonicMillis() - first < outageMs else { return nil }
            switch n % 3 {
            case 0: return .error(500, "internal", "try again")
            case 1: return .error(503, "unavailable", "overloaded")
            default:
                // Longer than Relay waits (three quarters of --deliver-timeout-ms): a timeout, not an answer.
                hung.withLock { $0 += 1 }
                usleep(1_100_000)
                return .error(504, "late", "too late")
            }
        }
        defer { gateway.stop() }
        let host = try HostProcess(plugins: ["relay"], extraArguments: ["--deliver-timeout-ms", "1200", "--max-attempts", "6",
                                                                        "--retry-base-ms", "100", "--retry-max-ms", "800"])
        defer { host.stop() }
        try host.addRelay(gatewayURL: gateway.url)

        var phones: [String] = []
        var conversations: [String: String] = [:]
        for c in 0..<5 {
            let phone = "+1555200\(String(format: "%04d", c))"
            phones.append(phone)
            conversations[phone] = try host.smsIn("in-\(c)", from: phone, text: "hi")
        }
        conversations[Self.doomed] = try host.smsIn("in-doomed", from: Self.doomed, text: "hi")
        for n in 0..<4 {
            for phone in phones + [Self.doomed] where n < 2 || phone != Self.doomed {
                let r = try host.request("POST", "/api/v1/conversations/\(conversations[phone]!)/messages", json: ["text": .string("reply \(n)")])
                XCTAssertEqual(r.status, 202, r.text)
            }
        }

        _ = try host.eventually("the healthy replies delivered and the hopeless ones failed", timeout: 60) {
            try host.outbox("pending").isEmpty ? true : nil
        }
        XCTAssertGreaterThan(hung.withLock { $0 }, 0, "some attempts timed out")
        for phone in phones {
            XCTAssertEqual(gateway.deliveredBodies(to: phone), (0..<4).map { "reply \($0)" }, "every reply to \(phone), in order")
        }
        XCTAssertEqual(gateway.delivered.withLock { $0.count }, 20, "each reply sent once")
        XCTAssertEqual(try host.outbox("sent").count, 20)

        // Both replies to the hopeless number: failed after the maximum attempts, listed, visible on the message.
        let failed = try host.outbox("failed")
        XCTAssertEqual(failed.count, 2, "\(failed)")
        for entry in failed {
            XCTAssertEqual(entry["conversation_id"]?.stringValue, conversations[Self.doomed])
            XCTAssertEqual(entry["attempts"]?.intValue, 6)
            XCTAssertTrue(entry["last_error"]?.stringValue?.contains("gave up after 6 attempts") ?? false, "\(entry)")
        }
        let messages = try host.request("GET", "/api/v1/conversations/\(conversations[Self.doomed]!)/messages").json["messages"]?.arrayValue ?? []
        XCTAssertEqual(messages.filter { $0["delivery_status"]?.stringValue == "failed" }.count, 2)
        XCTAssertEqual(gateway.submissions.withLock { $0.filter { $0.to == Self.doomed }.count }, 12, "6 attempts at each")
    }

    /// A reply to a conversation whose channel is disabled waits (no attempt spent) and goes out once
    /// the channel is enabled, however many times the worker looked at it meanwhile.
    func testAReplyWaitingOnADisabledChannelGoesOutWhenItIsEnabledAgain() throws {
        let gateway = try SMSGateway()
        defer { gateway.stop() }
        let host = try HostProcess(plugins: ["relay"])
        defer { host.stop() }
        try host.addRelay(gatewayURL: gateway.url)
        let conversation = try host.smsIn("in-1", from: "+15554000001", text: "hi")
        XCTAssertEqual(try host.request("POST", "/api/v1/channels/sms1/disable").status, 200)
        XCTAssertEqual(try host.request("POST", "/api/v1/conversations/\(conversation)/messages", json: ["text": "later"]).status, 202)
        // The worker looks at it (and postpones it) at least twice: 2 s apart.
        _ = try host.eventually("the reply postponed", timeout: 10) {
            try host.outbox("pending").first?["last_error"]?.stringValue?.contains("waiting on channel sms1") == true ? true : nil
        }
        usleep(2_500_000)
        XCTAssertEqual(try host.request("POST", "/api/v1/channels/sms1/enable").status, 200)
        _ = try host.eventually("the reply delivered after the channel came back", timeout: 10) {
            gateway.deliveredBodies(to: "+15554000001") == ["later"] ? true : nil
        }
        // The gateway answers before the host commits the entry as sent: wait for that commit.
        let sent = try host.eventually("the reply marked sent", timeout: 10) { try host.outbox("sent").first }
        XCTAssertEqual(sent["attempts"]?.intValue, 1, "waiting spent no attempt")
    }
}
