import Foundation
import SwitchboardDomain
import SwitchboardSupport
import XCTest

/// Stack definitions, turn records, handover and channel binding against a real store.
final class StackStoreTests: StoreTestCase {
    override func setUpWithError() throws {
        try super.setUpWithError()
        _ = try store.createCollection(id: "help", name: "Help centre")
    }

    static func definition(_ id: String = "support", extra: JSONObject = [:]) -> JSONObject {
        var object: JSONObject = [
            "id": .string(id), "name": "Support", "greeting": "Hi!", "collections": ["help"],
            "topics": [["name": "shipping", "examples": ["where is my parcel"]], ["name": "legal", "examples": ["lawyer"], "off_policy": true]],
        ]
        for (k, v) in extra { object[k] = v }
        return object
    }

    func team(_ id: String, isDefault: Bool = false) throws {
        try store.write { db in
            try db.run("INSERT INTO teams (id, name, is_default, created_at, updated_at) VALUES (?, ?, ?, 0, 0)",
                       [.text(id), .text(id), .integer(isDefault ? 1 : 0)])
        }
    }

    func instance(_ id: String, stack: String? = nil) throws {
        try store.write { db in
            try db.run("INSERT INTO channel_instances (id, plugin_id, name, config, binding_kind, binding_ref, created_at, updated_at) VALUES (?, 'api', ?, '{}', ?, ?, 0, 0)",
                       [.text(id), .text(id), .text(stack == nil ? "team" : "stack"), .optional(stack)])
        }
    }

    func put(_ object: JSONObject) throws -> StackDefinition {
        let definition = try StackDefinition.parse(object)
        _ = try store.putStack(definition)
        return definition
    }

    func ingest(_ customer: String, _ text: String = "where is my parcel", instance: String = "api1", stack: String? = nil) throws -> IngestResult {
        try store.ingest(InboundMessage(channelInstanceID: instance, identity: Identity(kind: "api", value: customer),
                                        providerMessageID: UUID().uuidString, text: text, agentStack: stack))
    }

    func field(_ object: JSONObject, parseOnly: Bool = false) -> String? {
        do {
            let d = try StackDefinition.parse(object)
            if !parseOnly { _ = try store.putStack(d) }
            return nil
        } catch let WorkflowError.invalid(field, _) {
            return field
        } catch {
            return "unexpected \(error)"
        }
    }

    func testDefinitionsAreRefusedNamingTheField() throws {
        try store.putCredential(id: "llm-key", secret: "sk-test", description: "")
        XCTAssertNil(field(Self.definition()))
        XCTAssertEqual(field(Self.definition(extra: ["name": ""])), "name")
        XCTAssertEqual(field(Self.definition(extra: ["colections": ["help"]])), "colections")
        XCTAssertEqual(field(Self.definition(extra: ["collections": []])), "collections")
        XCTAssertEqual(field(Self.definition(extra: ["collections": ["help", "faq"]])), "collections[1]", "a missing collection")
        XCTAssertEqual(field(Self.definition(extra: ["handover_team": "tier2"])), "handover_team", "a missing team")
        XCTAssertEqual(field(Self.definition(extra: ["engine": ["kind": "openai", "base_url": "http://x/v1", "model": "m", "api_key_credential": "nope"]])),
                       "engine.api_key_credential", "a missing credential")
        XCTAssertEqual(field(Self.definition(extra: ["engine": ["kind": "openai", "model": "m", "api_key_credential": "llm-key"]])), "engine.base_url")
        XCTAssertEqual(field(Self.definition(extra: ["engine": ["kind": "gpt"]])), "engine.kind")
        XCTAssertEqual(field(Self.definition(extra: ["tools": [["name": "lookup_order", "kind": "order_lookup", "url": "http://shop/o/{order_id}", "credential": "shop"]]])),
                       "tools[0].credential")
        XCTAssertEqual(field(Self.definition(extra: ["tools": [["name": "lookup", "kind": "order_lookup", "url": "ftp://x"]]])), "tools[0].url")
        XCTAssertEqual(field(Self.definition(extra: ["topics": [["name": "a", "examples": ["x y"], "tools": ["nope"]]]])), "topics[0].tools[0]")
        XCTAssertEqual(field(Self.definition(extra: ["topics": [["name": "a", "examples": ["the and of"]]]])), "topics[0].examples")
        XCTAssertEqual(field(Self.definition(extra: ["handover": ["min_confidence": 2]])), "handover.min_confidence")
        XCTAssertEqual(try store.stacks().map(\.definition.id), ["support"], "nothing refused was stored")

        try team("tier2")
        XCTAssertNil(field(Self.definition("llm", extra: ["handover_team": "tier2", "engine": [
            "kind": "openai", "base_url": "http://127.0.0.1:9/v1/", "model": "m", "api_key_credential": "llm-key"]])))
        let stored = try XCTUnwrap(try store.stack(id: "llm"))
        guard case .chatCompletions(let settings) = stored.definition.engine else { return XCTFail("engine") }
        XCTAssertEqual(settings.baseURL, "http://127.0.0.1:9/v1", "a trailing slash is dropped")
        XCTAssertEqual(try StackDefinition.parse(stored.definition.json), stored.definition, "the canonical form parses back")
    }

