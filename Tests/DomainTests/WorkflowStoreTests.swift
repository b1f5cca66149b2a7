import Foundation
@testable import SwitchboardDomain
import SwitchboardSupport
import XCTest

/// Actions, comments, routing and assignment against a real store.
final class WorkflowStoreTests: StoreTestCase {

    func conversation(_ customer: String, instance: String = "sms-1") throws -> String {
        try store.ingest(InboundMessage(channelInstanceID: instance, identity: Identity(kind: "phone", value: customer),
                                        providerMessageID: UUID().uuidString, text: "help")).conversationID
    }

    func agent(_ id: String, online: Bool = true, capacity: Int = 5, skills: [String] = [], teams: [String]) throws {
        try store.write { db in
            try db.run("INSERT INTO agents (id, email, name, handle, role, availability, capacity, created_at, updated_at) VALUES (?, ?, ?, ?, 'agent', ?, ?, 0, 0)",
                       [.text(id), .text("\(id)@example.com"), .text(id.capitalized), .text(id), .text(online ? "online" : "offline"), .integer(Int64(capacity))])
            for skill in skills { try db.run("INSERT INTO agent_skills VALUES (?, ?)", [.text(id), .text(skill)]) }
            for team in teams { try db.run("INSERT INTO team_members VALUES (?, ?, 0)", [.text(team), .text(id)]) }
        }
    }

    func team(_ id: String, strategy: AssignmentStrategy = .roundRobin, isDefault: Bool = false, escalation: Bool = false) throws {
        try store.write { db in
            try db.run("INSERT INTO teams (id, name, strategy, is_default, is_escalation, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 0, 0)",
                       [.text(id), .text(id), .text(strategy.rawValue), .integer(isDefault ? 1 : 0), .integer(escalation ? 1 : 0)])
        }
    }

    func act(_ action: ConversationAction, _ id: String) throws -> ActionOutcome {
        try store.perform(action, on: id, viewer: .everyone, actor: "agent:tester")
    }

    func testActionsChangeStateAndRecordEventsWithTheirActor() throws {
        let id = try conversation("+1555")
        XCTAssertTrue(try act(.addTags(["Billing", "refund"]), id).changed)
        XCTAssertFalse(try act(.addTags(["billing"]), id).changed, "a tag already there changes nothing")
        XCTAssertTrue(try act(.removeTag("refund"), id).changed)
        XCTAssertTrue(try act(.setFields(["order": "A-1"]), id).changed)
        XCTAssertTrue(try act(.setPriority(.high), id).changed)
        XCTAssertTrue(try act(.close, id).changed)
        XCTAssertFalse(try act(.close, id).changed)
        let reopened = try act(.reopen, id).conversation
        XCTAssertEqual(reopened.status, .active)
        XCTAssertEqual(reopened.tags, ["billing"])
        XCTAssertEqual(reopened.priority, .high)
        XCTAssertEqual(try JSON.parse(reopened.fieldsJSON), ["order": "A-1"])
        let events = try store.events(conversationID: id).filter { $0.actor == "agent:tester" }.map(\.type)
        XCTAssertEqual(events, ["conversation.tagged", "conversation.untagged", "conversation.fields_changed", "conversation.priority_changed",
                                "conversation.closed", "conversation.reopened"])
    }

    func testArchivedIsReadOnlyAndRefusalsChangeNothing() throws {
        let id = try conversation("+1555")
        _ = try act(.archive, id)
        let before = try store.conversation(id: id)
        let eventsBefore = try store.events(conversationID: id).count
        XCTAssertThrowsError(try act(.snooze(until: Clock.nowMillis() + 60_000), id)) { error in
            guard case .conflict? = error as? WorkflowError else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try act(.addTags(["x"]), id))
        XCTAssertThrowsError(try store.addComment(Comment(text: "note", authorAgentID: nil), conversationID: id, viewer: .everyone, actor: "x"))
        XCTAssertThrowsError(try act(.assignAgent("nobody"), try conversation("+1666"))) { error in
            XCTAssertEqual(error as? WorkflowError, .notFound(what: "agent", id: "nobody"))
        }
        XCTAssertEqual(try store.conversation(id: id), before)
        XCTAssertEqual(try store.events(conversationID: id).count, eventsBefore)
        // A customer writing again starts a new conversation.
        XCTAssertNotEqual(try conversation("+1555"), id)
    }

