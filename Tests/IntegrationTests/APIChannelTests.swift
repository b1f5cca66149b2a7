import Foundation
import SwitchboardSupport
import SwitchboardTransport
import XCTest

/// The API channel through the real host: push in, dedupe, reply, pull out, signed webhooks.
final class APIChannelTests: XCTestCase {
    var host: HostProcess!

    override func setUpWithError() throws {
        host = try HostProcess()
        try host.putCredential("api-key", "integrator-secret")
        try host.addChannel("api1", plugin: "api", config: ["api_key_credential": "api-key"])
    }

    override func tearDown() { host?.stop() }

    func inbound(_ fields: JSON, key: String = "integrator-secret") throws -> (status: Int, json: JSON, text: String) {
        try host.request("POST", "/hooks/api1/messages", json: fields, key: key)
    }

    func testMessageInReplyOutByPull() throws {
        let first = try inbound(["external_id": "crm-42", "message_id": "m-1", "text": "Where is my order?", "name": "Ann"])
        XCTAssertEqual(first.status, 201, first.text)
        let conversationID = try XCTUnwrap(first.json["conversation_id"]?.stringValue)

        // A provider retry stores nothing new.
        let retry = try inbound(["external_id": "crm-42", "message_id": "m-1", "text": "Where is my order?"])
        XCTAssertEqual(retry.status, 200, retry.text)
        XCTAssertEqual(retry.json["status"]?.stringValue, "duplicate")

        // The next message continues the same conversation.
        let second = try inbound(["external_id": "crm-42", "message_id": "m-2", "text": "Order 1234"])
        XCTAssertEqual(second.json["conversation_id"]?.stringValue, conversationID)

        let conversation = try host.request("GET", "/api/v1/conversations/\(conversationID)")
        XCTAssertEqual(conversation.status, 200)
        XCTAssertEqual(conversation.json["messages"]?.arrayValue?.count, 2)
        XCTAssertEqual(conversation.json["engagement"]?.stringValue, "pending")
        XCTAssertEqual(conversation.json["contact"]?["display_name"]?.stringValue, "Ann")

        let reply = try host.request("POST", "/api/v1/conversations/\(conversationID)/messages",
                                     json: ["text": "It ships **today**.", "format": "markdown"])
        XCTAssertEqual(reply.status, 202, reply.text)
        let replyID = try XCTUnwrap(reply.json["id"]?.intValue)

        // Long-poll pull: the reply arrives without a busy loop.
        let pulled = try host.request("GET", "/hooks/api1/messages?after=0&wait=10", key: "integrator-secret", timeoutMs: 15_000)
        XCTAssertEqual(pulled.status, 200, pulled.text)
        let messages = try XCTUnwrap(pulled.json["messages"]?.arrayValue)
        XCTAssertEqual(messages.count, 1)
        XCTAssertEqual(messages.first?["text"]?.stringValue, "It ships **today**.")
        XCTAssertEqual(messages.first?["external_id"]?.stringValue, "crm-42")
        XCTAssertEqual(messages.first?["conversation_id"]?.stringValue, conversationID)

        let sent = try host.eventually("the reply to be marked sent") { () -> JSON? in
            let m = try host.request("GET", "/api/v1/conversations/\(conversationID)/messages?after=\(replyID - 1)").json["messages"]?.arrayValue?.first
            return m?["delivery_status"]?.stringValue == "sent" ? m : nil
        }
        XCTAssertNotNil(sent["provider_message_id"]?.stringValue)
        XCTAssertEqual(try host.request("GET", "/api/v1/conversations/\(conversationID)").json["engagement"]?.stringValue, "engaged")

        // Acknowledging the cursor empties the queue.
        let cursor = try XCTUnwrap(pulled.json["next_cursor"]?.stringValue)
        let again = try host.request("GET", "/hooks/api1/messages?after=\(cursor)", key: "integrator-secret")
        XCTAssertEqual(again.json["messages"]?.arrayValue?.count, 0)
    }

    func testInboundBadInputIsRefusedAndNothingStored() throws {
        XCTAssertEqual(try inbound(["external_id": "x", "message_id": "1", "text": "hi"], key: "wrong").status, 401)
        XCTAssertEqual(try host.request("POST", "/hooks/api1/messages", body: "{not json", key: "integrator-secret",
                                        headers: [("Content-Type", "application/json")]).status, 400)
        let missing = try inbound(["message_id": "1", "text": "hi"])
        XCTAssertEqual(missing.status, 400)
        XCTAssertEqual(missing.json["field"]?.stringValue, "external_id", missing.text)
        XCTAssertEqual(try host.request("GET", "/hooks/api1/nowhere", key: "integrator-secret").status, 404)
        XCTAssertEqual(try host.request("GET", "/hooks/unknown-instance/messages").status, 404)
        let list = try host.request("GET", "/api/v1/conversations")
        XCTAssertEqual(list.json["conversations"]?.arrayValue?.count, 0, list.text)
    }

    func testSignedWebhookIsRetriedUntilTheReceiverRecovers() throws {
        let failuresLeft = Locked(2)
        let receiver = try FakeProvider { request in
            // Enforce the contract: signature over "<timestamp>.<body>" with the shared secret.
            guard let timestamp = request.header("X-Switchboard-Timestamp"), let signature = request.header("X-Switchboard-Signature"),
                  request.header("X-Switchboard-Delivery") != nil,
                  signature == "v1=" + Crypto.hmacSHA256Hex(key: "hook-secret", message: timestamp + "." + request.text)
            else { return .error(401, "bad_signature", "signature does not verify") }
            let fail = failuresLeft.withLock { n -> Bool in
                if n > 0 { n -= 1; return true }
                return false
            }
            return fail ? .error(503, "down", "try later") : .json(200, ["ok": true])
        }
        defer { receiver.stop() }
        try host.putCredential("hook-secret", "hook-secret")
        let patch = try host.request("PATCH", "/api/v1/channels/api1", json: ["config": [
            "api_key_credential": "api-key", "webhook_url": .string(receiver.baseURL + "/hooks/switchboard"),
            "webhook_secret_credential": "hook-secret"]])
        XCTAssertEqual(patch.status, 200, patch.text)

        let conversationID = try XCTUnwrap(try inbound(["external_id": "c-1", "message_id": "w-1", "text": "hello"]).json["conversation_id"]?.stringValue)
        XCTAssertEqual(try host.request("POST", "/api/v1/conversations/\(conversationID)/messages", json: ["text": "hi there"]).status, 202)

        let delivered = try host.eventually("the webhook to be accepted") { () -> [FakeProvider.Received]? in
            let all = receiver.received.withLock { $0 }
            return all.count >= 3 ? all : nil
        }
        let ids = Set(delivered.compactMap { $0.header("X-Switchboard-Delivery") })
        XCTAssertEqual(ids.count, 1, "every attempt carries the same delivery id")
        let payload = try JSON.parse(delivered.last!.text)
        XCTAssertEqual(payload["text"]?.stringValue, "hi there")
        XCTAssertEqual(payload["external_id"]?.stringValue, "c-1")
        _ = try host.eventually("the reply to be marked sent") { () -> Bool? in
            let messages = try host.request("GET", "/api/v1/conversations/\(conversationID)/messages").json["messages"]?.arrayValue ?? []
            return messages.last?["delivery_status"]?.stringValue == "sent" ? true : nil
        }
    }
}