    /// Record a turn that answered what is unanswered now (or up to `through`).
    func reply(_ id: String, _ stack: StackDefinition, _ outcome: TurnOutcome, tools: [ToolInvocation] = [], through: Int64? = nil) throws -> RecordedTurn {
        let answered = try through ?? store.turnInput(conversationID: id).answeredThrough
        return try store.recordTurn(TurnRecord(conversationID: id, stack: stack, guess: TopicGuess(topic: "shipping", confidence: 0.8, probability: 0.8, knownShare: 1, ranking: []),
                                               topic: "shipping", outcome: outcome, toolCalls: tools, durationMicros: 1500, answeredThrough: answered))
    }

    func testMessagesThatArriveDuringATurnStayUnanswered() throws {
        let stack = try put(Self.definition())
        try instance("api1")
        let conversation = try ingest("c1", "first", stack: "support").conversationID
        let seen = try XCTUnwrap(try store.turnInput(conversationID: conversation).answeredThrough)
        _ = try ingest("c1", "second")   // arrives while the turn runs
        _ = try reply(conversation, stack, .reply(text: "answer to first", format: .plain), through: seen)
        _ = try ingest("c1", "third")
        let input = try store.turnInput(conversationID: conversation)
        XCTAssertEqual(input.customerText, "second\nthird", "the reply has a later id than \"second\" but did not answer it")
        XCTAssertEqual(input.history.map(\.text), ["first", "answer to first", "second", "third"])
        XCTAssertTrue(input.repliedBefore)
    }

    func testAReplyTurnIsOneRecord() throws {
        let stack = try put(Self.definition())
        try instance("api1")
        let conversation = try ingest("c1", stack: "support").conversationID
        XCTAssertEqual(try store.conversation(id: conversation)?.agentStack, "support")
        XCTAssertEqual(try store.turnInput(conversationID: conversation).unanswered.count, 1)

        let call = ToolInvocation(tool: "lookup_order", arguments: ["order_id": "A-1"], ok: true, result: ["status": "shipped"], durationMs: 3)
        let recorded = try reply(conversation, stack, .reply(text: "It ships today.", format: .markdown), tools: [call])
        XCTAssertFalse(recorded.handedOver)
        XCTAssertEqual(recorded.credits, 2)
        let messages = try store.messages(conversationID: conversation)
        XCTAssertEqual(messages.map(\.direction), [.inbound, .internalNote, .outbound])
        XCTAssertEqual(messages[1].authorKind, .stack)
        XCTAssertEqual(messages[1].text, "Topic: shipping (confidence 0.80).\nTool lookup_order(order_id: A-1) → status: shipped.")
        XCTAssertEqual(messages[2].authorKind, .stack)
        XCTAssertEqual(messages[2].authorID, "support")
        XCTAssertEqual(messages[2].deliveryStatus, .queued)
        XCTAssertEqual(try store.outboxEntries(state: "pending", limit: 10).map(\.messageID), [messages[2].id])
        let types = try store.events(conversationID: conversation).map(\.type)
        XCTAssertEqual(Array(types.suffix(4)), ["stack.tool_called", "comment.created", "message.queued", "stack.turn"])
        XCTAssertEqual(try store.conversation(id: conversation)?.topic, "shipping")
        XCTAssertTrue(try store.turnInput(conversationID: conversation).unanswered.isEmpty, "answered")
        XCTAssertEqual(try store.repliedTurns(conversationID: conversation, stackID: "support"), 1)

        _ = try ingest("c1", "and another thing")
        _ = try ingest("c1", "hello?")
        XCTAssertEqual(try store.turnInput(conversationID: conversation).customerText, "and another thing\nhello?", "the next turn sees both")
    }

