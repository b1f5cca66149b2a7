import Foundation
import SwitchboardSupport
import XCTest

/// REST errors, plugin refusal, persistence across restarts, health and metrics.
final class HostBehaviourTests: XCTestCase {
    func testRESTBadInputGetsClearErrors() throws {
        let host = try HostProcess(plugins: ["api"], extraArguments: ["--max-body", "4096"])
        defer { host.stop() }
        XCTAssertEqual(try host.request("GET", "/nowhere").status, 404)
        XCTAssertEqual(try host.request("GET", "/api/v1/conversations", key: "wrong").status, 401)
        XCTAssertEqual(try host.request("DELETE", "/api/v1/conversations").status, 405)
        let malformed = try host.request("POST", "/api/v1/channels", body: "{\"id\": ", headers: [("Content-Type", "application/json")])
        XCTAssertEqual(malformed.status, 400)
        XCTAssertEqual(malformed.json["error"]?.stringValue, "invalid_json")
        let badField = try host.request("POST", "/api/v1/channels", json: ["id": "Bad ID!", "plugin_id": "api"])
        XCTAssertEqual(badField.status, 400)
        XCTAssertEqual(badField.json["field"]?.stringValue, "id")
        let badConfig = try host.request("POST", "/api/v1/channels", json: ["id": "a1", "plugin_id": "api", "config": ["api_key_credential": "missing"]])
        XCTAssertEqual(badConfig.status, 400)
        XCTAssertEqual(badConfig.json["field"]?.stringValue, "config.api_key_credential", badConfig.text)
        let big = try host.request("POST", "/api/v1/channels", body: String(repeating: "x", count: 10_000), headers: [("Content-Type", "application/json")])
        XCTAssertEqual(big.status, 413)
        XCTAssertEqual(try host.request("GET", "/api/v1/conversations/cnv_missing").status, 404)
        XCTAssertEqual(try host.request("GET", "/api/v1/conversations?status=sleeping").json["field"]?.stringValue, "status")
        XCTAssertEqual(try host.request("GET", "/api/v1/health", key: "").status, 200)
        let metrics = try host.request("GET", "/api/v1/metrics")
        XCTAssertTrue(metrics.text.contains("switchboard_http_requests_total"), metrics.text)

        // An integrator key sees only its own channel instances and cannot administer.
        try host.putCredential("k", "secret")
        try host.addChannel("api1", plugin: "api", config: ["api_key_credential": "k"])
        let created = try host.request("POST", "/api/v1/api-keys", json: ["name": "crm", "role": "integrator", "channel_instance_ids": ["api1"]])
        let integrator = try XCTUnwrap(created.json["key"]?.stringValue)
        XCTAssertEqual(try host.request("GET", "/api/v1/plugins", key: integrator).status, 403)
        XCTAssertEqual(try host.request("GET", "/api/v1/conversations", key: integrator).status, 200)
    }

    /// ABI 1.3: a manifest that declares admin operations needs a descriptor that can run them.
    func testAPluginDeclaringAdminOperationsWithoutAdminCallIsRefused() throws {
        let fm = FileManager.default
        let scratch = NSTemporaryDirectory() + "switchboard-admin-ops-" + UUID().uuidString
        defer { try? fm.removeItem(atPath: scratch) }
        let plugins = scratch + "/plugins"
        try fm.createDirectory(atPath: plugins, withIntermediateDirectories: true)
        try fm.copyItem(atPath: HostProcess.stagedPlugins + "/relay", toPath: plugins + "/relay")
        let relayManifest = plugins + "/relay/plugin.json"
        var manifest = try JSON.parse(String(contentsOfFile: relayManifest, encoding: .utf8)).objectValue!
        manifest["admin_operations"] = [["name": "gateway.ping", "scope": "plugin"]]
        try JSON.object(manifest).serialized.write(toFile: relayManifest, atomically: true, encoding: .utf8)

        let host = try HostProcess(dataDirectory: scratch + "/data", pluginsDirectory: plugins)
        defer { host.stop() }
        let relay = try host.request("GET", "/api/v1/plugins/relay").json
        XCTAssertTrue(relay["error"]?.stringValue?.contains("admin_call") == true, relay.serialized)
        XCTAssertEqual(try host.request("POST", "/api/v1/plugins/relay/operations/gateway.ping", json: [:]).status, 404)
    }

