import Foundation
import SwitchboardDomain
import SwitchboardSupport
import SwitchboardTransport
import XCTest

/// Agent Stacks through the real host: customers write through the API channel, the stack answers
/// from the knowledge base or hands over by its rules, and a person then sees the transcript, the
/// stack's notes and its tool calls.
///
/// Teams and contact tiers have no REST on this branch yet (they come with the people and contacts
/// work), so the tests create them with SQL on the host's database, as those endpoints would.
final class StackTests: XCTestCase {
    var host: HostProcess!

    override func setUpWithError() throws {
        host = try HostProcess(plugins: ["api"])
        try host.putCredential("api-key", "integrator-secret")
        try host.addChannel("api1", plugin: "api", config: ["api_key_credential": "api-key"])
        try host.sql("INSERT INTO teams (id, name, created_at, updated_at) VALUES ('tier1', 'Tier 1', 0, 0)")
        let imported = try host.request("POST", "/api/v1/knowledge/import", json: ["collection": "help", "articles": [
            ["source": "orders.md", "markdown": "---\ntitle: Where is my order?\ntags: [shipping]\n---\n## Tracking\n\nEvery parcel gets a tracking link by email as soon as it ships. Open the link to see where your parcel is.\n\n## Delivery times\n\nParcels arrive within 3 working days."],
            ["source": "refunds.md", "markdown": "# Refunds\n\nRefunds go back to your card within 5 working days after we receive the return."],
            ["title": "Returns", "body": "Return any item within 30 days with the prepaid label in your parcel."],
        ]])
        XCTAssertEqual(imported.status, 200, imported.text)
        XCTAssertEqual(imported.json["created"], 3)
        XCTAssertEqual(try host.request("PUT", "/api/v1/procedures/late-parcel", json: [
            "name": "Late parcel", "topics": ["shipping"], "steps": ["Check the tracking link", "Offer a reshipment or a refund"]]).status, 201)
    }

    override func tearDown() { host?.stop() }

    static func stack(_ id: String = "support", extra: JSONObject = [:]) -> JSON {
        var object: JSONObject = [
            "name": "Acme support", "greeting": "Hi, I'm Acme's assistant.", "collections": ["help"], "handover_team": "tier1",
            "topics": [
                ["name": "shipping", "examples": ["where is my parcel", "where is my order", "my package has not arrived", "track my delivery",
                                                  "tracking link for my order", "when will my parcel arrive", "has my order shipped"]],
                ["name": "refunds", "examples": ["I want a refund", "refund my money", "when do I get my refund", "money back", "return for a refund"]],
                ["name": "legal", "examples": ["I will sue you", "my lawyer will contact you", "legal action", "court case"], "off_policy": true],
            ],
            "handover": ["min_confidence": 0.5, "human_tiers": ["vip"], "message": "A colleague will take it from here."],
        ]
        for (k, v) in extra { object[k] = v }
        object["id"] = .string(id)
        return .object(object)
    }

    func putStack(_ definition: JSON) throws {
        let r = try host.request("PUT", "/api/v1/stacks/\(definition["id"]?.stringValue ?? "")", json: definition)
        XCTAssertTrue(r.status == 201 || r.status == 200, r.text)
    }

    @discardableResult
    func say(_ customer: String, _ text: String, stack: String? = "support") throws -> String {
        var body: JSONObject = ["external_id": .string(customer), "message_id": .string(UUID().uuidString), "text": .string(text)]
        if let stack { body["agent_stack"] = .string(stack) }
        let r = try host.request("POST", "/hooks/api1/messages", json: .object(body), key: "integrator-secret")
        XCTAssertEqual(r.status, 201, r.text)
        return try XCTUnwrap(r.json["conversation_id"]?.stringValue)
    }

    /// The conversation once the stack has written `count` messages to the customer.
    func afterStackReplies(_ id: String, count: Int = 1) throws -> JSON {
        try host.eventually("\(count) stack messages in \(id)") { () -> JSON? in
            let c = try host.request("GET", "/api/v1/conversations/\(id)").json
            let written = c["messages"]?.arrayValue?.filter { $0["direction"] == "outbound" && $0["author_kind"] == "stack" } ?? []
            // Not `? c : nil`: JSON is ExpressibleByNilLiteral, so that nil would be JSON.null, not "not yet".
            if written.count >= count { return c }
            return Optional<JSON>.none
        }
    }

