import Foundation
import SwitchboardSupport
import TwilioFake
import XCTest

/// Voice queue places through the real host and the fake Twilio Voice: each queue result is an
/// outcome on the call's record, and a callback asked for on the phone keeps the caller's place
/// (ahead of later callers) until they call in again, which cancels it and keeps the place.
final class VoiceQueueCallTests: XCTestCase {
    var world: VoiceWorld!

    override func tearDown() { world?.stop() }

    func events(_ conversation: String, _ type: String, count: Int = 1) throws -> [JSON] {
        try world.host.eventually("\(count) \(type)") { () -> [JSON]? in
            let found = try world.events(conversation).filter { $0["type"]?.stringValue == type }
            return found.count >= count ? found : nil
        }
    }

    func waiting() throws -> [JSON] {
        let r = try world.host.request("GET", "/api/v1/voice/queues/\(world.queueID)/waiting")
        XCTAssertEqual(r.status, 200, r.text)
        return r.json["waiting"]?.arrayValue ?? []
    }

    func testAnsweredAndMaximumWaitAreOutcomesOnTheCallRecord() throws {
        world = try VoiceWorld()
        let answered = try world.call(world.script(["1"]))
        XCTAssertEqual(answered.status, "completed", answered.documents.joined(separator: "\n"))
        let conversation = try world.conversation(of: answered.callSID)
        XCTAssertEqual(try events(conversation, "voice.queued").first?["data"]?["queue_id"]?.stringValue, world.queueID)
        let left = try events(conversation, "voice.queue_left")
        XCTAssertEqual(left.first?["data"]?["result"]?.stringValue, "answered", left.first?.serialized ?? "")
        XCTAssertNotNil(left.first?["data"]?["queue_seconds"]?.doubleValue)
        XCTAssertEqual(try waiting(), [], "an answered caller holds no place")

        let timedOut = try world.call(world.script(["1"], queueResult: "leave"))
        XCTAssertTrue(timedOut.verbs.contains("Record"), "max_wait goes on to voicemail: \(timedOut.verbs)")
        let both = try events(conversation, "voice.queue_left", count: 2)
        XCTAssertEqual(both.compactMap { $0["data"]?["result"]?.stringValue }.sorted(), ["answered", "max_wait"])
    }

    func testACallbackKeepsItsPlaceAheadOfALaterCallerAndCallingInAgainCancelsIt() throws {
        world = try VoiceWorld()
        try publishWithCallbackOption()
        let ann = VoiceWorld.caller, bob = "+14155550177"
        let first = try world.call(FakeTwilio.CallScript(from: ann, to: VoiceWorld.number, answers: ["3"]))
        XCTAssertEqual(first.said.last, "We will call you back and you keep your place in line. Goodbye.", "\(first.said)")
        _ = try world.call(FakeTwilio.CallScript(from: bob, to: VoiceWorld.number, answers: ["3"]))
        let places = try waiting()
        XCTAssertEqual(places.compactMap { $0["number"]?.stringValue }, [ann, bob], "the earlier caller first")
        XCTAssertEqual(places.compactMap { $0["status"]?.stringValue }, ["callback_waiting", "callback_waiting"])
        XCTAssertEqual(places.first?["called_number"]?.stringValue, VoiceWorld.number, "called back from the number they called")
        let annSince = try XCTUnwrap(places.first?["virtual_enqueued_at"]?.stringValue)

        // Ann calls in again and waits in the queue: her callback is cancelled, her place kept.
        let again = try world.call(FakeTwilio.CallScript(from: ann, to: VoiceWorld.number, answers: ["1"], queueResult: "hangup"))
        let conversation = try world.conversation(of: again.callSID)
        let queued = try events(conversation, "voice.queued").last
        XCTAssertEqual(queued?["data"]?["kept_callback_place"]?.boolValue, true, queued?.serialized ?? "")
        XCTAssertEqual(queued?["data"]?["place_since"]?.stringValue, annSince)
        let callbacks = try world.host.request("GET", "/api/v1/voice/callbacks?queue_id=\(world.queueID)").json["callbacks"]?.arrayValue ?? []
        XCTAssertEqual(callbacks.compactMap { $0["number"]?.stringValue }, [bob], "Ann's callback is cancelled")
        XCTAssertEqual(try events(conversation, "voice.queue_left").last?["data"]?["result"]?.stringValue, "abandoned")
    }

