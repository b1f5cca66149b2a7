import Foundation
import SwitchboardSupport
import XCTest

/// The workers woken by every group commit (notifier, webhook dispatcher, event streams) must not
/// write only because they woke: each such write commits and wakes them again. The notifier did, and
/// an idle host committed empty transactions in a loop, tens of thousands a second, on the writer.
final class IdleHostTests: XCTestCase {
    func testAHostWithNothingToDoCommitsNothing() throws {
        let host = try HostProcess(plugins: ["api"])
        defer { host.stop() }
        try host.putCredential("k", "secret")
        try host.addChannel("api1", plugin: "api", config: ["api_key_credential": "k"])
        let stored = try host.request("POST", "/hooks/api1/messages", json: ["external_id": "c1", "message_id": "m1", "text": "hello"], key: "secret")
        XCTAssertEqual(stored.status, 201, stored.text)

        func commits() throws -> Int {
            let metrics = try host.request("GET", "/api/v1/metrics").text
            let line = try XCTUnwrap(metrics.split(separator: "\n").first { $0.hasPrefix("switchboard_store_commits_total ") })
            return Int(try XCTUnwrap(Double(line.split(separator: " ")[1])))
        }
        Thread.sleep(forTimeInterval: 1.5)   // the notifier reads the message's events and stores its cursor
        let before = try commits()
        Thread.sleep(forTimeInterval: 2)
        // The scheduler's own sweeps write about twice a second; the loop wrote thousands of times.
        XCTAssertLessThanOrEqual(try commits() - before, 10, "an idle host commits (almost) nothing")
    }

    /// A request the API channel refuses (a wrong key, a field it cannot take) writes nothing: the
    /// writer's CPU is for messages that are stored.
    func testRefusedRequestsCommitNothing() throws {
        let host = try HostProcess(plugins: ["api"])
        defer { host.stop() }
        try host.putCredential("k", "secret")
        try host.addChannel("api1", plugin: "api", config: ["api_key_credential": "k"])
        func commits() throws -> Int {
            let metrics = try host.request("GET", "/api/v1/metrics").text
            let line = try XCTUnwrap(metrics.split(separator: "\n").first { $0.hasPrefix("switchboard_store_commits_total ") })
            return Int(try XCTUnwrap(Double(line.split(separator: " ")[1])))
        }
        Thread.sleep(forTimeInterval: 1)
        let before = try commits()
        let refusals = 200
        for i in 0..<refusals {
            let wrongKey = try host.request("POST", "/hooks/api1/messages", json: ["external_id": .string("c\(i)"), "message_id": .string("k\(i)"), "text": "hi"],
                                            key: "not-the-key")
            XCTAssertEqual(wrongKey.status, 401, wrongKey.text)
            let badField = try host.request("POST", "/hooks/api1/messages",
                                            json: ["external_id": .string("c\(i)"), "message_id": .string("f\(i)"), "text": "hi", "attachments": "none"], key: "secret")
            XCTAssertEqual(badField.status, 400, badField.text)
        }
        // Periodic work (lease renewals, sweeps) may commit a few times meanwhile; a write per refusal would be hundreds.
        XCTAssertLessThan(try commits() - before, 20, "\(2 * refusals) refused requests")
    }
}
