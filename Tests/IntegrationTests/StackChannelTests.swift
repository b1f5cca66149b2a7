import Foundation
import MetaFake
import SwitchboardSupport
import XCTest

/// Agent Stacks that know their channel, through the real host: every turn states the delivering
/// channel's output rule (the loopback chat-completions fake refuses a system message without one),
/// and the stack is offered exactly that channel's actions (a voice line's, WhatsApp's template,
/// Messenger's quick replies), filtered by its definition, checked against their schemas, performed
/// by the plugin, recorded and metered.
final class StackChannelTests: XCTestCase {
    var cleanup: [() -> Void] = []

    override func tearDown() {
        for stop in cleanup.reversed() { stop() }
        cleanup = []
    }

    // MARK: a voice line (Tests/Plugins/Voice: "spoken" capabilities, two actions)

    /// The real host with the API channel and the voice fixture plugin, knowledge imported.
    func voiceHost(extraArguments: [String] = []) throws -> HostProcess {
        let scratch = NSTemporaryDirectory() + "switchboard-voice-" + UUID().uuidString
        let plugins = scratch + "/plugins"
        try FileManager.default.createDirectory(atPath: plugins, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: HostProcess.stagedPlugins + "/api", toPath: plugins + "/api")
        try Self.buildVoicePlugin(into: plugins + "/voicefixture", scratch: scratch)
        let host = try HostProcess(extraArguments: extraArguments, dataDirectory: scratch + "/data", pluginsDirectory: plugins)
        cleanup.append { host.stop() }
        try host.sql("INSERT INTO teams (id, name, created_at, updated_at) VALUES ('tier1', 'Tier 1', 0, 0)")
        let imported = try host.request("POST", "/api/v1/knowledge/import", json: ["collection": "help", "articles": [
            ["source": "orders.md", "markdown": "---\ntitle: Where is my order?\n---\n## Tracking\n\nEvery parcel gets a tracking link by email as soon as it ships. Open the link at https://acme.example/track to see where your parcel is. Most parcels arrive within 3 working days. Call us if it is late."],
        ]])
        XCTAssertEqual(imported.status, 200, imported.text)
        try host.addChannel("voice1", plugin: "voicefixture", config: [:])
        return host
    }

    static func buildVoicePlugin(into folder: String, scratch: String) throws {
        try TestPlugins.build("Voice", source: "voice.c", library: "libvoicefixture.so", into: folder, scratch: scratch)
    }

    func put(_ host: HostProcess, _ definition: JSON) throws {
        let r = try host.request("PUT", "/api/v1/stacks/\(definition["id"]?.stringValue ?? "")", json: definition)
        XCTAssertTrue(r.status == 201 || r.status == 200, r.text)
    }

    func bind(_ host: HostProcess, _ instance: String, to stack: String) throws {
        let r = try host.request("PATCH", "/api/v1/channels/\(instance)", json: ["binding": ["kind": "stack", "ref": .string(stack)]])
        XCTAssertEqual(r.status, 200, r.text)
    }

    func llmEngine(_ host: HostProcess, _ llm: FakeChatCompletions) throws -> JSON {
        try host.putCredential("llm-key", llm.key)
        return ["kind": "openai", "base_url": .string(llm.baseURL), "model": .string(llm.model), "api_key_credential": "llm-key", "timeout_ms": 5000]
    }

    /// A caller says something on the voice line; returns their conversation.
    func call(_ host: HostProcess, from phone: String, _ words: String) throws -> String {
        let r = try host.request("POST", "/hooks/voice1/say?from=\(phone)&id=\(UUID().uuidString)", body: words,
                                 headers: [("Content-Type", "text/plain")])
        XCTAssertEqual(r.status, 200, r.text)
        return try XCTUnwrap(r.json["conversation_id"]?.stringValue)
    }

    func stackSaid(_ host: HostProcess, _ id: String) throws -> [String] {
        try host.eventually("the stack's turn in \(id)") { () -> [String]? in
            // The turn's event first: its reply commits with it, so the conversation read after has it.
            guard !(try events(host, id, "stack.turn")).isEmpty else { return nil }
            return try stackMessages(host, id).filter { $0["rich"]?["action"] == nil }.compactMap { $0["text"]?.stringValue }
        }
    }