    func events(_ id: String, _ type: String) throws -> [JSON] {
        (try host.request("GET", "/api/v1/conversations/\(id)/events").json["events"]?.arrayValue ?? []).filter { $0["type"]?.stringValue == type }
    }

    func stackMessages(_ c: JSON) -> [String] {
        c["messages"]?.arrayValue?.filter { $0["direction"] == "outbound" }.compactMap { $0["text"]?.stringValue } ?? []
    }

    func notes(_ c: JSON) -> [String] {
        c["messages"]?.arrayValue?.filter { $0["direction"] == "internal" && $0["author_kind"] == "stack" }.compactMap { $0["text"]?.stringValue } ?? []
    }

    /// Handed over: the stack let go, the reason is on the record, the team has it, the customer was told.
    func assertHandedOver(_ id: String, reason: String, file: StaticString = #filePath, line: UInt = #line) throws -> JSON {
        let c = try afterStackReplies(id)
        XCTAssertEqual(c["agent_stack"], .null, file: file, line: line)
        XCTAssertEqual(c["team_id"], "tier1", "the stack's handover team", file: file, line: line)
        XCTAssertNotEqual(c["queued_at"], .null, "waiting in the team's queue", file: file, line: line)
        XCTAssertEqual(stackMessages(c).last, "A colleague will take it from here.", file: file, line: line)
        let handover = try XCTUnwrap(try events(id, "stack.handover").first, file: file, line: line)
        XCTAssertEqual(handover["data"]?["reason"]?.stringValue, reason, file: file, line: line)
        XCTAssertTrue(notes(c).contains { $0.hasPrefix("Handed over to people: ") }, "\(notes(c))", file: file, line: line)
        return c
    }

    // MARK: answers

    func testTheStackAnswersFromTheKnowledgeBase() throws {
        try putStack(Self.stack())
        let id = try say("c1", "Where is my parcel? I need the tracking link")
        let c = try afterStackReplies(id)
        let reply = try XCTUnwrap(stackMessages(c).first)
        XCTAssertTrue(reply.hasPrefix("Hi, I'm Acme's assistant.\n\n**Where is my order?: Tracking**"), reply)
        XCTAssertTrue(reply.contains("Every parcel gets a tracking link"), reply)
        XCTAssertEqual(c["agent_stack"], "support", "still the stack's")
        XCTAssertEqual(c["topic"], "shipping")
        XCTAssertEqual(c["engagement"], "engaged")

        // The reply reaches the integrator through the API channel, from the stack.
        let pulled = try host.request("GET", "/hooks/api1/messages?after=0&wait=10", key: "integrator-secret", timeoutMs: 15_000)
        let out = try XCTUnwrap(pulled.json["messages"]?.arrayValue?.first)
        XCTAssertEqual(out["author_kind"], "stack")
        XCTAssertEqual(out["conversation_id"]?.stringValue, id)

        // The greeting is said once.
        try say("c1", "when will I get my refund back?")
        let second = try afterStackReplies(id, count: 2)
        let next = stackMessages(second)[1]
        XCTAssertTrue(next.hasPrefix("**Refunds**"), next)
        XCTAssertEqual(try events(id, "stack.turn").count, 2)
    }

    // MARK: handover rules

    func testHandsOverOnLowConfidence() throws {
        try putStack(Self.stack())
        let id = try say("c1", "Do you sell gift cards for birthdays?")
        let c = try assertHandedOver(id, reason: "low_confidence")
        XCTAssertTrue(notes(c)[0].contains("confidence 0.00 is below the threshold 0.50"), notes(c)[0])
    }

    func testHandsOverOnAnOffPolicyTopic() throws {
        try putStack(Self.stack())
        let id = try say("c1", "My lawyer will contact you about legal action")
        let c = try assertHandedOver(id, reason: "off_policy_topic")
        XCTAssertEqual(c["topic"], "legal", "routing rules and skills can use it")
    }

    func testHandsOverForAVIPContact() throws {
        try putStack(Self.stack())
        // The contact exists with tier "vip" before it writes (what the contacts API will set).
        try host.sql("INSERT INTO contacts (id, display_name, attributes, created_at, updated_at) VALUES ('ct_vip', 'Vera', '{\"tier\":\"VIP\"}', 0, 0)")
        try host.sql("INSERT INTO contact_identities (kind, value, contact_id, created_at) VALUES ('api', 'vip-1', 'ct_vip', 0)")
        let id = try say("vip-1", "Where is my parcel?")
        let c = try assertHandedOver(id, reason: "contact_tier")
        XCTAssertEqual(c["contact"]?["id"], "ct_vip")
    }

