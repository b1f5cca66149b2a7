import Foundation
import SlackFake
import SwitchboardSupport
import XCTest

/// What becomes of a Slack side message Slack refuses: Slack's reason and what to do, in the
/// delivery detail the panel shows; rate limits wait for Retry-After and then go through; and
/// what the REST endpoint refuses before anything is queued.
final class SlackDeliveryErrorTests: XCTestCase {
    var world: SlackWorld!

    override func setUpWithError() throws { world = try SlackWorld() }
    override func tearDown() { world?.stop() }

    func failure(_ target: JSON) throws -> String {
        let conversation = try world.customerConversation()
        let started = try world.start(conversation, slack: target)
        XCTAssertEqual(started.status, 201, started.text)
        let first = try world.settledFirst(try XCTUnwrap(started.json["id"]?.stringValue))
        XCTAssertEqual(first["delivery_status"], "failed", "\(first)")
        return first["delivery_detail"]?.stringValue ?? ""
    }

    func testSlackRefusalsFailTheSideMessageWithSlacksReasonAndWhatToDo() throws {
        let notIn = try failure(["channel": .string(SlackWorld.random)])
        XCTAssertTrue(notIn.contains("not_in_channel") && notIn.contains("invite"), notIn)
        let hidden = try failure(["channel": .string(SlackWorld.finance)])
        XCTAssertTrue(hidden.contains("channel_not_found") && hidden.contains("invite"), hidden)
        let nobody = try failure(["users": ["U0NOBODY"]])
        XCTAssertTrue(nobody.contains("user_not_found"), nobody)
        let unknownEmail = try failure(["users": ["nobody@acme.example"]])
        XCTAssertTrue(unknownEmail.contains("users_not_found") && unknownEmail.contains("nobody@acme.example"), unknownEmail)
        world.slack.revokeToken()
        let revoked = try failure(["users": [.string(SlackWorld.ann)]])
        XCTAssertTrue(revoked.contains("token_revoked") && revoked.contains("reconnect"), revoked)
        let status = try world.host.request("GET", "/api/v1/channels/slack1").json["plugin_status"]
        XCTAssertEqual(status?["needs_reconnect"], true, "\(status ?? .null)")
        XCTAssertEqual(status?["auth_ok"], false)
        XCTAssertTrue(world.slack.posts.isEmpty)
    }

    func testARateLimitedPostWaitsForRetryAfterAndThenGoesThrough() throws {
        world.slack.rateLimitNext(2, method: "chat.postMessage", retryAfterSeconds: 1)
        let conversation = try world.customerConversation()
        let started = Date()
        let side = try XCTUnwrap(try world.start(conversation, slack: ["channel": .string(SlackWorld.vendors)]).json["id"]?.stringValue)
        let first = try world.settledFirst(side, timeout: 15)
        XCTAssertEqual(first["delivery_status"], "sent", "\(first)")
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(started), 1.8, "two Retry-After: 1 waits")
        XCTAssertEqual(world.slack.posts.count, 1, "posted once")
        let limited = world.slack.received.filter { $0.path == "/api/chat.postMessage" }.count
        XCTAssertEqual(limited, 3)
    }

    func testTheRESTEndpointRefusesBadSlackTargetsNamingTheField() throws {
        let conversation = try world.customerConversation()
        func refusal(_ target: JSON, extra: JSONObject = [:]) throws -> (Int, JSON) {
            var body: JSONObject = ["channel_instance_id": "slack1", "subject": "x", "text": "y", "slack": target]
            for (k, v) in extra { body[k] = v }
            let r = try world.host.request("POST", "/api/v1/conversations/\(conversation)/side-conversations", json: .object(body))
            return (r.status, r.json["field"] ?? .null)
        }
        let nine = JSON.array((1...9).map { .string("U0P\($0)") })
        XCTAssertEqual(try refusal(["users": nine]).0, 400)
        XCTAssertEqual(try refusal(["users": nine]).1, "slack.users")
        XCTAssertEqual(try refusal(["users": ["ann"]]).1, "slack.users", "neither an id nor an email")
        XCTAssertEqual(try refusal(["users": []]).1, "slack.users")
        XCTAssertEqual(try refusal(["channel": "general"]).1, "slack.channel")
        XCTAssertEqual(try refusal(["channel": "C1", "users": ["U1"]]).1, "slack")
        XCTAssertEqual(try refusal("C1").1, "slack")
        XCTAssertEqual(try refusal(["channel": "C1"], extra: ["to": [["address": "a@b.example"]]]).1, "slack")
        XCTAssertEqual(try world.host.request("GET", "/api/v1/conversations/\(conversation)/side-conversations")
            .json["side_conversations"]?.arrayValue?.count, 0, "nothing was started")
    }
}