    func testSnoozeWakesAtItsTimeOrWhenTheCustomerWrites() throws {
        let timed = try conversation("+1001")
        let now = Clock.nowMillis()
        _ = try act(.snooze(until: now + 50), timed)
        XCTAssertEqual(try store.wakeDueSnoozes(now: now + 10), [])
        XCTAssertEqual(try store.nextSnoozeDue(), now + 50)
        XCTAssertEqual(try store.wakeDueSnoozes(now: now + 60), [timed])
        XCTAssertEqual(try store.conversation(id: timed)?.status, .active)
        XCTAssertEqual(try store.events(conversationID: timed).last?.type, "conversation.woken")

        let early = try conversation("+1002")
        _ = try act(.snooze(until: now + 3_600_000), early)
        XCTAssertEqual(try conversation("+1002"), early)
        let woken = try store.conversation(id: early)
        XCTAssertEqual(woken?.status, .active)
        XCTAssertNil(woken?.snoozedUntil)
        XCTAssertThrowsError(try act(.snooze(until: now - 1), early)) { error in
            XCTAssertEqual(error as? WorkflowError, .invalid(field: "until", reason: "must be in the future"))
        }
    }

    func testCommentsAreInternalAndNotifyMentionedAgents() throws {
        try team("support")
        try agent("sam", teams: ["support"])
        try agent("ann", teams: ["support"])
        let id = try conversation("+1555")
        let (message, notified) = try store.addComment(Comment(text: "@sam please look; mail ann@example.com", authorAgentID: "ann",
                                                               mentionAgentIDs: ["ann"]),
                                                       conversationID: id, viewer: .everyone, actor: "agent:ann")
        XCTAssertEqual(message.direction, .internalNote)
        XCTAssertEqual(message.deliveryStatus, .internalOnly)
        XCTAssertEqual(Set(notified), ["sam", "ann"])
        XCTAssertEqual(try store.conversation(id: id)?.engagement, .pending, "comments never change engagement")
        XCTAssertTrue(try store.dueOutboxHeads(now: Clock.nowMillis() + 1, limit: 10).isEmpty, "comments are never delivered")
        let mentions = try store.write { db in
            try db.query("SELECT agent_id FROM events WHERE type = 'agent.mentioned' ORDER BY agent_id", [], { $0.text(0) })
        }
        XCTAssertEqual(mentions, ["ann", "sam"])
        XCTAssertThrowsError(try store.addComment(Comment(text: "x", authorAgentID: nil, mentionAgentIDs: ["ghost"]),
                                                  conversationID: id, viewer: .everyone, actor: "x"))
    }

    func testRoutingRuleTeamRoundRobinAndTheQueue() throws {
        try team("sales")
        try team("support", strategy: .roundRobin, isDefault: true)
        try agent("a", capacity: 1, teams: ["support"])
        try agent("b", capacity: 1, teams: ["support"])
        try agent("off", online: false, teams: ["support"])
        _ = try store.createRoutingRule(RoutingRuleChange(name: "email to sales", conditions: {
            var c = RoutingConditions(); c.channelInstanceIDs = ["email-1"]; return c }(), teamID: "sales"))

        let first = try conversation("+1"), second = try conversation("+2"), third = try conversation("+3")
        for id in [first, second, third] { _ = try store.routeToHumans(conversationID: id) }
        XCTAssertEqual(try store.conversation(id: first)?.assignee, "a")
        XCTAssertEqual(try store.conversation(id: second)?.assignee, "b", "round robin, and never the offline agent")
        let waiting = try store.conversation(id: third)
        XCTAssertNil(waiting?.assignee, "everyone is at capacity")
        XCTAssertEqual(waiting?.teamID, "support")
        XCTAssertNotNil(waiting?.queuedAt)
        XCTAssertEqual(try store.teamsWithQueuedConversations(), ["support"])

        // Capacity frees: the queued conversation goes to whoever has room.
        XCTAssertEqual(try store.drainQueue(teamID: "support"), 0)
        _ = try act(.close, first)
        XCTAssertEqual(try store.drainQueue(teamID: "support"), 1)
        XCTAssertEqual(try store.conversation(id: third)?.assignee, "a")
        XCTAssertNil(try store.conversation(id: third)?.queuedAt)

        // A matching rule wins over the default team; nobody in sales is online, so it waits there.
        let email = try conversation("+4", instance: "email-1")
        guard case .routed(let team, let via, .queued) = try store.routeToHumans(conversationID: email) else { return XCTFail() }
        XCTAssertEqual(team, "sales")
        XCTAssertTrue(via.hasPrefix("rule:"))
        XCTAssertEqual(try store.routeToHumans(conversationID: email), .alreadyHandled)
    }

    func testSkillAndCapacityStrategiesAndEscalation() throws {
        try team("tech", strategy: .skill, isDefault: true)
        try team("escalations", strategy: .capacity, escalation: true)
        try agent("generalist", teams: ["tech"])
        try agent("dba", skills: ["database"], teams: ["tech"])
        try agent("lead", teams: ["escalations"])
        let id = try conversation("+1")
        _ = try act(.addTags(["database"]), id)
        _ = try store.routeToHumans(conversationID: id)
        XCTAssertEqual(try store.conversation(id: id)?.assignee, "dba")

        let escalated = try act(.escalate(reason: "angry"), id).conversation
        XCTAssertEqual(escalated.priority, .high)
        XCTAssertEqual(escalated.teamID, "escalations")
        XCTAssertEqual(escalated.assignee, "lead")
        XCTAssertTrue(try store.events(conversationID: id).contains { $0.type == "conversation.escalated" })
    }