    func testHandsOverWhenTheCustomerAsksForAPersonAndAHumanSeesEverything() throws {
        let orders = try makeOrderService(token: "shop-secret-7", orders: ["A-1001": ["order_id": "A-1001", "status": "shipped", "carrier": "UPS"]])
        defer { orders.stop() }
        try host.putCredential("shop-key", "shop-secret-7")
        var definition = Self.stack().objectValue!
        definition["tools"] = [["name": "lookup_order", "kind": "order_lookup", "url": .string(orders.baseURL + "/orders/{order_id}"), "credential": "shop-key"]]
        var topics = definition["topics"]!.arrayValue!
        var shipping = topics[0].objectValue!
        shipping["tools"] = ["lookup_order"]
        topics[0] = .object(shipping)
        definition["topics"] = .array(topics)
        try putStack(.object(definition))

        let id = try say("c1", "Where is my order A-1001?")
        let answered = try afterStackReplies(id)
        XCTAssertTrue(stackMessages(answered)[0].contains("Order A-1001: status shipped, carrier UPS."), stackMessages(answered)[0])
        XCTAssertEqual(orders.received.withLock { $0 }.map(\.path), ["/orders/A-1001"])

        try say("c1", "This is taking too long. Can I talk to a human?")
        _ = try host.eventually("the handover") { try events(id, "stack.handover").first }
        let c = try assertHandedOver(id, reason: "customer_request")

        // The person who picks it up sees one thread: the transcript, the stack's notes, its tool calls.
        let kinds = c["messages"]?.arrayValue?.map { "\($0["direction"]?.stringValue ?? "")/\($0["author_kind"]?.stringValue ?? "")" }
        XCTAssertEqual(kinds, ["inbound/customer", "internal/stack", "outbound/stack", "inbound/customer", "internal/stack", "outbound/stack"])
        XCTAssertTrue(notes(c)[0].hasPrefix("Topic: shipping (confidence "), notes(c)[0])
        XCTAssertTrue(notes(c)[0].hasSuffix("\nTool lookup_order(order_id: A-1001) → order_id: A-1001; status: shipped; carrier: UPS."), notes(c)[0])
        XCTAssertTrue(notes(c)[1].hasPrefix("Handed over to people: the customer asked for a person (\"human\")."), notes(c)[1])
        let call = try XCTUnwrap(try events(id, "stack.tool_called").first)
        XCTAssertEqual(call["data"]?["tool"], "lookup_order")
        XCTAssertEqual(call["data"]?["arguments"], ["order_id": "A-1001"])
        XCTAssertEqual(call["data"]?["ok"], true)
        XCTAssertEqual(call["data"]?["result"]?["status"], "shipped")
        XCTAssertEqual(try events(id, "stack.handover").first?["data"]?["tried"]?["tools"], [["tool": "lookup_order", "ok": true]],
                       "what the stack tried in the conversation, not only in its last turn")

        // The shop's credential is used by ID only: it is nowhere on the record or in the log.
        let everything = try host.request("GET", "/api/v1/conversations/\(id)").text + host.request("GET", "/api/v1/conversations/\(id)/events").text
        XCTAssertFalse(everything.contains("shop-secret-7"))
        XCTAssertFalse(host.log.contains("shop-secret-7"))
    }

    // MARK: the LLM engine

    func llmStack(_ llm: FakeChatCompletions, timeoutMs: Int = 5000) throws {
        try host.putCredential("llm-key", llm.key)
        try putStack(Self.stack(extra: [
            "engine": ["kind": "openai", "base_url": .string(llm.baseURL), "model": .string(llm.model), "api_key_credential": "llm-key",
                       "timeout_ms": .from(timeoutMs), "temperature": 0.2],
            "tools": [["name": "lookup_order", "kind": "order_lookup"]]]))
    }

