import Foundation
import SwitchboardSupport
import XCTest

/// Open streams are written by the host's stream loop: they hold no thread each, every one of
/// them still gets its events and heartbeats, and a client that leaves is noticed without a write.
final class StreamLoopTests: XCTestCase {
    var host: HostProcess!

    override func tearDown() { host?.stop() }

    func threads() throws -> Int {
        let status = try String(contentsOfFile: "/proc/\(host.process.processIdentifier)/status", encoding: .utf8)
        let line = try XCTUnwrap(status.split(separator: "\n").first { $0.hasPrefix("Threads:") })
        return try XCTUnwrap(Int(line.split(separator: "\t").last!.trimmingCharacters(in: .whitespaces)))
    }

    func openStreams() throws -> Int {
        let metrics = try host.request("GET", "/api/v1/metrics").text
        let line = try XCTUnwrap(metrics.split(separator: "\n").first { $0.hasPrefix("switchboard_event_streams_open ") })
        return Int(Double(line.split(separator: " ")[1])!)
    }

    func testTwoHundredOpenStreamsHoldNoThreadsGetEveryEventAndLeavingClientsAreNoticed() throws {
        host = try HostProcess(plugins: ["api"], extraArguments: ["--stream-heartbeat-ms", "300"])
        try host.putCredential("api-key", "integrator-secret")
        try host.addChannel("api1", plugin: "api", config: ["api_key_credential": "api-key"])
        let before = try threads()
        let clients = try (0..<200).map { _ in
            try SSEClient(port: host.port, path: "/api/v1/stream", headers: [("Authorization", "Bearer \(host.adminKey)")])
        }
        for client in clients {
            XCTAssertEqual(client.status, 200)
            XCTAssertEqual(client.header("Transfer-Encoding"), "chunked")
            try client.pump(until: Date().addingTimeInterval(5)) { client.retry != nil }
            XCTAssertEqual(client.retry, 2000)
        }
        let during = try threads()
        XCTAssertLessThan(during - before, 20, "200 open streams hold \(during - before) more threads")

        let r = try host.request("POST", "/hooks/api1/messages", json: ["external_id": "ann", "message_id": "m1", "text": "hello"],
                                 key: "integrator-secret")
        XCTAssertEqual(r.status, 201, r.text)
        for client in clients {
            XCTAssertEqual(try client.next(2).map(\.event), ["conversation.created", "message.received"])
        }
        // Silence: each stream gets the heartbeat comment from the loop.
        let quiet = clients[17]
        try quiet.pump(until: Date().addingTimeInterval(3)) { !quiet.comments.isEmpty }
        XCTAssertEqual(quiet.comments.first?.trimmingCharacters(in: .whitespaces), "keep-alive")

        // Half the clients leave; the host sees their sockets close and frees their slots.
        for client in clients[..<100] { client.close() }
        XCTAssertEqual(try host.eventually("the departed streams to be forgotten") { try openStreams() == 100 ? true : nil }, true)
        let r2 = try host.request("POST", "/hooks/api1/messages", json: ["external_id": "ann", "message_id": "m2", "text": "again"],
                                  key: "integrator-secret")
        XCTAssertEqual(r2.status, 201, r2.text)
        for client in clients[100...] { XCTAssertEqual(try client.next(1).map(\.event), ["message.received"]) }
    }
}
