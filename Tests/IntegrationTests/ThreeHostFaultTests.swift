import Foundation
import MetaFake
import SwitchboardDomain
import SwitchboardSupport
import XCTest

/// Three real hosts on one PostgreSQL (issue 23, scaleout.md design item 15): Meta's signed
/// Messenger webhooks for 1,000 customers round-robin over the hosts, some sent twice to
/// different hosts; SSE clients roaming between hosts; two event-webhook subscriptions; one host
/// killed with SIGKILL mid-run and restarted, and PostgreSQL crashed (`pg_ctl -m immediate`) and
/// restarted once. Then every guarantee one host gives must still hold; each check names what broke.
/// Needs SWITCHBOARD_TEST_STORE (scripts/test starts a server); SWITCHBOARD_3HOST_CUSTOMERS scales it.
final class ThreeHostFaultTests: XCTestCase {
    /// Renewals wait behind ingest in a host's writer queue: on 2 shared cores a 2 s TTL lapsed
    /// under load without any fault, which moves subscriptions (with resends) away from the kill.
    static let ttlMs: Int64 = 4000
    let customers = Int(ProcessInfo.processInfo.environment["SWITCHBOARD_3HOST_CUSTOMERS"] ?? "") ?? 1000
    let messagesEach = 3
    static let subscribedType = "conversation.created"
    let pageID = "111"
    var hosts: [HostProcess] = []
    var receivers: [WebhookReceiver] = []
    var streams: [RoamingStream] = []
    var graph: FakeGraphAPI?

    override func tearDown() {
        streams.forEach { $0.stop() }
        hosts.forEach { $0.stop() }
        receivers.forEach { $0.stop() }
        graph?.stop()
    }

    /// When the faults struck, for telling the duplicates they may cause from ones they may not.
    struct Faults {
        var killedHostID = ""
        var killedAt = Date.distantFuture
        var restartedAt = Date.distantFuture
        var databaseDownAt = Date.distantFuture
        var databaseUpAt = Date.distantFuture
    }

