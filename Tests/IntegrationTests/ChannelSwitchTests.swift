import Foundation
import SwitchboardSupport
import SwitchboardTransport
import XCTest

/// Switching a conversation by channel kind through the real host: a kind with no plugin yet
/// (replies wait, visibly), the same kind once its plugin runs (the waiting replies go out, the
/// notice first), and the refusals.
final class ChannelSwitchTests: XCTestCase {
    func testPlannedKindWaitsThenTheInstalledChannelTakesTheRepliesNoticeFirst() throws {
        let gateway = try SMSGateway()
        defer { gateway.stop() }
        let (host, id) = try hostWithAPIConversation(plugins: ["api", "relay"])
        defer { host.stop() }

        // No SMS plugin runs yet: sms is "planned", email too (not installed here); api is this conversation's own kind.
        var targets = try host.request("GET", "/api/v1/conversations/\(id)/switch-targets").json["targets"]?.arrayValue ?? []
        func state(_ kind: String) -> String? { targets.first { $0["kind"]?.stringValue == kind }?["state"]?.stringValue }
        XCTAssertEqual(state("email"), "planned")
        XCTAssertEqual(state("whatsapp"), "planned")
        XCTAssertNil(state("api"))
        XCTAssertNil(state("sms"), "relay (kind sms) is installed but has no instance: not offered")

        // Refusals change nothing.
        let refused: [(JSON, Int, String)] = [
            (["channel": "sms", "identity_value": "+15551234567"], 409, "channel"),
            (["channel": "pigeon"], 400, "channel"),
            (["channel": "whatsapp", "identity_value": "555"], 400, "identity_value"),
            (["channel": "whatsapp"], 400, "identity_value"),
            (["channel": "email", "channel_instance_id": "api1"], 400, "channel_instance_id"),
        ]
        for (body, status, field) in refused {
            let r = try host.request("POST", "/api/v1/conversations/\(id)/switch", json: body)
            XCTAssertEqual(r.status, status, "\(body): \(r.text)")
            XCTAssertEqual(r.json["field"]?.stringValue, field, "\(body)")
        }
        XCTAssertEqual(try host.request("GET", "/api/v1/conversations/\(id)").json["channel_instance_id"]?.stringValue, "api1")

        // To a kind with no plugin: recorded, and the reply waits visibly.
        let planned = try host.request("POST", "/api/v1/conversations/\(id)/switch",
                                       json: ["channel": "sms", "identity_value": "+15551234567", "notice": "We'll text you from now on."])
        XCTAssertEqual(planned.status, 409, "relay is installed as kind sms, so sms is not planned but unavailable: \(planned.text)")
        let whatsapp = try host.request("POST", "/api/v1/conversations/\(id)/switch",
                                        json: ["channel": "whatsapp", "identity_value": "+15551234567", "notice": "Moved to WhatsApp."])
        XCTAssertEqual(whatsapp.status, 200, whatsapp.text)
        XCTAssertEqual(whatsapp.json["switch"]?["waiting_for_plugin"], .bool(true))
        XCTAssertEqual(whatsapp.json["channel_instance_id"]?.stringValue, "whatsapp")
        let reply = try host.request("POST", "/api/v1/conversations/\(id)/messages", json: ["text": "Your order ships today."])
        XCTAssertEqual(reply.status, 202, reply.text)
        _ = try host.eventually("the reply to show why it waits") { () -> Bool? in
            let messages = try host.request("GET", "/api/v1/conversations/\(id)/messages").json["messages"]?.arrayValue ?? []
            let last = messages.last
            return last?["delivery_status"]?.stringValue == "queued"
                && (last?["delivery_detail"]?.stringValue ?? "").contains("no whatsapp plugin is installed yet") ? true : nil
        }

        // Relay (kind sms) comes up; switching to sms now moves the waiting replies there, the notice first.
        try host.addRelay(gatewayURL: gateway.url)
        targets = try host.request("GET", "/api/v1/conversations/\(id)/switch-targets").json["targets"]?.arrayValue ?? []
        XCTAssertEqual(state("sms"), "available")
        let toSMS = try host.request("POST", "/api/v1/conversations/\(id)/switch",
                                     json: ["channel": "sms", "identity_value": "+15551234567", "notice": "We'll text you from now on."])
        XCTAssertEqual(toSMS.status, 200, toSMS.text)
        XCTAssertEqual(toSMS.json["channel_instance_id"]?.stringValue, "sms1")
        let bodies = try host.eventually("both texts to reach the phone") { () -> [String]? in
            let bodies = gateway.deliveredBodies(to: "+15551234567")
            return bodies.count >= 3 ? bodies : nil
        }
        XCTAssertEqual(bodies, ["Moved to WhatsApp.", "We'll text you from now on.", "Your order ships today."],
                       "each switch's notice goes ahead of the reply that was waiting")
        let events = try host.request("GET", "/api/v1/conversations/\(id)/events").json["events"]?.arrayValue ?? []
        let switches = events.filter { $0["type"]?.stringValue == "conversation.channel_switched" }
        XCTAssertEqual(switches.compactMap { $0["data"]?["to"]?.stringValue }, ["whatsapp", "sms1"])
        XCTAssertEqual(switches.first?["data"]?["waiting_for_plugin"]?.stringValue, "whatsapp")

        // Disabled plugin: refused, and no longer offered.
        XCTAssertEqual(try host.request("POST", "/api/v1/plugins/relay/disable").status, 200)
        let disabled = try host.request("POST", "/api/v1/conversations/\(id)/switch", json: ["channel": "sms"])
        XCTAssertEqual(disabled.status, 409, disabled.text)
        targets = try host.request("GET", "/api/v1/conversations/\(id)/switch-targets").json["targets"]?.arrayValue ?? []
        XCTAssertNil(state("sms"))
    }

    func testTypingIsRelayedAndFilesAreServedOnlyByTheirId() throws {
        let (host, id) = try hostWithAPIConversation(plugins: ["api"])
        defer { host.stop() }
        let typing = try host.request("POST", "/api/v1/conversations/\(id)/typing")
        XCTAssertEqual(typing.status, 202, typing.text)
        XCTAssertEqual(try host.request("POST", "/api/v1/conversations/cv-unknown/typing").status, 404)
        XCTAssertEqual(try host.request("GET", "/files/f00000000000000000000000000000000/x.png").status, 404)
        XCTAssertEqual(try host.request("POST", "/files/f00000000000000000000000000000000/x.png", body: "x").status, 405)
    }

    /// A host with API channel `api1` and one customer conversation on it.
    func hostWithAPIConversation(plugins: [String]) throws -> (HostProcess, String) {
        let host = try HostProcess(plugins: plugins)
        try host.putCredential("api-key", "integrator-secret")
        try host.addChannel("api1", plugin: "api", config: ["api_key_credential": "api-key"])
        let pushed = try host.request("POST", "/hooks/api1/messages", json: ["external_id": "crm-7", "message_id": "m-1", "text": "hello"],
                                      key: "integrator-secret")
        return (host, try XCTUnwrap(pushed.json["conversation_id"]?.stringValue, pushed.text))
    }
}
