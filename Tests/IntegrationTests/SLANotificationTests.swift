import Foundation
import SwitchboardSupport
import XCTest

/// The SLA sweep's events reach people and integrations: `sla.at_risk` and `sla.missed` notify the
/// assignee under the `sla_at_risk` rule (in the app by default) and go to a webhook subscriber, signed.
final class SLANotificationTests: XCTestCase {
    var host: HostProcess!
    var receiver: WebhookReceiver?

    override func setUpWithError() throws { host = try HostProcess.withAPIChannel() }

    override func tearDown() {
        host?.stop()
        receiver?.stop()
    }

    func notifications(_ key: String, kind: String, conversation: String) throws -> [JSON] {
        let r = try host.request("GET", "/api/v1/notifications", key: key)
        XCTAssertEqual(r.status, 200, r.text)
        return (r.json["notifications"]?.arrayValue ?? []).filter { $0["kind"]?.stringValue == kind && $0["conversation_id"]?.stringValue == conversation }
    }

    func testAtRiskAndMissedNotifyTheAssigneeAndReachAWebhook() throws {
        let support = try host.addTeam("Support", isDefault: true)
        let ann = try host.addAgent("ann", teams: [support])
        let endpoint = try WebhookReceiver(answer: { _ in 200 })
        receiver = endpoint
        let subscribed = try host.request("POST", "/api/v1/webhooks", json: ["url": .string(endpoint.url), "event_types": ["sla.*"],
                                                                              "description": "SLA alerts"])
        XCTAssertEqual(subscribed.status, 201, subscribed.text)
        endpoint.secret.withLock { $0 = subscribed.json["secret"]?.stringValue ?? "" }
        let policy = try host.request("POST", "/api/v1/sla/policies", json: ["name": "Fast", "first_response_minutes": 1, "at_risk_minutes": 1])
        XCTAssertEqual(policy.status, 201, policy.text)

        // Routed to ann; one minute left from the start, so at risk at once.
        let id = try host.customerWrites("c-1", "Where is my parcel?")
        _ = try host.eventually("routed to ann") {
            try host.request("GET", "/api/v1/conversations/\(id)").json["assignee"]?.stringValue == ann.id ? true : nil
        }
        // The sweep announces it after routing placed the conversation, so the assignee is known.
        let atRisk = try host.eventually("ann's sla_at_risk notification") { try notifications(ann.key, kind: "sla_at_risk", conversation: id).first }
        XCTAssertTrue(atRisk["title"]?.stringValue?.hasPrefix("Target about to be missed") ?? false, atRisk.serialized)

        // As if the minute had passed: missed, under the same rule.
        let past = Int64(Date().timeIntervalSince1970 * 1000) - 1000
        try host.sql("UPDATE conversations SET response_due_at = \(past), sla_alert_at = \(past) WHERE id = '\(id)'")
        let both = try host.eventually("the missed notification") { () -> [JSON]? in
            let all = try notifications(ann.key, kind: "sla_at_risk", conversation: id)
            return all.count == 2 ? all : nil
        }
        XCTAssertTrue(both.contains { $0["title"]?.stringValue?.hasPrefix("Target missed") ?? false }, "\(both)")

        // The subscriber got both events, signed, about this conversation.
        let hits = try host.eventually("both SLA events delivered") { () -> [WebhookReceiver.Hit]? in
            let hits = endpoint.hits.withLock { $0 }.filter(\.delivered)
            return Set(hits.map(\.type)) == ["sla.at_risk", "sla.missed"] ? hits : nil
        }
        XCTAssertTrue(hits.allSatisfy { $0.signed && $0.conversationID == id }, "\(hits)")
        XCTAssertEqual(hits.first { $0.type == "sla.missed" }?.body["event"]?["data"]?["target"], "first_response")
    }

    func testWithoutAnAssigneeTheTeamHears() throws {
        let support = try host.addTeam("Support", isDefault: true)
        // Away agents are not assigned, but are told (in the app) what waits in their team's queue.
        let ann = try host.addAgent("ann", availability: "away", teams: [support])
        let bob = try host.addAgent("bob", availability: "away", teams: [support])
        let policy = try host.request("POST", "/api/v1/sla/policies", json: ["name": "Fast", "first_response_minutes": 1, "at_risk_minutes": 1])
        XCTAssertEqual(policy.status, 201, policy.text)
        let id = try host.customerWrites("c-2", "Hello?")
        for agent in [ann, bob] {
            _ = try host.eventually("a team member's sla_at_risk notification") { try notifications(agent.key, kind: "sla_at_risk", conversation: id).first }
        }
        XCTAssertNil(try host.request("GET", "/api/v1/conversations/\(id)").json["assignee"]?.stringValue)
    }
}