    /// The stack's outbound messages: its replies, and what its channel actions sent (rich "action").
    func stackMessages(_ host: HostProcess, _ id: String) throws -> [JSON] {
        let c = try host.request("GET", "/api/v1/conversations/\(id)").json
        return c["messages"]?.arrayValue?.filter { $0["direction"] == "outbound" && $0["author_kind"] == "stack" } ?? []
    }

    func actionMessage(_ host: HostProcess, _ id: String, providerID: String) throws -> JSON {
        try host.eventually("the action's message \(providerID)") { try stackMessages(host, id).first { $0["provider_message_id"]?.stringValue == providerID } }
    }

    func events(_ host: HostProcess, _ id: String, _ type: String) throws -> [JSON] {
        (try host.request("GET", "/api/v1/conversations/\(id)/events").json["events"]?.arrayValue ?? []).filter { $0["type"]?.stringValue == type }
    }

    static func stack(_ id: String, _ extra: JSONObject = [:]) -> JSON {
        var object: JSONObject = [
            "id": .string(id), "name": "Acme support", "collections": ["help"], "handover_team": "tier1",
            "topics": [["name": "shipping", "examples": ["where is my parcel", "where is my order", "my package has not arrived", "track my delivery",
                                                         "tracking link for my order", "when will my parcel arrive", "has my order shipped"]]],
            "handover": ["min_confidence": 0.3, "message": "A colleague will take it from here."],
        ]
        for (k, v) in extra { object[k] = v }
        return .object(object)
    }

    func testAVoiceTurnGetsTheSpokenRuleAndTheBuiltInEngineSpeaksWithinIt() throws {
        let host = try voiceHost()
        try put(host, Self.stack("builtin"))
        try bind(host, "voice1", to: "builtin")
        let said = try stackSaid(host, try call(host, from: "+15550001", "Where is my parcel?"))
        let spoken = try XCTUnwrap(said.first)
        XCTAssertFalse(spoken.contains("**") || spoken.contains("http") || spoken.contains("\n"), "spoken: no formatting, no links: \(spoken)")
        XCTAssertLessThanOrEqual(spoken.filter { $0 == "." }.count, 2, "one or two short sentences: \(spoken)")
        XCTAssertTrue(spoken.hasPrefix("Every parcel gets a tracking link"), spoken)

        let llm = try FakeChatCompletions { _ in .content("Your parcel is on its way.") }
        cleanup.append { llm.stop() }
        try put(host, Self.stack("llm", ["engine": try llmEngine(host, llm)]))
        try bind(host, "voice1", to: "llm")
        XCTAssertEqual(try stackSaid(host, try call(host, from: "+15550002", "Where is my parcel?")), ["Your parcel is on its way."])
        XCTAssertEqual(llm.violations.withLock { $0 }, [])
        let request = try XCTUnwrap(llm.requests.withLock { $0 }.first)
        XCTAssertEqual(request.outputRule["kind"], "voice")
        XCTAssertEqual(request.outputRule["spoken"], "short sentences, no formatting, no links")
        XCTAssertEqual(request.outputRule["format"], "plain")
        XCTAssertEqual(request.outputRule["max_length"], "600")
        XCTAssertEqual(request.outputRule["reply_window"], "none")
        XCTAssertEqual(request.toolNames, ["send_link_by_sms", "transfer_to_queue", "hand_over"], "exactly the voice line's actions")
    }

