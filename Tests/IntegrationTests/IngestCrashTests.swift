import Foundation
import SwitchboardSupport
import XCTest

/// kill -9 while a provider streams messages in, retrying what was not acknowledged: after the
/// restart nothing acknowledged is missing and nothing is stored twice.
final class IngestCrashTests: XCTestCase {
    static let total = 10_000
    static let customers = 50

    func testKillDashNineWhileMessagesStreamInLosesAndDoublesNothing() throws {
        var host = try HostProcess(plugins: ["api"])
        try host.putCredential("api-key", "integrator-secret")
        try host.addChannel("api1", plugin: "api", config: ["api_key_credential": "api-key"])

        let provider = RetryingProvider.apiChannel(host, total: Self.total, workers: 16, customers: Self.customers,
                                                   timeoutMs: 5_000, connectTimeoutMs: 1_000)
        defer { provider.stop() }
        provider.start()

        // Kill the host in full flow, with requests in flight.
        _ = try host.eventually("3000 messages acknowledged", timeout: 60) { provider.acknowledgedCount >= 3_000 ? true : nil }
        host.stop(hard: true)
        let acknowledgedBeforeKill = provider.acknowledged.withLock { Set($0.keys) }

        host = try HostProcess(dataDirectory: host.dataDirectory, pluginsDirectory: host.pluginsDirectory)
        defer { host.stop() }
        // Everything acknowledged before the kill survived it (the provider never sends those again).
        try host.checkNothingAcknowledgedIsLost(acknowledgedBeforeKill, provider: provider, total: Self.total,
                                                maxConversations: Self.customers, finishWithin: 120)
        // Retries happened (across the kill), and the ones the host had already committed were answered
        // as duplicates: the provider's retry of a message that was stored stores nothing.
        let retried = provider.attempts.withLock { $0.filter { $0.value > 1 }.count }
        let duplicates = provider.acknowledged.withLock { $0.values.filter { $0 == .duplicate }.count }
        XCTAssertGreaterThan(retried, 0, "the kill interrupted requests, which the provider sent again")
        print("ingest crash: \(acknowledgedBeforeKill.count) acknowledged before kill -9, \(retried) messages retried, "
              + "\(duplicates) answered as duplicates after the restart")
    }
}
