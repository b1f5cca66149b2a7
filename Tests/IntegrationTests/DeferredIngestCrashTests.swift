import Foundation
import SwitchboardSupport
import XCTest

/// kill -9 while thousands of requests wait on deferred answers (ABI 1.3: the API channel answers
/// from its ingest completion): after the restart every acknowledged message is stored, once.
final class DeferredIngestCrashTests: XCTestCase {
    static let total = 8_000
    static let senders = 2_000
    static let customers = 50

    func testKillDashNineWithThousandsOfDeferredRequestsLosesAndDoublesNothing() throws {
        var host = try HostProcess(plugins: ["api"])
        try host.putCredential("api-key", "integrator-secret")
        try host.addChannel("api1", plugin: "api", config: ["api_key_credential": "api-key"])

        let provider = RetryingProvider.apiChannel(host, total: Self.total, workers: Self.senders, customers: Self.customers)
        defer { provider.stop() }
        provider.start()

        // Kill the host once the senders are all in flight: each holds a request the plugin deferred.
        _ = try host.eventually("1000 messages acknowledged", timeout: 120) { provider.acknowledgedCount >= 1_000 ? true : nil }
        let acknowledgedBeforeMetrics = provider.acknowledgedCount
        let metrics = try host.request("GET", "/api/v1/metrics").text
        let inFlight = provider.outstandingCount
        host.stop(hard: true)
        let acknowledgedBeforeKill = provider.acknowledged.withLock { Set($0.keys) }
        // Every acknowledged request went through the deferred path (the API channel answers from its ingest completion).
        let deferredLine = metrics.split(separator: "\n").first { $0.hasPrefix("switchboard_http_deferred_total") }
        let deferred = try XCTUnwrap(deferredLine.flatMap { Int($0.split(separator: " ").last ?? "") }, metrics)
        XCTAssertGreaterThanOrEqual(deferred, acknowledgedBeforeMetrics, "each acknowledged request was deferred")
        // Requests sent and not answered at the kill: received and deferred, or waiting for a worker (event-driven HTTP).
        XCTAssertGreaterThan(inFlight, Self.senders / 20, "hundreds of requests were in flight at the kill")

        host = try HostProcess(dataDirectory: host.dataDirectory, pluginsDirectory: host.pluginsDirectory)
        defer { host.stop() }
        try host.checkNothingAcknowledgedIsLost(acknowledgedBeforeKill, provider: provider, total: Self.total,
                                                maxConversations: Self.customers, finishWithin: 240)
        print("deferred ingest crash: \(acknowledgedBeforeKill.count) acknowledged before kill -9, "
              + "\(inFlight) deferred requests in flight")
    }
}