    func testAnActionIsCheckedPerformedRecordedAndMeteredAndAForbiddenOneIsNeverOffered() throws {
        let host = try voiceHost()
        let llm = try FakeChatCompletions { request in
            switch request.toolResults.count {
            case 0: return .toolCalls([("send_link_by_sms", ["url": "short"])])                                   // misfits the schema
            case 1: return .toolCalls([("send_link_by_sms", ["url": "https://acme.example/track/A-7"])])          // the retry fits
            default: return .content("I have texted you the tracking link.")
            }
        }
        cleanup.append { llm.stop() }
        try put(host, Self.stack("llm", ["engine": try llmEngine(host, llm), "actions": ["forbid": ["transfer_to_queue"]]]))
        try bind(host, "voice1", to: "llm")
        let id = try call(host, from: "+15550003", "Where is my parcel?")
        XCTAssertEqual(try stackSaid(host, id), ["I have texted you the tracking link."])
        XCTAssertEqual(llm.violations.withLock { $0 }, [])

        let requests = llm.requests.withLock { $0 }
        XCTAssertEqual(requests.count, 3)
        XCTAssertEqual(requests[0].toolNames, ["send_link_by_sms", "hand_over"], "a forbidden action is never offered")
        let refusal = requests[1].toolResults.first?["content"]?.stringValue ?? ""
        XCTAssertTrue(refusal.contains("arguments.url: must be at least 8 characters"), "the validation error goes back to the model: \(refusal)")

        // The plugin got only the arguments that fit, and the customer's number; never a credential.
        let performed = try host.request("GET", "/hooks/voice1/last-action").json
        XCTAssertEqual(performed["action"], "send_link_by_sms")
        XCTAssertEqual(performed["arguments"], ["url": "https://acme.example/track/A-7"])
        XCTAssertEqual(performed["to"], "+15550003")

        let calls = try events(host, id, "stack.tool_called")
        XCTAssertEqual(calls.map { $0["data"]?["ok"] }, [false, true])
        XCTAssertEqual(calls.map { $0["data"]?["channel_action"] }, [true, true])
        XCTAssertEqual(calls.last?["data"]?["result"]?["provider_message_id"], "action-send_link_by_sms")
        // What the action sent is in the thread as the stack's, already sent, with the provider's id.
        let texted = try actionMessage(host, id, providerID: "action-send_link_by_sms")
        XCTAssertEqual(texted["delivery_status"], "sent")
        XCTAssertEqual(texted["rich"], ["url": "https://acme.example/track/A-7", "action": "send_link_by_sms"])
        XCTAssertEqual(calls.last?["data"]?["result"]?["message_id"], texted["id"])
        let turn = try XCTUnwrap(try events(host, id, "stack.turn").first)
        XCTAssertEqual(turn["data"]?["credits"], 6, "1 per turn + 2 action calls + 3 × started 1,000 tokens")
        let note = try host.request("GET", "/api/v1/conversations/\(id)").json["messages"]?.arrayValue?
            .first { $0["direction"] == "internal" && $0["author_kind"] == "stack" }?["text"]?.stringValue ?? ""
        XCTAssertTrue(note.contains("Channel action send_link_by_sms"), note)

        // A plugin that fails an action: its reason goes to the model and onto the record.
        let failing = try FakeChatCompletions { request in
            request.toolResults.isEmpty ? .toolCalls([("transfer_to_queue", ["queue": "closed"])]) : .toolCalls([("hand_over", ["reason": "no queue is open"])])
        }
        cleanup.append { failing.stop() }
        try put(host, Self.stack("transfers", ["engine": try llmEngine(host, failing)]))
        try bind(host, "voice1", to: "transfers")
        let second = try call(host, from: "+15550004", "Where is my parcel?")
        _ = try stackSaid(host, second)
        let answer = try XCTUnwrap(failing.requests.withLock { $0 }.last?.toolResults.first?["content"]?.stringValue)
        XCTAssertTrue(answer.contains("the queue is closed at this hour"), answer)
        let failed = try XCTUnwrap(try events(host, second, "stack.tool_called").first)
        XCTAssertEqual(failed["data"]?["ok"], false)
        XCTAssertEqual(failed["data"]?["result"]?["error"], "the queue is closed at this hour")
        XCTAssertEqual(try stackMessages(host, second).filter { $0["rich"]?["action"] != nil }, [], "a failed action sent nothing")
    }

