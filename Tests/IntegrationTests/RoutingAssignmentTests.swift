import Foundation
import SwitchboardSupport
import XCTest

/// Routing rules, team strategies and queues, escalation, agent visibility and mentions, through
/// the REST API of the real host, the way a support team uses them.
final class RoutingAssignmentTests: XCTestCase {
    var host: HostProcess!

    override func setUpWithError() throws {
        host = try HostProcess(plugins: ["api"])
        try host.putCredential("api-key", "integrator-secret")
        try host.addChannel("web", plugin: "api", config: ["api_key_credential": "api-key"])
        try host.addChannel("vip", plugin: "api", config: ["api_key_credential": "api-key"])
    }

    override func tearDown() { host?.stop() }

    func customerWrites(_ externalID: String, on channel: String = "web") throws -> String {
        let r = try host.request("POST", "/hooks/\(channel)/messages", json: ["external_id": .string(externalID), "message_id": .string(UUID().uuidString),
                                                                              "text": "I need help"], key: "integrator-secret")
        guard r.status == 201 || r.status == 200, let id = r.json["conversation_id"]?.stringValue else { throw HostError("\(r.status) \(r.text)") }
        return id
    }

    func conversation(_ id: String, key: String? = nil) throws -> JSON {
        try host.request("GET", "/api/v1/conversations/\(id)", key: key).json
    }

    /// Wait until the workflow thread has placed the conversation.
    func assignee(_ id: String, becomes expected: String?) throws {
        do {
            try host.eventually("\(id) assigned to \(expected ?? "nobody")") {
                try conversation(id)["assignee"]?.stringValue == expected ? true : nil
            }
        } catch {
            let events = try host.request("GET", "/api/v1/conversations/\(id)/events").text
            throw HostError("\(error)\nconversation: \(try conversation(id).serialized)\nevents: \(events)")
        }
    }

    func testRulesRoundRobinQueueAndCapacityFreeing() throws {
        let support = try host.addTeam("Support", strategy: "round_robin", isDefault: true)
        let vip = try host.addTeam("VIP", strategy: "capacity")
        let ann = try host.addAgent("ann", capacity: 1, teams: [support])
        let bob = try host.addAgent("bob", capacity: 1, teams: [support])
        let off = try host.addAgent("off", availability: "offline", teams: [support])
        let vera = try host.addAgent("vera", teams: [vip])
        let rule = try host.request("POST", "/api/v1/routing-rules", json: ["name": "VIP channel", "team_id": .string(vip),
                                                                           "conditions": ["channel_instance_ids": ["vip"]]])
        XCTAssertEqual(rule.status, 201, rule.text)

        // Round robin over the online members of the default team; never the offline one.
        let first = try customerWrites("c1"), second = try customerWrites("c2")
        let firstAgent = try host.eventually("c1 assigned") { try conversation(first)["assignee"]?.stringValue }
        let secondAgent = try host.eventually("c2 assigned") { try conversation(second)["assignee"]?.stringValue }
        XCTAssertEqual(Set([firstAgent, secondAgent]), [ann.id, bob.id], "one each, in turn")
        let firstKey = firstAgent == ann.id ? ann.key : bob.key
        // Everyone is at capacity: the third waits in the team queue.
        let third = try customerWrites("c3")
        try host.eventually("c3 queued") { try conversation(third)["queued_at"]?.stringValue }
        XCTAssertEqual(try conversation(third)["team_id"]?.stringValue, support)
        XCTAssertNil(try conversation(third)["assignee"]?.stringValue)
        // The rule sends the VIP channel to its own team.
        let special = try customerWrites("c4", on: "vip")
        try assignee(special, becomes: vera.id)
        let routed = try host.request("GET", "/api/v1/conversations/\(special)/events").json["events"]?.arrayValue?
            .first { $0["type"] == "conversation.routed" }
        XCTAssertEqual(routed?["data"]?["via"]?.stringValue, "rule:\(rule.json["id"]!.stringValue!)")

        // The first agent closes their conversation: capacity frees and the queued one is assigned at once.
        XCTAssertEqual(try host.request("POST", "/api/v1/conversations/\(first)/close", key: firstKey).status, 200)
        try assignee(third, becomes: firstAgent)

        // Another waits; an agent coming online takes it.
        let fourth = try customerWrites("c5")
        try host.eventually("c5 queued") { try conversation(fourth)["queued_at"]?.stringValue }
        XCTAssertEqual(try host.request("PATCH", "/api/v1/me", json: ["availability": "online"], key: off.key).status, 200)
        try assignee(fourth, becomes: off.id)

        // Agents see their teams' conversations and nothing else.
        let seen = try host.request("GET", "/api/v1/conversations", key: vera.key).json["conversations"]?.arrayValue?.compactMap { $0["id"]?.stringValue }
        XCTAssertEqual(seen, [special])
        XCTAssertEqual(try host.request("GET", "/api/v1/conversations/\(first)", key: vera.key).status, 404)
        XCTAssertEqual(try host.request("POST", "/api/v1/conversations/\(first)/close", key: vera.key).status, 404)
        XCTAssertEqual(try host.request("POST", "/api/v1/routing-rules", json: ["name": "x", "team_id": .string(vip)], key: ann.key).status, 403)
    }

