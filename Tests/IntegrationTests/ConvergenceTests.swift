import Foundation
import SwitchboardSupport
import XCTest

/// Changes made on one host reach every host sharing the store (ConfigSync): two real host
/// processes on one data directory (one SQLite file, or one PostgreSQL database with
/// SWITCHBOARD_TEST_STORE). A host answers 503 on hooks it has not caught up with.
final class ConvergenceTests: XCTestCase {
    /// The hosts poll every 250 ms (the default); a pass that stops or starts an instance takes a few
    /// more. What the tests allow between one host's acknowledgement and the other's new behaviour.
    static let boundSeconds: TimeInterval = 1.0

    var first: HostProcess!
    var second: HostProcess!

    override func setUpWithError() throws {
        first = try HostProcess.withAPIChannel()
        second = try HostProcess(dataDirectory: first.dataDirectory, pluginsDirectory: first.pluginsDirectory)
    }

    override func tearDown() {
        second?.stop()
        first?.stop()
    }

    func push(_ host: HostProcess, _ messageID: String, external: String = "c-1") throws -> Int {
        try host.request("POST", "/hooks/api1/messages", json: ["external_id": .string(external), "message_id": .string(messageID),
                                                                "text": .string("hello \(messageID)")], key: "integrator-secret").status
    }

    /// Every message id stored through api1, read on `host`.
    func storedMessageIDs(_ host: HostProcess) throws -> Set<String> {
        var ids = Set<String>()
        for conversation in try host.request("GET", "/api/v1/conversations?limit=500").json["conversations"]?.arrayValue ?? [] {
            let id = try XCTUnwrap(conversation["id"]?.stringValue)
            for message in try host.request("GET", "/api/v1/conversations/\(id)/messages?limit=1000").json["messages"]?.arrayValue ?? [] {
                if let text = message["text"]?.stringValue { ids.insert(String(text.dropFirst("hello ".count))) }
            }
        }
        return ids
    }

    func testDisablingAnInstanceOnOneHostStopsItsWebhooksOnTheOtherAndEnablingBringsThemBack() throws {
        XCTAssertEqual(try push(second, "before"), 201)
        let disabled = try first.request("POST", "/api/v1/channels/api1/disable")
        XCTAssertEqual(disabled.status, 200, disabled.text)
        let acknowledged = Date()
        // The other host refuses within the bound; what it took before that was acknowledged and stored.
        var accepted: [String] = []
        var n = 0
        let refusedAfter = try second.eventually("the other host refusing api1's webhooks", timeout: 5) { () -> TimeInterval? in
            n += 1
            let status = try push(second, "window-\(n)")
            if status == 201 { accepted.append("window-\(n)"); return nil }
            XCTAssertTrue([404, 503].contains(status), "refused as not running or not caught up: \(status)")
            return Date().timeIntervalSince(acknowledged)
        }
        XCTAssertLessThanOrEqual(refusedAfter, Self.boundSeconds, "refused \(Int(refusedAfter * 1000)) ms after the disable was acknowledged")
        print("the other host refused api1's webhooks \(Int(refusedAfter * 1000)) ms after the disable")
        // Past the bound neither host takes a message for it, and none is stored.
        usleep(useconds_t(Self.boundSeconds * 1_000_000))
        for host in [first!, second!] {
            for i in 0..<5 { XCTAssertEqual(try push(host, "late-\(i)"), 404, "a disabled instance takes nothing") }
        }
        let stored = try storedMessageIDs(first)
        XCTAssertTrue(stored.isSuperset(of: ["before"] + accepted), "everything acknowledged is stored")
        XCTAssertTrue(stored.filter { $0.hasPrefix("late-") }.isEmpty, "nothing refused is stored")
        XCTAssertEqual(try second.request("GET", "/api/v1/channels/api1").json["state"]?.stringValue, "disabled")

        // Enabled again on the other host: both take webhooks.
        XCTAssertEqual(try second.request("POST", "/api/v1/channels/api1/enable").status, 200)
        XCTAssertEqual(try push(second, "again-second"), 201)
        let enabledAgain = try first.eventually("the first host taking api1's webhooks again", timeout: 5) { () -> TimeInterval? in
            try push(first, "again-first-\(UUID().uuidString.prefix(6))") == 201 ? Date().timeIntervalSince(acknowledged) : nil
        }
        XCTAssertEqual(try first.request("GET", "/api/v1/channels/api1").json["state"]?.stringValue, "running")
        _ = enabledAgain
    }

