import Foundation
import SwitchboardSupport
import XCTest

/// A plugin whose deliver() never returns (Tests/Plugins/Hang): the call is bounded by the delivery
/// watchdog, the instance is quarantined with a visible reason, the other channels keep working,
/// and enabling the instance again sends the reply that was waiting.
final class HungPluginTests: XCTestCase {
    func testAHungDeliverIsBoundedQuarantinedAndTheOtherChannelsKeepWorking() throws {
        let scratch = NSTemporaryDirectory() + "switchboard-hang-" + UUID().uuidString
        let plugins = scratch + "/plugins"
        try FileManager.default.createDirectory(atPath: plugins, withIntermediateDirectories: true)
        for plugin in ["api", "relay"] { try FileManager.default.copyItem(atPath: HostProcess.stagedPlugins + "/" + plugin, toPath: plugins + "/" + plugin) }
        try Self.buildHangPlugin(into: plugins + "/hang", scratch: scratch)

        let gateway = try SMSGateway()
        defer { gateway.stop() }
        let host = try HostProcess(extraArguments: ["--deliver-timeout-ms", "500"], dataDirectory: scratch + "/data", pluginsDirectory: plugins)
        defer { host.stop() }
        try host.addRelay(gatewayURL: gateway.url)
        try host.addChannel("stuck", plugin: "hang", config: [:])
        try host.putCredential("api-key", "integrator-secret")
        try host.addChannel("api1", plugin: "api", config: ["api_key_credential": "api-key"])

        // Ann's conversation moves to the hanging channel; Bob's stays on SMS.
        let ann = try host.smsIn("a-1", from: "+15553000001", text: "hi")
        let bob = try host.smsIn("b-1", from: "+15553000002", text: "hello")
        XCTAssertEqual(try host.request("POST", "/api/v1/conversations/\(ann)/switch", json: ["channel_instance_id": "stuck"]).status, 200)

        let queuedAt = Date()
        let stuckReply = try host.request("POST", "/api/v1/conversations/\(ann)/messages", json: ["text": "this one hangs"])
        XCTAssertEqual(stuckReply.status, 202, stuckReply.text)
        let reason = try host.eventually("the hanging instance quarantined", timeout: 10) { () -> String? in
            let channel = try host.request("GET", "/api/v1/channels/stuck").json
            return channel["state"]?.stringValue == "quarantined" ? channel["reason"]?.stringValue : nil
        }
        let bound = Date().timeIntervalSince(queuedAt)
        XCTAssertLessThan(bound, 5, "the watchdog bounded the call (500 ms) and quarantined the instance")
        XCTAssertTrue(reason.contains("deliver() did not return within 500 ms"), reason)
        XCTAssertTrue(host.log.contains("quarantined: deliver() did not return within 500 ms"), host.log)

        // The other channels keep working: Relay delivers, the API channel ingests.
        XCTAssertEqual(try host.request("POST", "/api/v1/conversations/\(bob)/messages", json: ["text": "still here"]).status, 202)
        _ = try host.eventually("Bob's reply over SMS") { gateway.deliveredBodies(to: "+15553000002") == ["still here"] ? true : nil }
        let inbound = try host.request("POST", "/hooks/api1/messages", json: ["external_id": "c-1", "message_id": "m-1", "text": "hi"],
                                       key: "integrator-secret")
        XCTAssertEqual(inbound.status, 201, inbound.text)
        XCTAssertEqual(try host.request("POST", "/hooks/stuck/anything", body: "x").status, 503, "a quarantined instance takes no webhooks")

        // The hung reply waits without spending an attempt.
        let waiting = try XCTUnwrap(try host.outbox("pending").first { $0["conversation_id"]?.stringValue == ann })
        XCTAssertEqual(waiting["attempts"]?.intValue, 0)
        XCTAssertTrue(waiting["last_error"]?.stringValue?.contains("stuck") ?? false, "\(waiting)")

        // Enabling the instance starts a fresh one (the hung call is left behind), and the reply goes out.
        let enabled = try host.request("POST", "/api/v1/channels/stuck/enable")
        XCTAssertEqual(enabled.status, 200, enabled.text)
        XCTAssertEqual(enabled.json["state"]?.stringValue, "running")
        let sent = try host.eventually("the waiting reply sent") { () -> JSON? in
            let messages = try host.request("GET", "/api/v1/conversations/\(ann)/messages").json["messages"]?.arrayValue ?? []
            return messages.first { $0["text"]?.stringValue == "this one hangs" && $0["delivery_status"]?.stringValue == "sent" }
        }
        XCTAssertTrue(sent["provider_message_id"]?.stringValue?.hasPrefix("hang-") ?? false, "\(sent)")
    }

    static func buildHangPlugin(into folder: String, scratch: String) throws {
        try TestPlugins.build("Hang", source: "hang.c", library: "libhang.so", into: folder, scratch: scratch)
    }
}