    func testTheLLMEngineAnswersWithPassagesInContextAndToolCalls() throws {
        let llm = try FakeChatCompletions { request in
            if request.toolResults.isEmpty { return .toolCalls([("lookup_order", ["order_id": "A-7"])]) }
            let result = (try? JSON.parse(request.toolResults[0]["content"]?.stringValue ?? "")) ?? .null
            return .content("Your order \(result["id"]?.stringValue ?? "?") is \(result["status"]?.stringValue ?? "?").\n")
        }
        defer { llm.stop() }
        try llmStack(llm)
        // The order the channel attached to the customer's message (rich content of type "order").
        let r = try host.request("POST", "/hooks/api1/messages", json: [
            "external_id": "c1", "message_id": "m-1", "text": "Where is my parcel?", "agent_stack": "support",
            "rich": ["type": "order", "id": "A-7", "status": "out for delivery"]], key: "integrator-secret")
        let id = try XCTUnwrap(r.json["conversation_id"]?.stringValue)
        let c = try afterStackReplies(id)
        XCTAssertEqual(stackMessages(c), ["Hi, I'm Acme's assistant.\n\nYour order A-7 is out for delivery."])
        XCTAssertEqual(llm.violations.withLock { $0 }, [])

        let requests = llm.requests.withLock { $0 }
        XCTAssertEqual(requests.count, 2)
        XCTAssertTrue(requests[0].system.contains("Every parcel gets a tracking link"), "retrieved passages are in context: \(requests[0].system)")
        XCTAssertEqual(requests[0].lastUserText, "Where is my parcel?")
        XCTAssertEqual(requests[0].tools.compactMap { $0["function"]?["name"]?.stringValue }, ["lookup_order", "hand_over"])
        XCTAssertEqual(requests[0].body["temperature"], 0.2)
        XCTAssertEqual(try events(id, "stack.tool_called").first?["data"]?["arguments"], ["order_id": "A-7"])
        let turn = try XCTUnwrap(try events(id, "stack.turn").first)
        XCTAssertEqual(turn["data"]?["credits"], 4, "1 per turn + 1 tool call + 2 × started 1,000 tokens")

        // The API key travels only in the Authorization header: not in the prompt, the record or the log.
        for text in [try host.request("GET", "/api/v1/conversations/\(id)").text, try host.request("GET", "/api/v1/conversations/\(id)/events").text,
                     host.log, requests.map { $0.body.serialized }.joined()] {
            XCTAssertFalse(text.contains(llm.key))
        }
    }

    func testTheLLMAsksForAPerson() throws {
        let llm = try FakeChatCompletions { _ in .toolCalls([("hand_over", ["reason": "refund over the limit"])]) }
        defer { llm.stop() }
        try llmStack(llm)
        let id = try say("c1", "I want a refund of my money")
        let c = try assertHandedOver(id, reason: "engine_requested")
        XCTAssertTrue(notes(c)[0].contains("refund over the limit"), notes(c)[0])
    }

    func testAnLLMErrorOrTimeoutHandsOverWithTheReasonNoted() throws {
        let llm = try FakeChatCompletions { request in
            request.lastUserText.contains("shipped") ? .delayed(milliseconds: 2500, .content("too late")) : .status(500, "The server had an error")
        }
        defer { llm.stop() }
        try llmStack(llm, timeoutMs: 800)

        let failing = try say("c1", "Where is my parcel?")
        let c1 = try assertHandedOver(failing, reason: "engine_error")
        XCTAssertTrue(notes(c1)[0].contains("the reply engine failed: HTTP 500: The server had an error"), notes(c1)[0])

        let slow = try say("c2", "Has my order shipped?")
        let c2 = try assertHandedOver(slow, reason: "engine_error")
        XCTAssertTrue(notes(c2)[0].contains("timed out after 800 ms"), notes(c2)[0])
    }

    // MARK: serialization per conversation

    func testMessagesDuringATurnWaitAndTheNextTurnSeesAllOfThem() throws {
        let gate = Locked(false)
        let llm = try FakeChatCompletions { request in
            if request.lastUserText == "where is my parcel" {
                while !gate.withLock({ $0 }) { usleep(10_000) }
            }
            // What this turn answers: the customer's messages since the last reply.
            let sinceReply = request.messages.split { $0["role"] == "assistant" }.last ?? []
            let asked = sinceReply.filter { $0["role"] == "user" }.compactMap { $0["content"]?.stringValue }
            return .content("answered: " + asked.joined(separator: " + "))
        }
        defer { llm.stop() }
        try llmStack(llm)
        let id = try say("c1", "where is my parcel")
        _ = try host.eventually("the first turn to reach the engine") { llm.requests.withLock { $0.count } == 1 ? true : nil }
        try say("c1", "has my order shipped")
        try say("c1", "track my delivery")
        Thread.sleep(forTimeInterval: 0.3)
        XCTAssertEqual(llm.requests.withLock { $0.count }, 1, "one turn at a time per conversation")
        gate.withLock { $0 = true }
        let c = try afterStackReplies(id, count: 2)
        Thread.sleep(forTimeInterval: 0.5)   // a third turn would have run by now
        XCTAssertEqual(stackMessages(c).count, 2)
        XCTAssertEqual(stackMessages(try host.request("GET", "/api/v1/conversations/\(id)").json).count, 2, "no turn for already-answered messages")
        XCTAssertEqual(llm.requests.withLock { $0.count }, 2)
        XCTAssertEqual(stackMessages(c), ["Hi, I'm Acme's assistant.\n\nanswered: where is my parcel",
                                          "answered: has my order shipped + track my delivery"],
                       "the next turn sees both waiting messages")
    }