    func testSkillStrategyAndEscalation() throws {
        let tech = try host.addTeam("Tech", strategy: "skill")
        let leads = try host.addTeam("Leads", strategy: "capacity", isEscalation: true)
        _ = try host.addAgent("generalist", teams: [tech])
        let dba = try host.addAgent("dba", skills: ["database"], teams: [tech])
        let lead = try host.addAgent("lead", teams: [leads])

        // No rule and no default team: the conversation waits unrouted until someone hands it over.
        let id = try customerWrites("c1")
        XCTAssertEqual(try host.request("POST", "/api/v1/conversations/\(id)/tags", json: ["tags": ["database"]]).status, 200)
        XCTAssertNil(try conversation(id)["team_id"]?.stringValue)
        let assigned = try host.request("POST", "/api/v1/conversations/\(id)/assign", json: ["team_id": .string(tech)])
        XCTAssertEqual(assigned.json["assignee"]?.stringValue, dba.id, "the agent with the skill the tag asks for")

        let escalated = try host.request("POST", "/api/v1/conversations/\(id)/escalate", json: ["reason": "outage"], key: dba.key)
        XCTAssertEqual(escalated.status, 200, escalated.text)
        XCTAssertEqual(escalated.json["priority"], "high")
        XCTAssertEqual(escalated.json["team_id"]?.stringValue, leads)
        XCTAssertEqual(escalated.json["assignee"]?.stringValue, lead.id)
        let event = try host.request("GET", "/api/v1/conversations/\(id)/events").json["events"]?.arrayValue?.first { $0["type"] == "conversation.escalated" }
        XCTAssertEqual(event?["actor"]?.stringValue, "agent:\(dba.id)")
        XCTAssertEqual(event?["data"]?["reason"], "outage")
    }

    func testMentionsReachOnlyTheMentionedAgentsStream() throws {
        let support = try host.addTeam("Support", isDefault: true)
        let ann = try host.addAgent("ann", teams: [support])
        let bob = try host.addAgent("bob", teams: [support])
        let id = try customerWrites("c1")
        try host.eventually("routed") { try conversation(id)["team_id"]?.stringValue }

        let annStream = try SSEClient(port: host.port, path: "/api/v1/stream?types=agent.*", headers: [("Authorization", "Bearer \(ann.key)")])
        let bobStream = try SSEClient(port: host.port, path: "/api/v1/stream?types=agent.*", headers: [("Authorization", "Bearer \(bob.key)")])
        defer { annStream.close(); bobStream.close() }
        let comment = try host.request("POST", "/api/v1/conversations/\(id)/comments", json: ["text": "@ann can you take this?"], key: bob.key)
        XCTAssertEqual(comment.status, 201, comment.text)
        XCTAssertEqual(comment.json["mentions"], [.string(ann.id)])
        let notified = try annStream.next(1)
        XCTAssertEqual(notified.first?.event, "agent.mentioned")
        XCTAssertEqual(notified.first?.json["agent_id"]?.stringValue, ann.id)
        XCTAssertEqual(notified.first?.json["conversation_id"]?.stringValue, id)
        XCTAssertEqual(try bobStream.drain(for: 0.5).count, 0, "a mention is private to the agent mentioned")
        // Someone outside the team, mentioned by id, may open the conversation from then on.
        let expert = try host.addAgent("expert")
        XCTAssertEqual(try host.request("GET", "/api/v1/conversations/\(id)", key: expert.key).status, 404)
        let ask = try host.request("POST", "/api/v1/conversations/\(id)/comments", json: ["text": "any idea?", "mentions": [.string(expert.id)]],
                                   key: bob.key)
        XCTAssertEqual(ask.status, 201, ask.text)
        XCTAssertEqual(try host.request("GET", "/api/v1/conversations/\(id)", key: expert.key).status, 200)
        // The customer never sees it and the conversation still waits on us.
        XCTAssertEqual(try conversation(id)["engagement"], "pending")
    }
}
