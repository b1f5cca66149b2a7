import SwitchboardDomain
import SwitchboardSupport
import XCTest

/// The pure rules of the workflow: lifecycle, tags, fields, mentions, routing conditions, strategies.
final class WorkflowRulesTests: XCTestCase {
    func testLifecycleTransitions() {
        XCTAssertEqual(try Lifecycle.status(after: .snooze(until: 1), from: .active).get(), .snoozed)
        XCTAssertEqual(try Lifecycle.status(after: .close, from: .snoozed).get(), .done)
        XCTAssertEqual(try Lifecycle.status(after: .reopen, from: .done).get(), .active)
        XCTAssertEqual(try Lifecycle.status(after: .escalate(reason: nil), from: .done).get(), .active)
        XCTAssertEqual(try Lifecycle.status(after: .addTags(["x"]), from: .done).get(), .done)
        XCTAssertThrowsError(try Lifecycle.status(after: .snooze(until: 1), from: .done).get())
        // Archived is read-only: everything but archive itself is refused, with the reason.
        for action: ConversationAction in [.snooze(until: 1), .reopen, .close, .addTags(["x"]), .assignAgent("a"), .setPriority(.high)] {
            XCTAssertThrowsError(try Lifecycle.status(after: action, from: .archived).get()) { error in
                XCTAssertTrue("\(error)".contains("archived"), "\(error)")
            }
        }
        XCTAssertEqual(try Lifecycle.status(after: .archive, from: .archived).get(), .archived)
    }

    func testEngagementComesFromCustomerFacingMessagesOnly() {
        XCTAssertEqual(Engagement.after(.inbound), .pending)
        XCTAssertEqual(Engagement.after(.outbound), .engaged)
        XCTAssertNil(Engagement.after(.internalNote))
    }

    func testTagsAreNormalized() throws {
        XCTAssertEqual(try Tags.normalize("  Billing "), "billing")
        XCTAssertThrowsError(try Tags.normalize("two words"))
        XCTAssertThrowsError(try Tags.normalize("a,b"))
        XCTAssertThrowsError(try Tags.normalize(""))
        XCTAssertThrowsError(try Tags.normalize(String(repeating: "x", count: 65)))
    }

    func testCustomFieldsPatch() throws {
        let current: JSONObject = ["plan": "pro", "seats": 3]
        let result = try CustomFields.apply(["plan": nil, "order.id": "A-1", "vip": true], to: current)
        XCTAssertEqual(JSON.object(result.fields), ["seats": 3, "order.id": "A-1", "vip": true])
        XCTAssertEqual(result.removed, ["plan"])
        XCTAssertThrowsError(try CustomFields.apply(["bad key": 1], to: current)) { error in
            XCTAssertEqual(error as? WorkflowError, .invalid(field: "fields.bad key", reason: "names are 1-64 letters, digits, '_', '-' or '.'"))
        }
        XCTAssertThrowsError(try CustomFields.apply(["nested": ["a": 1]], to: current))
        XCTAssertThrowsError(try CustomFields.apply(JSONObject(), to: current))
    }

    func testMentionsAreHandlesNotEmailAddresses() {
        XCTAssertEqual(Comment.handles(in: "@sam can you check? cc @ann.lee."), ["sam", "ann.lee"])
        XCTAssertEqual(Comment.handles(in: "mail ann@example.com please"), [])
        XCTAssertEqual(Comment.handles(in: "(@bo) and @bo again"), ["bo"])
    }