    func testATurnOwedBeforeARestartRunsAfterIt() throws {
        try putStack(Self.stack())
        let id = try say("c1", "Where is my parcel?")
        _ = try afterStackReplies(id)
        host.stop()
        // A customer message committed just before the process stopped, its turn never run.
        try host.sql("""
            INSERT INTO messages (conversation_id, direction, author_kind, channel_instance_id, text, provider_message_id, delivery_status, created_at)
            VALUES (?, 'inbound', 'customer', 'api1', 'when will I get my refund back?', 'late-1', 'received', 0)
            """, [.text(id)])
        try host.sql("UPDATE conversations SET engagement = 'pending' WHERE id = ?", [.text(id)])
        host = try HostProcess(dataDirectory: host.dataDirectory, pluginsDirectory: host.pluginsDirectory)
        let c = try afterStackReplies(id, count: 2)
        XCTAssertTrue(stackMessages(c)[1].hasPrefix("**Refunds**"), stackMessages(c)[1])
    }

    // MARK: bad input

    func testBadDefinitionsAreRefusedNamingTheField() throws {
        func refused(_ definition: JSON) throws -> String? {
            let r = try host.request("PUT", "/api/v1/stacks/\(definition["id"]?.stringValue ?? "")", json: definition)
            XCTAssertEqual(r.status, 400, r.text)
            return r.json["field"]?.stringValue
        }
        XCTAssertEqual(try refused(Self.stack(extra: ["collections": ["help", "faq"]])), "collections[1]")
        XCTAssertEqual(try refused(Self.stack(extra: ["handover_team": "nobody"])), "handover_team")
        XCTAssertEqual(try refused(Self.stack(extra: ["engine": ["kind": "openai", "base_url": "http://127.0.0.1:9/v1", "model": "m",
                                                                 "api_key_credential": "missing-key"]])), "engine.api_key_credential")
        XCTAssertEqual(try refused(Self.stack(extra: ["tools": [["name": "lookup_order", "kind": "order_lookup", "url": "http://x/{order_id}",
                                                                 "credential": "missing"]]])), "tools[0].credential")
        XCTAssertEqual(try host.request("GET", "/api/v1/stacks").json["stacks"], [])

        // A channel bound to a stack that does not exist, and an inbound message naming one.
        let bind = try host.request("PATCH", "/api/v1/channels/api1", json: ["binding": ["kind": "stack", "ref": "ghost"]])
        XCTAssertEqual(bind.status, 400, bind.text)
        XCTAssertEqual(bind.json["field"], "binding.ref")
        let inbound = try host.request("POST", "/hooks/api1/messages", json: ["external_id": "c1", "message_id": "m1", "text": "hi",
                                                                               "agent_stack": "ghost"], key: "integrator-secret")
        XCTAssertEqual(inbound.status, 400, inbound.text)
        XCTAssertEqual(inbound.json["field"], "agent_stack")
        XCTAssertEqual(try host.request("POST", "/api/v1/knowledge/articles", json: ["collection": "nope", "title": "t", "body": "b"]).json["field"], "collection")
    }

    // MARK: binding, channel switch, usage, Sidekick