    func testNoTeamMeansUnroutedAndEscalationNeedsATeam() throws {
        let id = try conversation("+1")
        XCTAssertEqual(try store.routePending(), 1, "a new conversation asks for routing once")
        XCTAssertEqual(try store.routePending(), 0, "…and is not retried while nothing changes")
        XCTAssertEqual(try store.routeToHumans(conversationID: id), .unrouted)
        XCTAssertThrowsError(try act(.escalate(reason: nil), id)) { error in
            guard case .conflict? = error as? WorkflowError else { return XCTFail("\(error)") }
        }
        XCTAssertEqual(try store.conversation(id: id)?.priority, .normal)
        // A default team appears: the backlog is routed.
        try team("support", isDefault: true)
        try store.markUnhandledForRouting()
        XCTAssertEqual(try store.routePending(), 1)
        XCTAssertEqual(try store.conversation(id: id)?.teamID, "support")
    }

    func testAgentsSeeTheirTeamsConversations() throws {
        try team("support")
        try team("sales")
        try agent("sam", online: false, teams: ["support"])
        let mine = try conversation("+1"), theirs = try conversation("+2"), assigned = try conversation("+3")
        _ = try act(.assignTeam("support"), mine)
        _ = try act(.assignTeam("sales"), theirs)
        _ = try act(.assignAgent("sam"), assigned)
        var filter = ConversationFilter()
        filter.viewer = .agent("sam")
        XCTAssertEqual(Set(try store.conversations(filter).map(\.id)), [mine, assigned])
        XCTAssertNil(try store.conversation(id: theirs, visibleTo: .agent("sam")))
        XCTAssertThrowsError(try store.perform(.close, on: theirs, viewer: .agent("sam"), actor: "agent:sam"))
        XCTAssertEqual(try store.conversation(id: theirs)?.status, .active)
    }

    func testUnassignReturnsToTheTeamQueueOrToRouting() throws {
        try team("support", isDefault: true)
        try agent("sam", online: false, teams: ["support"])
        let teamless = try conversation("+1")
        _ = try store.routePending()
        _ = try act(.assignAgent("sam"), teamless)
        XCTAssertEqual(try store.conversation(id: teamless)?.teamID, "support", "routed to the default team, nobody online")
        _ = try act(.unassign, teamless)
        XCTAssertNotNil(try store.conversation(id: teamless)?.queuedAt, "back in its team's queue")

        let bare = try conversation("+2")
        _ = try store.write { db in try db.run("UPDATE conversations SET routing_pending = 0, assignee = 'sam' WHERE id = ?", [.text(bare)]) }
        _ = try act(.unassign, bare)
        XCTAssertEqual(try store.routePending(), 1, "no team: it asks for routing again")
        XCTAssertEqual(try store.conversation(id: bare)?.teamID, "support")
    }

    /// The last capacity slot cannot be taken twice: two "hosts" (Store objects on one database) routing
    /// at once never put an agent over capacity, and a claim made from a stale candidate list is refused.
    func testTheLastCapacitySlotIsTakenOnceAcrossHosts() throws {
        try team("support", isDefault: true)
        try agent("a", capacity: 3, teams: ["support"])
        try agent("b", capacity: 2, teams: ["support"])
        let second = try openStore()
        defer { second.close() }
        let ids = try (0..<12).map { try conversation("+\($0)") }
        let done = DispatchGroup()
        for (index, id) in ids.enumerated() {
            let host = index % 2 == 0 ? store! : second
            DispatchQueue.global().async(group: done) { _ = try? host.routeToHumans(conversationID: id) }
        }
        done.wait()
        let assignees = try ids.map { try store.conversation(id: $0)?.assignee }
        XCTAssertEqual(assignees.filter { $0 == "a" }.count, 3)
        XCTAssertEqual(assignees.filter { $0 == "b" }.count, 2)
        XCTAssertEqual(assignees.filter { $0 == nil }.count, 7, "the rest wait in the queue")

        // A taker that read "b has room" before another host filled b's last slot: refused, nothing changed.
        let late = try conversation("+late")
        let claimed = try second.write { db in
            try Store.claimCapacity(db, agentID: "b", teamID: "support", conversationID: late, now: 1)
        }
        XCTAssertFalse(claimed)
        XCTAssertNil(try store.conversation(id: late)?.assignee)
    }
}