    func testRoutingConditionsMatchAndParse() throws {
        let facts = RoutingFacts(channelInstanceID: "sms-1", pluginID: "relay", tags: ["billing", "refund"], topic: "payments",
                                 priority: .high, contactAttributes: ["tier": "gold", "seats": 12])
        XCTAssertTrue(RoutingConditions().matches(facts), "an empty rule is a catch-all")
        var conditions = try RoutingConditions.parse(["plugin_ids": ["relay"], "tags_any": ["Refund", "other"],
                                                      "minimum_priority": "normal", "contact_attributes": ["tier": ["gold", "platinum"]]])
        XCTAssertTrue(conditions.matches(facts))
        conditions.minimumPriority = .urgent
        XCTAssertFalse(conditions.matches(facts))
        XCTAssertFalse(try RoutingConditions.parse(["contact_attributes": ["tier": ["silver"]]]).matches(facts))
        XCTAssertTrue(try RoutingConditions.parse(["contact_attributes": ["seats": ["12"]]]).matches(facts))
        XCTAssertFalse(try RoutingConditions.parse(["topics": ["shipping"]]).matches(facts))
        XCTAssertThrowsError(try RoutingConditions.parse(["colour": ["red"]])) { error in
            guard case .invalid(let field, _)? = error as? WorkflowError else { return XCTFail("\(error)") }
            XCTAssertEqual(field, "conditions.colour")
        }
        XCTAssertThrowsError(try RoutingConditions.parse(["minimum_priority": "asap"]))
        // The stored form reads back the same.
        XCTAssertEqual(try RoutingConditions.parse(conditions.json.objectValue!), conditions)
    }

    func testFirstEnabledMatchingRuleWins() throws {
        let facts = RoutingFacts(channelInstanceID: "c", pluginID: "api", tags: [], topic: nil, priority: .normal, contactAttributes: [:])
        func rule(_ id: String, _ position: Int, _ plugin: String?, enabled: Bool = true) -> RoutingRule {
            var conditions = RoutingConditions()
            if let plugin { conditions.pluginIDs = [plugin] }
            return RoutingRule(id: id, name: id, position: position, conditions: conditions, teamID: "team-\(id)", enabled: enabled,
                               createdAt: 0, updatedAt: 0)
        }
        let rules = [rule("catchall", 100, nil), rule("api-off", 1, "api", enabled: false), rule("sms", 2, "relay"), rule("api", 3, "api")]
        XCTAssertEqual(RoutingRule.firstMatch(rules, facts)?.id, "api")
    }

    func testStrategiesPickOnlyWhoQualifies() {
        let candidates = [
            AssignmentStrategy.Candidate(agentID: "a", active: 3, skills: ["billing"], channelInstanceIDs: ["sms"]),
            AssignmentStrategy.Candidate(agentID: "b", active: 1, skills: [], channelInstanceIDs: ["email"]),
            AssignmentStrategy.Candidate(agentID: "c", active: 2, skills: ["billing", "de"], channelInstanceIDs: ["sms", "email"]),
        ]
        let need = AssignmentStrategy.Need(requiredSkills: ["billing"], channelInstanceID: "sms", lastAssignedAgent: "a")
        XCTAssertEqual(AssignmentStrategy.roundRobin.pick(from: candidates, for: need), "b")
        XCTAssertEqual(AssignmentStrategy.roundRobin.pick(from: candidates, for: .init(requiredSkills: [], channelInstanceID: "", lastAssignedAgent: "c")), "a")
        XCTAssertEqual(AssignmentStrategy.capacity.pick(from: candidates, for: need), "b")
        XCTAssertEqual(AssignmentStrategy.skill.pick(from: candidates, for: need), "c")
        XCTAssertEqual(AssignmentStrategy.channel.pick(from: candidates, for: need), "c")
        XCTAssertNil(AssignmentStrategy.skill.pick(from: candidates, for: .init(requiredSkills: ["fr"], channelInstanceID: "sms", lastAssignedAgent: nil)))
        XCTAssertNil(AssignmentStrategy.capacity.pick(from: [], for: need))
    }

    func testISO8601Parsing() {
        XCTAssertEqual(Clock.parseISO8601("1970-01-01T00:00:01Z"), 1000)
        XCTAssertEqual(Clock.parseISO8601("2026-11-21T10:00:00.5+01:00"), Clock.parseISO8601("2026-11-21T09:00:00.500Z"))
        XCTAssertEqual(Clock.iso8601(Clock.parseISO8601("2026-11-21T19:40:00.123Z")!), "2026-11-21T19:40:00.123Z")
        XCTAssertNil(Clock.parseISO8601("2026-11-21 19:40"))
        XCTAssertNil(Clock.parseISO8601("2026-13-01T00:00:00Z"))
        XCTAssertNil(Clock.parseISO8601("2026-11-21T19:40:00Zjunk"))
    }
}
