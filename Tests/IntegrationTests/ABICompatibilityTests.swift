import Foundation
import SwitchboardSupport
import SwitchboardTransport
import XCTest

/// A plugin built against an older minor version of the header keeps working when the header
/// grows: the Relay C plugin compiled against the frozen ABI 1.0 and 1.2 headers (Tests/ABI/v1.0
/// and v1.2, staged as `relay-abi10` and `relay-abi12`) loads into today's host, stores inbound
/// messages and delivers replies.
final class ABICompatibilityTests: XCTestCase {
    func testARelayBuiltAgainstABI10LoadsAndWorksInThisHost() throws {
        try exerciseRelay(build: "relay-abi10")
    }

    func testARelayBuiltAgainstABI12LoadsAndWorksInThisHost() throws {
        try exerciseRelay(build: "relay-abi12")
    }

    private func exerciseRelay(build: String) throws {
        let gateway = try FakeProvider { request in
            guard request.method == "POST", request.path == "/v1/messages", request.header("Authorization") == "Bearer gw-token" else {
                return .error(401, "unauthorized", "bad token")
            }
            return .json(201, ["id": "rl_1", "status": "queued"])
        }
        defer { gateway.stop() }
        let host = try HostProcess(plugins: [build, "email"])
        defer { host.stop() }

        let plugins = try host.request("GET", "/api/v1/plugins").json["plugins"]?.arrayValue ?? []
        XCTAssertEqual(Set(plugins.compactMap { $0["id"]?.stringValue }), ["relay", "email"], "\(plugins)")
        XCTAssertTrue(plugins.allSatisfy { $0["error"] == nil || $0["error"] == .null }, "\(plugins)")

        try host.putCredential("gw-token", "gw-token")
        try host.putCredential("gw-inbound", "inbound-secret")
        try host.addChannel("sms1", plugin: "relay", config: [
            "gateway_url": .string(gateway.baseURL), "token_credential": "gw-token", "inbound_secret_credential": "gw-inbound",
            "sender": "+15550000000"])
        let first = FormURLEncoding.encode([("MessageId", "SM1"), ("From", "+15551234567"), ("To", "+15550000000"), ("Body", "hello from 1.0")])
        let stored = try host.request("POST", "/hooks/sms1/inbound", body: first, headers: RelayAuth.headers(body: first))
        XCTAssertEqual(stored.status, 200, stored.text)
        let conversation = try XCTUnwrap(stored.json["conversation_id"]?.stringValue)
        // Relay sets no new_conversation (a 1.0 build has not even the field): the open conversation continues.
        let second = FormURLEncoding.encode([("MessageId", "SM2"), ("From", "+15551234567"), ("To", "+15550000000"), ("Body", "and again")])
        let again = try host.request("POST", "/hooks/sms1/inbound", body: second, headers: RelayAuth.headers(body: second))
        XCTAssertEqual(again.json["conversation_id"]?.stringValue, conversation, again.text)

        XCTAssertEqual(try host.request("POST", "/api/v1/conversations/\(conversation)/messages", json: ["text": "hi"]).status, 202)
        _ = try host.eventually("the reply sent through the \(build) build") { () -> Bool? in
            let m = try host.request("GET", "/api/v1/conversations/\(conversation)/messages").json["messages"]?.arrayValue?.last
            return m?["delivery_status"] == "sent" ? true : nil
        }

        // Relay carries no side conversations: the host says so instead of calling it.
        let side = try host.request("POST", "/api/v1/conversations/\(conversation)/side-conversations",
                                    json: ["subject": "x", "text": "y", "to": [["address": "a@b.example"]]])
        XCTAssertEqual(side.status, 400, side.text)
        XCTAssertEqual(side.json["field"], "channel_instance_id")
    }
}
