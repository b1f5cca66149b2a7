import Foundation
import SwitchboardSupport
import XCTest

/// Event-driven HTTP (issue 22): a few event-loop threads serve every connection, so idle
/// keep-alive connections and requests waiting for their commit (deferred by the API channel)
/// hold no thread each.
final class IdleConnectionThreadsTests: XCTestCase {
    static let idle = 2_000
    static let senders = 300
    static let messages = 6_000

    func threads(_ host: HostProcess) throws -> Int {
        let status = try String(contentsOfFile: "/proc/\(host.process.processIdentifier)/status", encoding: .utf8)
        let line = try XCTUnwrap(status.split(separator: "\n").first { $0.hasPrefix("Threads:") })
        return try XCTUnwrap(Int(line.split(separator: "\t").last!.trimmingCharacters(in: .whitespaces)))
    }

    func testTwoThousandIdleKeepAliveConnectionsAndDeferredRequestsHoldNoThreads() throws {
        let host = try HostProcess(plugins: ["api"])
        defer { host.stop() }
        try host.putCredential("api-key", "integrator-secret")
        try host.addChannel("api1", plugin: "api", config: ["api_key_credential": "api-key"])
        let before = try threads(host)

        // 2,000 connections, each served once, then left open and idle.
        let connections = try (0..<Self.idle).map { _ in try KeepAliveConnection(port: host.port) }
        for connection in connections { try connection.send("GET", "/no-such-page") }
        for connection in connections { XCTAssertEqual(try connection.readStatus(), 404) }
        let idle = try threads(host)
        XCTAssertLessThan(idle - before, 16, "\(Self.idle) idle keep-alive connections hold \(idle - before) more threads")

        // Meanwhile hundreds of senders, each request deferred until its message is committed.
        let provider = RetryingProvider.apiChannel(host, total: Self.messages, workers: Self.senders, customers: 100)
        defer { provider.stop() }
        provider.start()
        var most = idle, inFlight = 0
        let deadline = Date().addingTimeInterval(40)
        while !provider.isFinished && Date() < deadline {
            most = max(most, try threads(host))
            if inFlight == 0 && provider.acknowledgedCount > Self.messages / 4 {
                // Requests out at once (sent, not yet answered), and every acknowledged one went through the deferred path.
                inFlight = provider.outstandingCount
                let acknowledged = provider.acknowledgedCount
                let metrics = try host.request("GET", "/api/v1/metrics").text
                let line = metrics.split(separator: "\n").first { $0.hasPrefix("switchboard_http_deferred_total") }
                let deferred = try XCTUnwrap(line.flatMap { Int($0.split(separator: " ").last ?? "") }, metrics)
                XCTAssertGreaterThanOrEqual(deferred, acknowledged, "each acknowledged request was deferred")
            }
            usleep(20_000)
        }
        XCTAssertTrue(provider.isFinished, "\(provider.acknowledgedCount) of \(Self.messages) acknowledged within 40 s")
        XCTAssertEqual(provider.acknowledgedCount, Self.messages)
        XCTAssertGreaterThan(inFlight, Self.senders / 10, "requests were in flight at once (deferred, or waiting for a worker)")
        XCTAssertLessThan(most - before, 24, "idle connections and \(inFlight)+ deferred requests held \(most - before) more threads")

        // Every idle connection was kept and still serves.
        for connection in connections { try connection.send("GET", "/no-such-page") }
        for connection in connections { XCTAssertEqual(try connection.readStatus(), 404) }
        print("idle connection threads: \(before) threads at start, \(idle) with \(Self.idle) idle connections, "
              + "at most \(most) with \(inFlight)+ deferred requests in flight")
    }
}