    /// A plugin that hangs in perform_action does not hold the conversation's lane: the call is
    /// given up after the deliver timeout (500 ms here; the fixture sleeps a minute), the instance
    /// quarantined like a hung deliver(), the failure reported to the model and the record, and
    /// the turn goes on to hand over.
    func testAHungActionIsGivenUpAfterTheDeliverTimeoutAndTheTurnHandsOver() throws {
        let host = try voiceHost(extraArguments: ["--deliver-timeout-ms", "500"])
        let llm = try FakeChatCompletions { request in
            request.toolResults.isEmpty ? .toolCalls([("transfer_to_queue", ["queue": "hang"])]) : .toolCalls([("hand_over", ["reason": "the transfer failed"])])
        }
        cleanup.append { llm.stop() }
        try put(host, Self.stack("transfers", ["engine": try llmEngine(host, llm)]))
        try bind(host, "voice1", to: "transfers")
        let started = Date()
        let id = try call(host, from: "+15550006", "Where is my parcel?")
        let handover = try host.eventually("the handover", timeout: 10) { try events(host, id, "stack.handover").first }
        XCTAssertLessThan(Date().timeIntervalSince(started), 8, "the lane waited the bound, not the plugin's minute")
        XCTAssertNotNil(handover["data"])

        let answer = try XCTUnwrap(llm.requests.withLock { $0 }.last?.toolResults.first?["content"]?.stringValue)
        XCTAssertTrue(answer.contains("did not perform transfer_to_queue within 500 ms"), answer)
        let failed = try XCTUnwrap(try events(host, id, "stack.tool_called").first)
        XCTAssertEqual(failed["data"]?["ok"], false)
        XCTAssertEqual(failed["data"]?["channel_action"], true)
        XCTAssertTrue(failed["data"]?["result"]?["error"]?.stringValue?.contains("within 500 ms") ?? false, "\(failed)")
        let c = try host.request("GET", "/api/v1/conversations/\(id)").json
        XCTAssertEqual(c["agent_stack"], .null, "people have it")
        XCTAssertEqual(try stackMessages(host, id).filter { $0["rich"]?["action"] != nil }, [], "nothing recorded as sent")

        let channel = try host.request("GET", "/api/v1/channels/voice1").json
        XCTAssertEqual(channel["state"], "quarantined")
        XCTAssertTrue(channel["reason"]?.stringValue?.contains("perform_action() did not return within 500 ms") ?? false, "\(channel)")
    }

    /// Sidekick's suggested reply comes from the stack's own engine (here an LLM), within the channel's
    /// output rule, with no tools or channel actions offered (advisory: it sends and records nothing).
    func testSidekickSuggestsWithTheStacksEngineWithinTheOutputRule() throws {
        let host = try voiceHost()
        let llm = try FakeChatCompletions { request in
            request.tools.isEmpty ? .content("Your parcel is on its way; the tracking link is in your email.") : .toolCalls([("hand_over", ["reason": "people, please"])])
        }
        cleanup.append { llm.stop() }
        try put(host, Self.stack("llm", ["engine": try llmEngine(host, llm)]))
        try bind(host, "voice1", to: "llm")
        let id = try call(host, from: "+15550005", "Where is my parcel?")
        _ = try host.eventually("the handover") { try events(host, id, "stack.handover").first }   // the turn asked for people
        let before = llm.requests.withLock { $0.count }
        let answer = try host.request("GET", "/api/v1/conversations/\(id)/sidekick")
        XCTAssertEqual(answer.status, 200, answer.text)
        XCTAssertEqual(answer.json["suggested_reply"]?["text"], "Your parcel is on its way; the tracking link is in your email.")
        XCTAssertEqual(answer.json["suggested_reply"]?["format"], "plain", "spoken: plain")
        let requests = llm.requests.withLock { $0 }
        XCTAssertEqual(requests.count, before + 1)
        let request = try XCTUnwrap(requests.last)
        XCTAssertEqual(request.outputRule["spoken"], "short sentences, no formatting, no links")
        XCTAssertTrue(request.tools.isEmpty, "Sidekick offers no tools and no channel actions")
        XCTAssertEqual(llm.violations.withLock { $0 }, [])
        XCTAssertEqual(try events(host, id, "stack.tool_called"), [], "nothing recorded")
    }

    // MARK: Meta channels