    /// A new configuration (another API key) set on one host is the one the other runs.
    func testANewConfigurationOnOneHostIsTheOneTheOtherRuns() throws {
        try first.putCredential("api-key-2", "rotated-secret")
        let patched = try first.request("PATCH", "/api/v1/channels/api1", json: ["config": ["api_key_credential": "api-key-2"]])
        XCTAssertEqual(patched.status, 200, patched.text)
        var n = 0
        _ = try second.eventually("the other host taking only the new key", timeout: 5) { () -> Bool? in
            n += 1
            let old = try second.request("POST", "/hooks/api1/messages", json: ["external_id": "c-1", "message_id": .string("old-\(n)"), "text": "x"],
                                         key: "integrator-secret").status
            let new = try second.request("POST", "/hooks/api1/messages", json: ["external_id": "c-1", "message_id": .string("new-\(n)"), "text": "x"],
                                         key: "rotated-secret").status
            return (400..<500).contains(old) && new == 201 ? true : nil
        }
    }

    /// A setting the ingest cache keeps (the SLA policies) changed on one host applies to the next
    /// message the other host takes.
    func testAnSLAPolicyMadeOnOneHostAppliesToMessagesTheOtherTakes() throws {
        // The second host's ingest has read (and cached) the policies: none yet.
        let early = try second.customerWrites("c-early", "hello")
        XCTAssertEqual(try second.request("GET", "/api/v1/conversations/\(early)").json["sla"], .null)
        let made = try first.request("POST", "/api/v1/sla/policies", json: ["name": "Fast", "first_response_minutes": 30])
        XCTAssertEqual(made.status, 201, made.text)
        let policy = try XCTUnwrap(made.json["id"]?.stringValue)
        usleep(useconds_t(Self.boundSeconds * 1_000_000))
        let later = try second.customerWrites("c-later", "hello again")
        let sla = try second.request("GET", "/api/v1/conversations/\(later)").json["sla"]
        XCTAssertEqual(sla?["policy_id"]?.stringValue, policy, "the other host's ingest uses the new policy: \(sla ?? .null)")
    }

    /// Unplaced conversations are routed again after a rule change only by the host holding the
    /// sweeps: a rule made on the other host reaches it through the store. (The first host started
    /// first, so it holds them.)
    func testARoutingRuleMadeOnTheOtherHostRoutesTheConversationsNobodyHandles() throws {
        let team = try first.addTeam("Support")
        let waiting = try first.customerWrites("c-waiting", "anyone there?")
        usleep(500_000)   // the holder's pass found no rule, binding or default team: it stays unrouted
        XCTAssertEqual(try first.request("GET", "/api/v1/conversations/\(waiting)").json["team_id"], .null)
        let rule = try second.request("POST", "/api/v1/routing-rules", json: ["name": "Everything", "team_id": .string(team),
                                                                            "conditions": ["channel_instance_ids": ["api1"]]])
        XCTAssertEqual(rule.status, 201, rule.text)
        _ = try first.eventually("the waiting conversation routed by the new rule", timeout: 5) {
            try first.request("GET", "/api/v1/conversations/\(waiting)").json["team_id"]?.stringValue == team ? true : nil
        }
    }

    /// An upgrade on one host: the other runs the new build (the data directory's plugin cache has it).
    func testAPluginUpgradedOnOneHostRunsTheNewBuildOnTheOther() throws {
        let upgrade = try Self.newBuild(of: "api", in: first.pluginsDirectory)
        let before = try second.request("GET", "/api/v1/plugins/api").json["sha256"]?.stringValue
        let upgraded = try first.request("POST", "/api/v1/plugins/api/upgrade", json: ["path": .string(upgrade.directory)])
        XCTAssertEqual(upgraded.status, 200, upgraded.text)
        XCTAssertNotEqual(before, upgrade.sha256)
        _ = try second.eventually("the other host on the new build", timeout: 5) {
            try second.request("GET", "/api/v1/plugins/api").json["sha256"]?.stringValue == upgrade.sha256 ? true : nil
        }
        XCTAssertEqual(try push(second, "on-new-build"), 201)
        XCTAssertTrue(second.log.contains("converged with the store"), second.log)
    }

