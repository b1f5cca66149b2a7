import Foundation
import SwitchboardSupport
import XCTest

/// Requests the API channel deferred (waiting for their commits, on suspended connections) when
/// the plugin is disabled or the host stops: each gets an answer (stored, or 503 and retried),
/// none hangs, and every acknowledged message is stored exactly once.
final class DeferredRequestsAtStopTests: XCTestCase {
    static let total = 3_000
    static let senders = 200
    static let customers = 50

    func provider(_ host: HostProcess) -> RetryingProvider {
        RetryingProvider.apiChannel(host, total: Self.total, workers: Self.senders, customers: Self.customers)
    }

    func startHost(_ extraArguments: [String] = []) throws -> HostProcess {
        let host = try HostProcess(plugins: ["api"], extraArguments: extraArguments)
        try host.putCredential("api-key", "integrator-secret")
        try host.addChannel("api1", plugin: "api", config: ["api_key_credential": "api-key"])
        return host
    }

    func testDisablingThePluginWithDeferredRequestsInFlightLosesAndDoublesNothing() throws {
        let host = try startHost()
        defer { host.stop() }
        let provider = provider(host)
        defer { provider.stop() }
        provider.start()
        _ = try host.eventually("500 acknowledged", timeout: 60) { provider.acknowledgedCount >= 500 ? true : nil }
        XCTAssertEqual(try host.request("POST", "/api/v1/plugins/api/disable").status, 200)
        usleep(300_000)
        XCTAssertEqual(try host.request("POST", "/api/v1/plugins/api/enable").status, 200)
        try host.checkNothingAcknowledgedIsLost([], provider: provider, total: Self.total,
                                                maxConversations: Self.customers, finishWithin: 120)
    }

    func testStoppingTheHostWithDeferredRequestsInFlightIsPromptAndLosesNothing() throws {
        try stopWithDeferredRequestsInFlight([])
    }

    /// The same with the API channel's handler on the event loop: its requests are suspended there,
    /// after the handler deferred them, and stopping still answers or keeps each one.
    func testStoppingWithHandlersOnTheEventLoopIsPromptAndLosesNothing() throws {
        try stopWithDeferredRequestsInFlight(["--http-inline", "on"])
    }

    private func stopWithDeferredRequestsInFlight(_ extraArguments: [String]) throws {
        var host = try startHost(extraArguments)
        let provider = provider(host)
        defer { provider.stop() }
        provider.start()
        _ = try host.eventually("500 acknowledged", timeout: 60) { provider.acknowledgedCount >= 500 ? true : nil }
        let started = Date()
        host.stop()
        let took = Date().timeIntervalSince(started)
        XCTAssertLessThan(took, 10, "a graceful stop with deferred requests in flight took \(took) s")
        let acknowledgedBeforeStop = provider.acknowledged.withLock { Set($0.keys) }

        host = try HostProcess(extraArguments: extraArguments, dataDirectory: host.dataDirectory, pluginsDirectory: host.pluginsDirectory)
        defer { host.stop() }
        try host.checkNothingAcknowledgedIsLost(acknowledgedBeforeStop, provider: provider, total: Self.total,
                                                maxConversations: Self.customers, finishWithin: 120)
    }
}