    func testAWhatsAppTurnWithAClosedWindowIsOfferedTheTemplateActionAndSendsIt() throws {
        let world = try WhatsAppWorld()
        cleanup.append { world.stop() }
        world.graph.addTemplate(wabaID: WhatsAppWorld.waba, name: "order_update", language: "en_US", components: [
            ["type": "BODY", "text": "Hi {{1}}, your order {{2}} has shipped."]])
        try world.addBothNumbers()
        _ = try world.host.eventually("templates synced") { () -> JSON? in
            let s = try world.pluginStatus("wa-a")
            return s["template_counts"]?["APPROVED"]?.intValue == 1 ? s : Optional<JSON>.none
        }
        let host = world.host
        let imported = try host.request("POST", "/api/v1/knowledge/import", json: ["collection": "help", "articles": [
            ["title": "Where is my order?", "body": "Every parcel gets a tracking link by email as soon as it ships."]]])
        XCTAssertEqual(imported.status, 200, imported.text)
        let llm = try FakeChatCompletions { request in
            if request.outputRule["reply_window"] != "closed" { return .content("Free text (the window is open)") }
            return request.toolResults.isEmpty
                ? .toolCalls([("send_template", ["name": "order_update", "language": "en_US", "parameters": ["Ann", "#1042"]])])
                : .content("I sent the order update template.")
        }
        cleanup.append { llm.stop() }
        try host.sql("INSERT INTO teams (id, name, created_at, updated_at) VALUES ('tier1', 'Tier 1', 0, 0)")
        try put(host, Self.stack("wa", ["engine": try llmEngine(host, llm)]))
        try bind(host, "wa-a", to: "wa")

        let id = try world.customerWrote("Where is my order?", hoursAgo: 30)
        let turn = try host.eventually("the stack's turn") { try events(host, id, "stack.turn").first }
        XCTAssertEqual(turn["data"]?["outcome"], "acted", "answered with the template, no free text")
        XCTAssertEqual(llm.violations.withLock { $0 }, [])
        let request = try XCTUnwrap(llm.requests.withLock { $0 }.first)
        XCTAssertEqual(request.outputRule["kind"], "whatsapp")
        XCTAssertEqual(request.outputRule["reply_window"], "closed")
        XCTAssertTrue(request.system.contains("a text reply will not be delivered"), request.system)
        XCTAssertEqual(request.toolNames, ["send_template", "hand_over"])
        let sent = try XCTUnwrap(world.graph.whatsAppSent.last)
        XCTAssertEqual(sent.type, "template")
        XCTAssertEqual(sent.body["template"]?["name"], "order_update")
        let c = try host.request("GET", "/api/v1/conversations/\(id)").json
        XCTAssertEqual(c["agent_stack"], "wa", "the stack keeps the conversation")
        // The template is in the thread as the stack's message, already sent, with Meta's id; no free text was queued.
        let stackMessages = try stackMessages(host, id)
        XCTAssertEqual(stackMessages.count, 1, "\(stackMessages)")
        let template = try XCTUnwrap(stackMessages.first)
        XCTAssertEqual(template["provider_message_id"]?.stringValue, sent.messageID)
        XCTAssertEqual(template["delivery_status"], "sent")
        XCTAssertEqual(template["rich"], ["type": "whatsapp_template", "name": "order_update", "language": "en_US",
                                          "parameters": ["Ann", "#1042"], "action": "send_template"])
        let recorded = try XCTUnwrap(try events(host, id, "stack.tool_called").first)
        XCTAssertEqual(recorded["data"]?["result"]?["message_id"], template["id"])

        // Meta's statuses for it move it like any reply's.
        func status(_ state: String) throws {
            XCTAssertEqual(try world.post(WhatsAppPayloads.batch([(wabaID: WhatsAppWorld.waba, changes: [world.change(statuses: [
                WhatsAppPayloads.status(state, id: sent.messageID, recipient: "4915112345678", timestampMs: MetaWorld.time())])])])).status, 200)
        }
        try status("delivered")
        _ = try host.eventually("delivered") { try actionMessage(host, id, providerID: sent.messageID)["delivery_status"] == "delivered" ? true : nil }
        try status("read")
        _ = try host.eventually("read") { try actionMessage(host, id, providerID: sent.messageID)["delivery_status"] == "read" ? true : nil }
    }