    func testACallbackKeepsItsPlaceAndIsPlacedToTheAgentThenTheCustomer() throws {
        world = try VoiceWorld()
        try publishWithCallbackOption()
        let ann = VoiceWorld.caller, bob = "+14155550177", samPhone = "+14155550301"
        _ = try world.call(FakeTwilio.CallScript(from: ann, to: VoiceWorld.number, answers: ["3"]))
        _ = try world.call(FakeTwilio.CallScript(from: bob, to: VoiceWorld.number, answers: ["3"]))
        XCTAssertEqual(try waiting().compactMap { $0["number"]?.stringValue }, [ann, bob], "nobody can call back yet: both keep their places")

        // An agent with a phone comes online: the earlier place is called back first, agent then customer.
        let sam = try world.host.addAgent("sam", teams: [world.teamID])
        XCTAssertEqual(try world.host.request("PUT", "/api/v1/agents/\(sam.id)/phone", json: ["phone": .string(samPhone)]).status, 200)
        let legs = try world.host.eventually("both callbacks placed") { () -> [FakeTwilio.OutboundCall]? in
            let legs = world.twilio.outboundCalls
            return legs.count == 2 && legs.allSatisfy { $0.status == "completed" } ? legs : nil
        }
        XCTAssertEqual(legs.map(\.to), [samPhone, samPhone], "the agent's phone is rung first")
        XCTAssertEqual(legs.map(\.from), [VoiceWorld.number, VoiceWorld.number])
        XCTAssertEqual(legs.compactMap { $0.verbs.first { $0.hasPrefix("Dial:") } }, ["Dial:" + ann, "Dial:" + bob], "then the customers, in place order")
        XCTAssertTrue(legs[0].said.contains("Calling the customer back now."), "\(legs[0].said)")
        let attempts = try world.host.eventually("the callbacks' outcomes") { () -> [JSON]? in
            let conversations = try world.host.request("GET", "/api/v1/conversations?channel_instance_id=voice1").json["conversations"]?.arrayValue ?? []
            let found = try conversations.compactMap { $0["id"]?.stringValue }.flatMap { try world.events($0) }
                .filter { $0["type"]?.stringValue == "voice.callback_attempt" }
            return found.count == 2 ? found : nil
        }
        XCTAssertEqual(attempts.compactMap { $0["data"]?["status"]?.stringValue }, ["completed", "completed"], attempts.map(\.serialized).joined())
        XCTAssertEqual(Set(attempts.compactMap { $0["data"]?["agent_id"]?.stringValue }), [sam.id])
        let assignees = try world.host.request("GET", "/api/v1/conversations?channel_instance_id=voice1").json["conversations"]?.arrayValue ?? []
        XCTAssertEqual(Set(assignees.compactMap { $0["assignee"]?.stringValue }), [sam.id], "each conversation goes to the agent who called back")
        XCTAssertEqual(try waiting(), [], "a completed callback holds no place")
    }

    func testStarOnHoldAsksForACallbackAndThePositionCountsCallbacksAhead() throws {
        world = try VoiceWorld()
        try publishWithCallbackOption(offerCallbackOnHold: true)
        let ann = VoiceWorld.caller, bob = "+14155550177"
        _ = try world.call(FakeTwilio.CallScript(from: ann, to: VoiceWorld.number, answers: ["3"]))
        let held = try world.call(FakeTwilio.CallScript(from: bob, to: VoiceWorld.number, answers: ["1"], queueResult: "star"))
        XCTAssertEqual(held.status, "completed", held.documents.joined(separator: "\n"))
        XCTAssertTrue(held.said.contains("You are number 2 in line."), "Ann's callback is ahead: \(held.said)")
        XCTAssertTrue(held.said.contains("To be called back without losing your place in line, press star."), "\(held.said)")
        XCTAssertTrue(held.said.contains("We will call you back. You keep your place in line. Goodbye."), "\(held.said)")
        XCTAssertEqual(held.said.last, "We will call you back and you keep your place in line. Goodbye.", "the callback_requested exit: \(held.said)")
        let places = try waiting()
        XCTAssertEqual(places.compactMap { $0["number"]?.stringValue }, [ann, bob])
        XCTAssertEqual(places.compactMap { $0["status"]?.stringValue }, ["callback_waiting", "callback_waiting"], "Bob's place became a callback")
    }

    /// The world's flow, with a third menu option: "press 3 to be called back".
    func publishWithCallbackOption(offerCallbackOnHold: Bool = false) throws {
        var definition = try XCTUnwrap(try world.definition().objectValue)
        var nodes = try XCTUnwrap(definition["nodes"]?.objectValue)
        nodes["menu"] = try JSON.parse("""
            { "type": "menu", "params": { "prompt": "For support press 1. For a text press 2. To be called back press 3.", "maxAttempts": 2,
                                          "options": [ { "exit": "support", "digits": "1" }, { "exit": "text_me", "digits": "2" },
                                                       { "exit": "call_me", "digits": "3" } ] },
              "exits": { "support": "support", "text_me": "sms_link", "call_me": "callback", "no_match": "menu", "timeout": "menu",
                         "max_attempts": "support" } }
            """)
        nodes["callback"] = try JSON.parse("""
            { "type": "callback", "params": { "queueId": "\(world.queueID)" }, "exits": { "scheduled": "bye_callback", "declined": "support" } }
            """)
        nodes["bye_callback"] = try JSON.parse("""
            { "type": "hangup", "params": { "goodbye": "We will call you back and you keep your place in line. Goodbye." } }
            """)
        if offerCallbackOnHold {
            nodes["support"] = try JSON.parse("""
                { "type": "queue", "params": { "queueId": "\(world.queueID)", "maxWaitSec": 120, "offerCallback": true },
                  "exits": { "answered": "bye", "abandoned": "bye", "max_wait": "voicemail", "callback_requested": "bye_callback" } }
                """)
        }
        definition["nodes"] = .object(nodes)
        let saved = try world.host.request("PUT", "/api/v1/voice/flows/\(world.flowID)/draft", json: ["definition": .object(definition)])
        XCTAssertEqual(saved.status, 200, saved.text)
        let published = try world.host.request("POST", "/api/v1/voice/flows/\(world.flowID)/publish")
        XCTAssertEqual(published.status, 201, published.text)
    }
}