    func testHandoverGoesToTheStacksTeamWithNotes() throws {
        try team("tier2")
        try team("general", isDefault: true)
        let stack = try put(Self.definition(extra: ["handover_team": "tier2"]))
        try instance("api1")
        let conversation = try ingest("c1", stack: "support").conversationID
        let recorded = try reply(conversation, stack, .handover(.customerAskedForPerson(phrase: "human"), message: stack.handoverMessage))
        XCTAssertTrue(recorded.handedOver)
        XCTAssertEqual(recorded.teamID, "tier2")
        let after = try XCTUnwrap(try store.conversation(id: conversation))
        XCTAssertNil(after.agentStack)
        XCTAssertEqual(after.teamID, "tier2")
        XCTAssertNotNil(after.queuedAt, "no agent online: it waits in the team's queue")
        let handover = try XCTUnwrap(try store.events(conversationID: conversation).first { $0.type == "stack.handover" })
        let data = try JSON.parse(handover.dataJSON)
        XCTAssertEqual(data["reason"], "customer_request")
        XCTAssertEqual(data["handover_team"], "tier2")
        let note = try XCTUnwrap(try store.messages(conversationID: conversation).first { $0.direction == .internalNote })
        XCTAssertTrue(note.text.hasPrefix("Handed over to people: the customer asked for a person (\"human\")."), note.text)
        XCTAssertEqual(try store.messages(conversationID: conversation).last?.text, stack.handoverMessage, "the customer is told")

        // Writing again does not bring the stack back.
        _ = try ingest("c1", "hello?", stack: "support")
        XCTAssertNil(try store.conversation(id: conversation)?.agentStack)
    }

    /// Triage classifies only conversations people handle: a stack's conversation gets no topic from it.
    func testTriageSkipsConversationsAStackHandles() throws {
        _ = try put(Self.definition())
        try instance("api1", stack: "support")
        try instance("api2")
        _ = try store.saveTriageSettings(["topics": [["name": "parcels", "examples": ["where is my parcel", "parcel late"]],
                                                     ["name": "billing", "examples": ["refund my payment"]]], "threshold": 0.3])
        let stacks = try ingest("c1", "where is my parcel, it is late").conversationID
        let people = try ingest("c2", "where is my parcel, it is late", instance: "api2").conversationID
        XCTAssertEqual(try store.conversation(id: stacks)?.agentStack, "support")
        XCTAssertNil(try store.conversation(id: stacks)?.topic, "the stack's conversation is not triaged")
        XCTAssertEqual(try store.conversation(id: people)?.topic, "parcels")
        XCTAssertFalse(try store.events(conversationID: stacks).map(\.type).contains("conversation.topic_detected"))
    }

    func testHandoverWithoutATeamIsRouted() throws {
        try team("general", isDefault: true)
        let stack = try put(Self.definition())
        try instance("api1", stack: "support")
        let conversation = try ingest("c1").conversationID
        XCTAssertEqual(try store.conversation(id: conversation)?.agentStack, "support", "the channel's bound stack")
        let recorded = try reply(conversation, stack, .handover(.engineFailed("HTTP 500: boom"), message: "One moment."))
        XCTAssertEqual(recorded.teamID, "general")
        let types = try store.events(conversationID: conversation).map(\.type)
        XCTAssertTrue(types.contains("conversation.routed"), "\(types)")
        XCTAssertEqual(try store.stackUsage(stackID: "support", from: nil, to: nil).first?.handovers, 1)
    }