    func testAMessengerTurnOffersQuickRepliesAndThePluginSendsThem() throws {
        let world = try MetaWorld(plugins: ["messenger"])
        cleanup.append { world.stop() }
        try world.host.addChannel("fb-a", plugin: "messenger", config: world.config("page_id", MetaWorld.pageA))
        let host = world.host
        XCTAssertEqual(try host.request("POST", "/api/v1/knowledge/import", json: ["collection": "help", "articles": [
            ["title": "Where is my order?", "body": "Every parcel gets a tracking link by email as soon as it ships."]]]).status, 200)
        let llm = try FakeChatCompletions { request in
            request.toolResults.isEmpty
                ? .toolCalls([("offer_quick_replies", ["text": "Which order do you mean?", "options": ["A-1001", "A-1002"]])])
                : .content("Tap the order you mean.")
        }
        cleanup.append { llm.stop() }
        try host.sql("INSERT INTO teams (id, name, created_at, updated_at) VALUES ('tier1', 'Tier 1', 0, 0)")
        try put(host, Self.stack("fb", ["engine": try llmEngine(host, llm)]))
        try bind(host, "fb-a", to: "fb")
        XCTAssertEqual(try world.post(MetaPayloads.messengerBatch([(pageID: MetaWorld.pageA, events: [
            MetaPayloads.text(from: "u-1", to: MetaWorld.pageA, mid: "m.1", text: "Where is my order?", timestampMs: MetaWorld.time())])])).status, 200)
        let quick = try host.eventually("the quick replies at Meta") { world.graph.sent.first { $0.body["message"]?["quick_replies"] != nil } }
        XCTAssertEqual(quick.text, "Which order do you mean?")
        XCTAssertEqual(quick.body["message"]?["quick_replies"]?.arrayValue?.compactMap { $0["title"]?.stringValue }, ["A-1001", "A-1002"])
        XCTAssertEqual(quick.messagingType, "RESPONSE")
        let request = try XCTUnwrap(llm.requests.withLock { $0 }.first)
        XCTAssertEqual(request.toolNames, ["offer_quick_replies", "hand_over"])
        XCTAssertEqual(request.outputRule["kind"], "messenger")
        XCTAssertEqual(request.outputRule["reply_window"], "open")
        XCTAssertEqual(request.outputRule["max_length"], "2000")
        XCTAssertEqual(llm.violations.withLock { $0 }, [])

        // The question and its answers are in the thread as the stack's message, sent, with Meta's id.
        let id = try host.eventually("the turn") { () -> String? in
            try host.request("GET", "/api/v1/conversations").json["conversations"]?.arrayValue?.first?["id"]?.stringValue
        }
        let offered = try actionMessage(host, id, providerID: quick.messageID)
        XCTAssertEqual(offered["text"], "Which order do you mean?")
        XCTAssertEqual(offered["rich"], ["options": ["A-1001", "A-1002"], "action": "offer_quick_replies"])
        XCTAssertEqual(offered["delivery_status"], "sent")
        // Meta's echo of that send is the same message, not a second one; its receipts move it.
        XCTAssertEqual(try world.post(MetaPayloads.messengerBatch([(pageID: MetaWorld.pageA, events: [
            MetaPayloads.echo(from: MetaWorld.pageA, to: "u-1", mid: quick.messageID, text: "Which order do you mean?", appID: "1234",
                              timestampMs: MetaWorld.time())])])).status, 200)
        let later = MetaWorld.time() + 1_000
        XCTAssertEqual(try world.post(MetaPayloads.messengerBatch([(pageID: MetaWorld.pageA, events: [
            MetaPayloads.delivery(from: "u-1", to: MetaWorld.pageA, mids: [quick.messageID], watermark: later, timestampMs: later)])])).status, 200)
        _ = try host.eventually("delivered") { try actionMessage(host, id, providerID: quick.messageID)["delivery_status"] == "delivered" ? true : nil }
        XCTAssertEqual(try world.post(MetaPayloads.messengerBatch([(pageID: MetaWorld.pageA, events: [
            MetaPayloads.read(from: "u-1", to: MetaWorld.pageA, watermark: later)])])).status, 200)
        _ = try host.eventually("read") { try actionMessage(host, id, providerID: quick.messageID)["delivery_status"] == "read" ? true : nil }
        let thread = try host.request("GET", "/api/v1/conversations/\(id)").json["messages"]?.arrayValue ?? []
        XCTAssertEqual(thread.filter { $0["provider_message_id"]?.stringValue == quick.messageID }.count, 1, "the echo added nothing")
    }
}