    /// Separate machines each have a data directory (and plugin cache) of their own; only the
    /// PostgreSQL store lets them share the database. An upgrade to a build such a host cannot find
    /// holds that plugin's hooks at 503 there, with Retry-After, until the build is in its plugins
    /// directory; then it runs it. The host never records its old build as the active one.
    func testAHostWithoutTheNewBuildAnswers503UntilItHasIt() throws {
        guard let server = TestStore.server else { throw XCTSkip("needs SWITCHBOARD_TEST_STORE (hosts with separate data directories share PostgreSQL)") }
        let database = try TestStore.database(for: first.dataDirectory, on: server)
        let scratch = NSTemporaryDirectory() + "switchboard-test-" + UUID().uuidString
        let data = scratch + "/data", plugins = scratch + "/plugins"
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: first.pluginsDirectory, toPath: plugins)
        try FileManager.default.copyItem(atPath: first.dataDirectory + "/admin.key", toPath: data + "/admin.key")
        let apart = try HostProcess(extraArguments: ["--store", database], dataDirectory: data, pluginsDirectory: plugins)
        defer { apart.stop() }
        XCTAssertEqual(try push(apart, "apart-before"), 201)

        let upgrade = try Self.newBuild(of: "api", in: first.pluginsDirectory)
        XCTAssertEqual(try first.request("POST", "/api/v1/plugins/api/upgrade", json: ["path": .string(upgrade.directory)]).status, 200)
        // Until it polls, it still serves the old build (acknowledged, stored); then it holds the hooks.
        var attempt = 0
        let held = try apart.eventually("503 on the host without the build", timeout: 5) { () -> (id: String, response: HTTPClientResponse)? in
            attempt += 1
            let id = "apart-held-\(attempt)"
            let body = Array(#"{"external_id":"c-1","message_id":"\#(id)","text":"hello \#(id)"}"#.utf8)
            let r = try HTTPClient.perform(HTTPClientRequest(method: "POST", url: apart.baseURL + "/hooks/api1/messages",
                                                             headers: [("Authorization", "Bearer integrator-secret"), ("Content-Type", "application/json")],
                                                             body: body))
            return r.status == 503 ? (id, r) : nil
        }
        XCTAssertEqual(held.response.header("Retry-After"), "1")
        XCTAssertEqual((try? JSON.parse(held.response.body))?["error"]?.stringValue, "not_converged", held.response.text)
        XCTAssertEqual(try push(first, "on-first"), 201, "the host that upgraded serves it")
        XCTAssertEqual(try first.request("GET", "/api/v1/plugins/api").json["sha256"]?.stringValue, upgrade.sha256,
                       "the other host did not put its old build back")

        // The operator deploys the build on that machine: it catches up (retried every 2 s) and serves again.
        try FileManager.default.removeItem(atPath: plugins + "/api")
        try FileManager.default.copyItem(atPath: upgrade.directory, toPath: plugins + "/api")
        _ = try apart.eventually("the host serving the new build", timeout: 10) { try push(apart, "apart-after") == 201 ? true : nil }
        XCTAssertEqual(try apart.request("GET", "/api/v1/plugins/api").json["sha256"]?.stringValue, upgrade.sha256)
        XCTAssertFalse(try storedMessageIDs(first).contains(held.id), "a refused message is not stored")
    }

    /// A copy of a staged plugin with different bytes (so another content-addressed build), beside the plugins directory.
    static func newBuild(of plugin: String, in pluginsDirectory: String) throws -> (directory: String, sha256: String) {
        let directory = pluginsDirectory + "/../\(plugin)-next-\(UUID().uuidString.prefix(6))"
        try FileManager.default.copyItem(atPath: pluginsDirectory + "/" + plugin, toPath: directory)
        var manifest = try XCTUnwrap(try JSON.parse(String(contentsOfFile: directory + "/plugin.json", encoding: .utf8)).objectValue)
        let library = directory + "/" + (try XCTUnwrap(manifest["library"]?.stringValue))
        var bytes = try Data(contentsOf: URL(fileURLWithPath: library))
        bytes.append(contentsOf: Array("switchboard convergence test".utf8))
        try bytes.write(to: URL(fileURLWithPath: library))
        let sha256 = Crypto.sha256Hex(Array(bytes))
        manifest["sha256"] = .string(sha256)
        try JSON.object(manifest).serialized.write(toFile: directory + "/plugin.json", atomically: true, encoding: .utf8)
        return (directory, sha256)
    }
}
