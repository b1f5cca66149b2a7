import Foundation
import SwitchboardSupport
import SwitchboardTransport
import XCTest

/// Conversation actions and lifecycle through the REST API of the real host.
final class ConversationActionTests: XCTestCase {
    var host: HostProcess!

    override func setUpWithError() throws {
        host = try HostProcess()
        try host.putCredential("api-key", "integrator-secret")
        try host.addChannel("api1", plugin: "api", config: ["api_key_credential": "api-key"])
    }

    override func tearDown() { host?.stop() }

    func customerWrites(_ externalID: String, _ text: String = "hello") throws -> String {
        let r = try host.request("POST", "/hooks/api1/messages", json: ["external_id": .string(externalID), "message_id": .string(UUID().uuidString),
                                                                       "text": .string(text)], key: "integrator-secret")
        XCTAssertTrue(r.status == 201 || r.status == 200, r.text)
        return try XCTUnwrap(r.json["conversation_id"]?.stringValue)
    }

    func action(_ id: String, _ name: String, _ body: JSON? = nil, method: String = "POST") throws -> (status: Int, json: JSON, text: String) {
        try host.request(method, "/api/v1/conversations/\(id)/\(name)", json: body)
    }

    func testTagsFieldsPriorityAndTheirEvents() throws {
        let id = try customerWrites("c1")
        XCTAssertEqual(try action(id, "tags", ["tags": ["Billing", "refund"]]).json["tags"], ["billing", "refund"])
        XCTAssertEqual(try action(id, "tags/refund", method: "DELETE").json["tags"], ["billing"])
        let fields = try action(id, "fields", ["fields": ["order_id": "A-1", "vip": true]], method: "PATCH")
        XCTAssertEqual(fields.status, 200, fields.text)
        XCTAssertEqual(fields.json["fields"], ["order_id": "A-1", "vip": true])
        XCTAssertEqual(try action(id, "priority", ["priority": "urgent"]).json["priority"], "urgent")
        XCTAssertEqual(try action(id, "priority", ["priority": "urgent"]).json["changed"], false)

        let listed = try host.request("GET", "/api/v1/conversations?tag=billing")
        XCTAssertEqual(listed.json["conversations"]?.arrayValue?.compactMap { $0["id"]?.stringValue }, [id])
        let types = try host.request("GET", "/api/v1/conversations/\(id)/events").json["events"]?.arrayValue?.compactMap { $0["type"]?.stringValue } ?? []
        for expected in ["conversation.tagged", "conversation.untagged", "conversation.fields_changed", "conversation.priority_changed"] {
            XCTAssertTrue(types.contains(expected), "\(expected) in \(types)")
        }
        let tagged = try host.request("GET", "/api/v1/conversations/\(id)/events").json["events"]?.arrayValue?.first { $0["type"] == "conversation.tagged" }
        XCTAssertTrue(tagged?["actor"]?.stringValue?.hasPrefix("key:") ?? false, "the actor is recorded: \(String(describing: tagged))")
    }

    func testSnoozeWakesByTimeAndByTheCustomer() throws {
        let timed = try customerWrites("c1")
        let snoozed = try action(timed, "snooze", ["seconds": 1])
        XCTAssertEqual(snoozed.status, 200, snoozed.text)
        XCTAssertEqual(snoozed.json["status"], "snoozed")
        XCTAssertNotNil(snoozed.json["snoozed_until"]?.stringValue)
        try host.eventually("the snooze to end", timeout: 8) {
            try host.request("GET", "/api/v1/conversations/\(timed)").json["status"] == "active" ? true : nil
        }

        let early = try customerWrites("c2")
        let until = Clock.iso8601(Clock.nowMillis() + 3_600_000)
        XCTAssertEqual(try action(early, "snooze", ["until": .string(until)]).json["status"], "snoozed")
        XCTAssertEqual(try customerWrites("c2", "any news?"), early)
        XCTAssertEqual(try host.request("GET", "/api/v1/conversations/\(early)").json["status"], "active")

        XCTAssertEqual(try action(early, "snooze", ["until": "tomorrow"]).json["field"], "until")
        XCTAssertEqual(try action(early, "snooze", ["until": "2001-01-01T00:00:00Z"]).status, 400)
    }