    func testATurnAPersonOvertookIsDiscarded() throws {
        let stack = try put(Self.definition())
        try instance("api1")
        let conversation = try ingest("c1", stack: "support").conversationID
        try store.write { db in try db.run("UPDATE conversations SET agent_stack = NULL, assignee = 'ann' WHERE id = ?", [.text(conversation)]) }
        let recorded = try reply(conversation, stack, .reply(text: "late answer", format: .plain))
        XCTAssertTrue(recorded.discarded)
        XCTAssertFalse(try store.messages(conversationID: conversation).contains { $0.direction == .outbound })
    }

    func testUnknownStacksAreRefusedAtIngestAndAssignment() throws {
        try instance("api1")
        XCTAssertThrowsError(try ingest("c1", stack: "ghost")) { error in
            guard case IngestError.invalidField("agent_stack", _)? = error as? IngestError else { return XCTFail("\(error)") }
        }
        let conversation = try ingest("c2").conversationID
        XCTAssertThrowsError(try store.perform(.assignStack("ghost"), on: conversation, viewer: .everyone, actor: "x"))
    }

    func testChannelSwitchAppliesTheTargetsBinding() throws {
        _ = try put(Self.definition("alpha"))
        _ = try put(Self.definition("beta"))
        try team("general", isDefault: true)
        try instance("a1", stack: "alpha")
        try instance("a2", stack: "alpha")
        try instance("b1", stack: "beta")
        try instance("humans")
        let conversation = try ingest("c1", instance: "a1").conversationID
        let eventsBefore = try store.events(conversationID: conversation).count

        try store.switchChannel(conversationID: conversation, to: "a2", identity: nil, actor: "test")
        XCTAssertEqual(try store.conversation(id: conversation)?.agentStack, "alpha")
        XCTAssertEqual(try store.events(conversationID: conversation).count, eventsBefore + 1, "same stack: only the switch is recorded")

        try store.switchChannel(conversationID: conversation, to: "b1", identity: nil, actor: "test")
        XCTAssertEqual(try store.conversation(id: conversation)?.agentStack, "beta", "a different stack takes over")

        try store.switchChannel(conversationID: conversation, to: "humans", identity: nil, actor: "test")
        let after = try XCTUnwrap(try store.conversation(id: conversation))
        XCTAssertNil(after.agentStack)
        XCTAssertEqual(after.teamID, "general")
        let handover = try XCTUnwrap(try store.events(conversationID: conversation).last { $0.type == "stack.handover" })
        XCTAssertEqual(try JSON.parse(handover.dataJSON)["reason"], "channel_switch")

        try store.switchChannel(conversationID: conversation, to: "a1", identity: nil, actor: "test")
        XCTAssertNil(try store.conversation(id: conversation)?.agentStack, "people keep a conversation they have")
    }

    func testUsageIsMeteredPerDay() throws {
        let stack = try put(Self.definition())
        try instance("api1")
        for customer in ["c1", "c2", "c3"] {
            let id = try ingest(customer, stack: "support").conversationID
            _ = try reply(id, stack, .reply(text: "ok", format: .plain))
        }
        let today = String(Clock.iso8601(Clock.nowMillis()).prefix(10))
        let usage = try store.stackUsage(stackID: "support", from: today, to: today)
        XCTAssertEqual(usage.map(\.day), [today])
        XCTAssertEqual(usage.first?.turns, 3)
        XCTAssertEqual(usage.first?.credits, 3)
        XCTAssertEqual(usage.first?.p50Micros, 1500)
        XCTAssertEqual(try store.stackUsage(stackID: "support", from: "2001-01-01", to: "2001-01-02"), [])
        XCTAssertThrowsError(try store.deleteCollection(id: "help"), "a stack answers from it")
    }
}