    func testBadPluginsAreRefusedAndTheRestKeepRunning() throws {
        let fm = FileManager.default
        let scratch = NSTemporaryDirectory() + "switchboard-bad-plugins-" + UUID().uuidString
        let plugins = scratch + "/plugins"
        try fm.createDirectory(atPath: plugins, withIntermediateDirectories: true)
        for plugin in ["api", "relay"] { try fm.copyItem(atPath: HostProcess.stagedPlugins + "/" + plugin, toPath: plugins + "/" + plugin) }
        // A checksum mismatch, and a manifest that is not JSON.
        let relayManifest = plugins + "/relay/plugin.json"
        var manifest = try JSON.parse(String(contentsOfFile: relayManifest, encoding: .utf8)).objectValue!
        manifest["sha256"] = .string(String(repeating: "0", count: 64))
        try JSON.object(manifest).serialized.write(toFile: relayManifest, atomically: true, encoding: .utf8)
        try fm.createDirectory(atPath: plugins + "/broken", withIntermediateDirectories: true)
        try "{ not json".write(toFile: plugins + "/broken/plugin.json", atomically: true, encoding: .utf8)

        let again = try HostProcess(dataDirectory: scratch + "/data", pluginsDirectory: plugins)
        defer { again.stop() }
        let listed = try again.request("GET", "/api/v1/plugins").json["plugins"]?.arrayValue ?? []
        let byID = Dictionary(uniqueKeysWithValues: listed.map { ($0["id"]!.stringValue!, $0) })
        XCTAssertNotNil(byID["api"]?["sha256"]?.stringValue, "the good plugin loaded")
        XCTAssertTrue(byID["relay"]?["error"]?.stringValue?.contains("checksum mismatch") ?? false, "\(listed)")
        XCTAssertTrue(again.log.contains("bad manifest"), again.log)
    }

    func testAnInstanceThatFailsToStartIsReportedAndOthersKeepRunning() throws {
        let host = try HostProcess(plugins: ["api", "relay"])
        defer { host.stop() }
        try host.putCredential("k", "secret")
        try host.addChannel("api1", plugin: "api", config: ["api_key_credential": "k"])
        let refused = try host.request("POST", "/api/v1/channels", json: ["id": "sms1", "plugin_id": "relay", "config": [
            "gateway_url": "ftp://nowhere", "token_credential": "k", "inbound_secret_credential": "k", "sender": "+15550000000"]])
        XCTAssertEqual(refused.status, 201, refused.text)
        XCTAssertEqual(refused.json["state"]?.stringValue, "failed")
        XCTAssertTrue(refused.json["reason"]?.stringValue?.contains("gateway_url") ?? false, refused.text)
        XCTAssertTrue(host.log.contains("instance sms1 did not start"), host.log)
        XCTAssertEqual(try host.request("POST", "/hooks/api1/messages", json: ["external_id": "p", "message_id": "1", "text": "hi"], key: "secret").status, 201)
    }

    func testStateSurvivesARestart() throws {
        let host = try HostProcess(plugins: ["api"])
        try host.putCredential("k", "secret")
        try host.addChannel("api1", plugin: "api", config: ["api_key_credential": "k"])
        try host.addChannel("api2", plugin: "api", config: ["api_key_credential": "k"])
        XCTAssertEqual(try host.request("POST", "/api/v1/channels/api2/disable").json["state"]?.stringValue, "disabled")
        let stored = try host.request("POST", "/hooks/api1/messages", json: ["external_id": "p", "message_id": "1", "text": "hello"], key: "secret")
        XCTAssertEqual(stored.status, 201)
        host.stop()

        let again = try HostProcess(dataDirectory: host.dataDirectory, pluginsDirectory: host.pluginsDirectory)
        defer { again.stop() }
        let channels = try again.request("GET", "/api/v1/channels").json["channels"]?.arrayValue ?? []
        XCTAssertEqual(channels.first { $0["id"]?.stringValue == "api1" }?["state"]?.stringValue, "running")
        XCTAssertEqual(channels.first { $0["id"]?.stringValue == "api2" }?["state"]?.stringValue, "disabled")
        XCTAssertEqual(try again.request("GET", "/api/v1/conversations").json["conversations"]?.arrayValue?.count, 1)
        let retry = try again.request("POST", "/hooks/api1/messages", json: ["external_id": "p", "message_id": "1", "text": "hello"], key: "secret")
        XCTAssertEqual(retry.json["status"]?.stringValue, "duplicate")
    }
}