    func testCloseReopenArchiveAndImpossibleTransitions() throws {
        let id = try customerWrites("c1")
        XCTAssertEqual(try action(id, "close").json["status"], "done")
        XCTAssertEqual(try customerWrites("c1", "one more thing"), id, "a customer message reopens a done conversation")
        XCTAssertEqual(try host.request("GET", "/api/v1/conversations/\(id)").json["status"], "active")

        XCTAssertEqual(try action(id, "archive").json["status"], "archived")
        let before = try host.request("GET", "/api/v1/conversations/\(id)").json
        let refused = try action(id, "snooze", ["seconds": 60])
        XCTAssertEqual(refused.status, 409, refused.text)
        XCTAssertTrue(refused.json["message"]?.stringValue?.contains("archived") ?? false, refused.text)
        XCTAssertEqual(try action(id, "reopen").status, 409)
        XCTAssertEqual(try action(id, "comments", ["text": "note"]).status, 409)
        XCTAssertEqual(try host.request("GET", "/api/v1/conversations/\(id)").json, before, "nothing changed")
        XCTAssertNotEqual(try customerWrites("c1", "hello again"), id, "an archived conversation is final: a new one starts")
    }

    func testUnknownThingsAndBadInput() throws {
        let id = try customerWrites("c1")
        XCTAssertEqual(try action("cnv_missing", "close").status, 404)
        let team = try action(id, "assign", ["team_id": "team_missing"])
        XCTAssertEqual(team.status, 404, team.text)
        XCTAssertEqual(try action(id, "assign", ["agent_id": "agt_missing"]).status, 404)
        XCTAssertEqual(try action(id, "assign", ["agent_id": "a", "team_id": "t"]).status, 400)
        XCTAssertEqual(try action(id, "tags", ["tags": ["two words"]]).json["field"], "tags")
        XCTAssertEqual(try action(id, "fields", ["fields": ["x": ["nested": 1]]], method: "PATCH").json["field"], "fields.x")
        XCTAssertEqual(try action(id, "priority", ["priority": "asap"]).json["field"], "priority")
        XCTAssertEqual(try action(id, "escalate").status, 409, "no escalation team yet")
        XCTAssertEqual(try host.request("GET", "/api/v1/conversations/\(id)").json["priority"], "normal")
        let events = try host.request("GET", "/api/v1/conversations/\(id)/events").json["events"]?.arrayValue ?? []
        XCTAssertEqual(events.compactMap { $0["type"]?.stringValue }, ["conversation.created", "message.received"], "refusals record nothing")
    }

    func testCommentsStayInternal() throws {
        let id = try customerWrites("c1")
        let comment = try action(id, "comments", ["text": "customer is on the legacy plan"])
        XCTAssertEqual(comment.status, 201, comment.text)
        XCTAssertEqual(comment.json["direction"], "internal")
        let conversation = try host.request("GET", "/api/v1/conversations/\(id)").json
        XCTAssertEqual(conversation["engagement"], "pending")
        XCTAssertEqual(conversation["messages"]?.arrayValue?.last?["direction"], "internal")
        // The channel never sees it: nothing to pull.
        let pulled = try host.request("GET", "/hooks/api1/messages?after=0", key: "integrator-secret")
        XCTAssertEqual(pulled.json["messages"]?.arrayValue?.count, 0, pulled.text)
        XCTAssertEqual(try action(id, "comments", ["text": "x", "mentions": ["agt_ghost"]]).status, 404)
    }

    func testRoutingRulesAreValidated() throws {
        XCTAssertEqual(try host.request("POST", "/api/v1/routing-rules", json: ["name": "x", "team_id": "team_missing"]).status, 404)
        let bad = try host.request("POST", "/api/v1/routing-rules", json: ["name": "x", "team_id": "t", "conditions": ["colour": ["red"]]])
        XCTAssertEqual(bad.status, 400)
        XCTAssertEqual(bad.json["field"], "conditions.colour")
        XCTAssertEqual(try host.request("GET", "/api/v1/routing-rules").json["routing_rules"], [])
    }
}