    func testThreeHostsKeepEveryGuaranteeThroughAKilledHostAndADatabaseRestart() throws {
        guard let server = TestStore.server else { throw XCTSkip("needs SWITCHBOARD_TEST_STORE (scripts/postgres start)") }
        let began = Date()
        let graph = try FakeGraphAPI()
        self.graph = graph
        graph.addPage(id: pageID, name: "Acme Shoes")
        let ports = try (0..<3).map { _ in try EmailChannelTests.freeLoopbackPort() }
        let first = try startHost(port: ports[0], sharing: nil)
        hosts = [first]
        let databaseURL = try TestStore.database(for: first.dataDirectory, on: server)
        let early = try StoreConnection(postgres: databaseURL)
        try LeaseHistory.install(on: early)
        try first.putCredential("meta-secret", MetaWorld.appSecret)
        try first.putCredential("meta-token", "EAAG-test-token")
        try first.putCredential("meta-verify", MetaWorld.verifyToken)
        try first.addChannel("fb", plugin: "messenger", config: ["page_id": .string(pageID), "app_secret_credential": "meta-secret",
                                                                  "access_token_credential": "meta-token", "verify_token_credential": "meta-verify",
                                                                  "graph_base_url": .string(graph.baseURL), "graph_version": .string(graph.version)])
        hosts += try ports.dropFirst().map { try startHost(port: $0, sharing: first) }
        let hostIDs = try hosts.map { try XCTUnwrap($0.request("GET", "/api/v1/health").json["host_id"]?.stringValue, "host_id in /health") }
        XCTAssertEqual(Set(hostIDs).count, 3, "three distinct hosts")

        // Two subscriptions, made on different hosts, to each customer's first message (one
        // subscription sends one event at a time: a debug build on 2 shared cores sends ~40 a
        // second, so all 3,000 messages would outlast the test); three streams on different hosts.
        var subscriptions: [String] = []
        for index in 0..<2 {
            let receiver = try WebhookReceiver()
            receivers.append(receiver)
            let made = try hosts[index + 1].request("POST", "/api/v1/webhooks", json: ["url": .string(receiver.url), "event_types": .array([.string(Self.subscribedType)])])
            XCTAssertEqual(made.status, 201, made.text)
            receiver.secret.withLock { $0 = made.json["secret"]?.stringValue ?? "" }
            subscriptions.append(try XCTUnwrap(made.json["id"]?.stringValue))
        }
        streams = (0..<3).map { RoamingStream(ports: ports, key: first.adminKey, firstHost: $0, hopAfter: 6 + Double($0) * 2) }
        let starts = streams.map { $0.waitForStart(timeout: 10) }
        XCTAssertFalse(starts.contains(nil), "every stream named its starting point")
        let feedStart = starts.compactMap { $0 }.min() ?? 0

        // The load, with the faults struck from here at a third and two thirds of it.
        let sender = RoundRobinSender(graph: graph, ports: ports, hookPath: MetaWorld.messengerHook, appSecret: MetaWorld.appSecret, pageID: pageID)
        let total = customers * messagesEach
        let loadDone = DispatchSemaphore(value: 0)
        let loadBegan = Date()
        Thread { [customers, messagesEach] in
            sender.run(customers: customers, messagesEach: messagesEach, duplicateEvery: 20, threads: 16, deadline: loadBegan.addingTimeInterval(120))
            loadDone.signal()
        }.start()
        func waitForAcknowledged(_ count: Int) {
            while sender.acknowledgedCount < count && loadDone.wait(timeout: .now() + 0.05) == .timedOut {}
        }
        var faults = Faults()
        progress("load started: \(total) messages from \(customers) customers")
        waitForAcknowledged(total / 3)
        // Kill the host delivering the first subscription, so its takeover is tested too.
        let owner = try early.queryOne("SELECT owner FROM leases WHERE name = ?", [.text("webhook:" + subscriptions[0])]) { $0.text(0) }
        let victim = owner.flatMap { hostIDs.firstIndex(of: $0) } ?? 1
        faults.killedHostID = hostIDs[victim]
        faults.killedAt = Date()
        hosts[victim].stop(hard: true)
        progress("killed host \(victim) at \(sender.acknowledgedCount) acknowledged")
        usleep(useconds_t(Self.ttlMs + 500) * 1000)
        hosts[victim] = try startHost(port: ports[victim], sharing: first)
        faults.restartedAt = Date()
        waitForAcknowledged(2 * total / 3)
        progress("restarting PostgreSQL at \(sender.acknowledgedCount) acknowledged")
        faults.databaseDownAt = Date()
        try TestStore.restartServer()
        faults.databaseUpAt = Date()
        progress("PostgreSQL back")
        loadDone.wait()
        let loadSeconds = Date().timeIntervalSince(loadBegan)

        let acknowledged = sender.acknowledged.withLock { $0 }
        // A new connection: the first one did not live through the restart.
        let database = try StoreConnection(postgres: databaseURL)
        progress("three hosts: \(acknowledged.count) acknowledged (\(acknowledged.filter(\.duplicate).count) duplicates) in "
              + String(format: "%.1f s", loadSeconds) + "; refusals \(sender.refusals.withLock { $0 }); killed host \(victim) "
              + String(format: "at %.1f s, PostgreSQL restarted at %.1f–%.1f s", faults.killedAt.timeIntervalSince(loadBegan),
                       faults.databaseDownAt.timeIntervalSince(loadBegan), faults.databaseUpAt.timeIntervalSince(loadBegan)))
        let connections = try database.queryOne("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()") { $0.int(0) }
        progress("PostgreSQL connections per host after the load: \(Double(connections ?? 0) / 3) (\(connections ?? 0) for three hosts)")
        XCTAssertEqual(sender.abandoned.withLock { $0 }, [], "every message acknowledged by some host within the deadline")
        // A host whose instances are not running yet answers 503 (the provider retries), never 404 (it may give up).
        XCTAssertNil(sender.refusals.withLock { $0["status 404"] }, "no webhook answered 404 while a host started")
        XCTAssertEqual(Set(acknowledged.filter { !$0.duplicate }.map(\.mid)).count, total)

        try checkStoredExactlyOnce(acknowledged, database)
        let maxID = try checkFeedIsDense(database)
        progress("checking the streams")
        try checkStreams(database, after: feedStart, through: maxID)
        progress("checking the subscriptions")
        try checkSubscriptions(subscriptions, database, faults: faults)
        try checkLeases(database, faults: faults)
        progress("three hosts: the whole test took " + String(format: "%.1f s", Date().timeIntervalSince(began)))
    }

    /// A line on stderr at once (stdout is buffered when piped): where a long test is.
    func progress(_ line: String) {
        FileHandle.standardError.write(Data(("three-host test: " + line + "\n").utf8))
    }

    func startHost(port: UInt16, sharing first: HostProcess?) throws -> HostProcess {
        let arguments = ["--listen", "127.0.0.1:\(port)", "--lease-ttl-ms", "\(Self.ttlMs)",
                         "--webhook-retry-base-ms", "50", "--webhook-retry-max-ms", "300"]
        return try HostProcess(plugins: ["messenger"], extraArguments: arguments,
                               dataDirectory: first?.dataDirectory, pluginsDirectory: first?.pluginsDirectory)
    }
}