    func testChannelBindingAndChannelSwitch() throws {
        try putStack(Self.stack())
        try putStack(Self.stack("sales", extra: ["greeting": "Hello from sales.", "handover_team": .null]))
        try host.addChannel("api2", plugin: "api", config: ["api_key_credential": "api-key"])
        try host.addChannel("api3", plugin: "api", config: ["api_key_credential": "api-key"])
        XCTAssertEqual(try host.request("PATCH", "/api/v1/channels/api1", json: ["binding": ["kind": "stack", "ref": "support"]]).status, 200)
        XCTAssertEqual(try host.request("PATCH", "/api/v1/channels/api2", json: ["binding": ["kind": "stack", "ref": "sales"]]).status, 200)
        XCTAssertEqual(try host.request("PATCH", "/api/v1/channels/api3", json: ["binding": ["kind": "team", "ref": "tier1"]]).status, 200)

        let id = try say("c1", "Where is my parcel?", stack: nil)
        XCTAssertEqual(try afterStackReplies(id)["agent_stack"], "support", "the channel's bound stack answers")

        let toSales = try host.request("POST", "/api/v1/conversations/\(id)/switch", json: ["channel_instance_id": "api2"])
        XCTAssertEqual(toSales.status, 200, toSales.text)
        XCTAssertEqual(toSales.json["agent_stack"], "sales", "a different stack takes over, with the whole history")

        let toPeople = try host.request("POST", "/api/v1/conversations/\(id)/switch", json: ["channel_instance_id": "api3"])
        XCTAssertEqual(toPeople.json["agent_stack"], .null)
        XCTAssertEqual(toPeople.json["team_id"], "tier1", "routed by the new channel's team binding")
        XCTAssertEqual(try events(id, "stack.handover").first?["data"]?["reason"], "channel_switch")
    }

    func testUsagePerStackPerDayAndSidekick() throws {
        try putStack(Self.stack())
        let id = try say("c1", "Where is my parcel?")
        _ = try afterStackReplies(id)
        try say("c1", "Can I speak to someone?")
        _ = try afterStackReplies(id, count: 2)

        let today = String(Clock.iso8601(Clock.nowMillis()).prefix(10))
        let usage = try host.request("GET", "/api/v1/stacks/support/usage?from=\(today)&to=\(today)")
        XCTAssertEqual(usage.status, 200, usage.text)
        let day = try XCTUnwrap(usage.json["days"]?.arrayValue?.first)
        XCTAssertEqual(day["day"]?.stringValue, today)
        XCTAssertEqual(day["turns"], 2)
        XCTAssertEqual(day["replies"], 1)
        XCTAssertEqual(day["handovers"], 1)
        XCTAssertEqual(day["credits"], 2)
        XCTAssertEqual(usage.json["total"]?["credits"], 2)
        XCTAssertEqual(try host.request("GET", "/api/v1/stacks/support/usage?from=yesterday").json["field"], "from")

        // The person who takes over asks Sidekick.
        let sidekick = try host.request("GET", "/api/v1/conversations/\(id)/sidekick?q=my%20parcel%20is%20late")
        XCTAssertEqual(sidekick.status, 200, sidekick.text)
        XCTAssertEqual(sidekick.json["stack_id"], "support", "the stack that last handled it")
        XCTAssertEqual(sidekick.json["topic"]?["name"], "shipping")
        XCTAssertEqual(sidekick.json["procedure"]?["steps"], ["Check the tracking link", "Offer a reshipment or a refund"])
        XCTAssertEqual(sidekick.json["matches"]?.arrayValue?.first?["title"], "Where is my order?")
        XCTAssertTrue(sidekick.json["suggested_reply"]?["text"]?.stringValue?.contains("tracking link") ?? false, sidekick.text)
        let search = try host.request("GET", "/api/v1/knowledge/search?q=refund%20card&collection=help")
        XCTAssertEqual(search.json["passages"]?.arrayValue?.first?["title"], "Refunds")

        // The handbook is the team's: an integrator key (an outside system) may not read it.
        let integrator = try XCTUnwrap(try host.request("POST", "/api/v1/api-keys", json: [
            "name": "crm", "role": "integrator", "channel_instance_ids": ["api1"]]).json["key"]?.stringValue)
        XCTAssertEqual(try host.request("GET", "/api/v1/procedures", key: integrator).status, 403)
        XCTAssertEqual(try host.request("GET", "/api/v1/conversations/\(id)/sidekick", key: integrator).status, 403, "nor Sidekick, which shows it")
    }
}

extension HostProcess {
    /// SQL on the host's database, for what this branch has no REST for yet (teams, contact tiers):
    /// the data directory's SQLite file, or its PostgreSQL database with SWITCHBOARD_TEST_STORE.
    func sql(_ statement: String, _ values: [SQLValue] = []) throws {
        try database().run(statement, values)
    }
}
