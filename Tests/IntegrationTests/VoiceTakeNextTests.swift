import Foundation
import SwitchboardSupport
import TwilioFake
import XCTest

/// "Take next call" (POST /api/v1/voice/queues/{id}/take) through the real host and the fake Twilio
/// Voice. The agents are away, so the host's dispatcher rings nobody by itself: each connection is
/// one an agent asked for. The queue's head comes first — a callback booked earlier keeps its place
/// ahead of a caller on hold — and the agent's phone is rung through the same Calls API path as
/// the dispatcher's; their answer calls the customer back, or bridges the caller with `<Dial><Queue>`.
final class VoiceTakeNextTests: XCTestCase {
    var world: VoiceWorld!

    override func tearDown() { world?.stop() }

    static let samPhone = "+14155550301"
    static let bob = "+14155550177"

    typealias Response = (status: Int, json: JSON, text: String)

    func take(_ key: String) throws -> Response {
        try world.host.request("POST", "/api/v1/voice/queues/\(world.queueID)/take", key: key)
    }

    func refused(_ r: Response, _ status: Int, field: String, _ why: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(r.status, status, "\(why): \(r.text)", file: file, line: line)
        XCTAssertEqual(r.json["field"]?.stringValue, field, "\(why): \(r.text)", file: file, line: line)
    }

    func events(_ conversation: String, _ type: String) throws -> [JSON] {
        try world.host.eventually(type) { () -> [JSON]? in
            let found = try world.events(conversation).filter { $0["type"]?.stringValue == type }
            return found.isEmpty ? nil : found
        }
    }

    func testAgentsTakeTheQueuesHeadFirstACallbackKeepingItsPlaceThenTheCallerOnHold() throws {
        world = try VoiceWorld()
        let sam = try world.host.addAgent("sam", availability: "away", teams: [world.teamID])
        let lee = try world.host.addAgent("lee", availability: "away", teams: [world.teamID])
        let olga = try world.host.addAgent("olga", availability: "away")
        XCTAssertEqual(try world.host.request("PUT", "/api/v1/agents/\(sam.id)/phone", json: ["phone": .string(Self.samPhone)]).status, 200)
        refused(try take(sam.key), 409, field: "queue_id", "nobody waits yet")

        // Ann called earlier and hung up on hold; an agent booked her a callback: she holds the first place.
        let ann = try world.call(world.script(["1"], queueResult: "hangup"))
        let annConversation = try world.conversation(of: ann.callSID)
        let booked = try world.host.request("POST", "/api/v1/voice/callbacks", json: [
            "queue_id": .string(world.queueID), "number": .string(VoiceWorld.caller), "called_number": .string(VoiceWorld.number),
            "conversation_id": .string(annConversation)])
        XCTAssertEqual(booked.status, 201, booked.text)
        let scheduled = try events(annConversation, "voice.callback_scheduled")
        XCTAssertEqual(scheduled.first?["data"]?["callback_id"]?.stringValue, booked.json["id"]?.stringValue, "the booking is in Ann's thread")

        // Bob calls and waits on hold until someone takes him.
        let bobCall = Locked<FakeTwilio.PlayedCall?>(nil)
        let bobDone = DispatchSemaphore(value: 0)
        let caller = Thread { [twilio = world.twilio] in
            let script = FakeTwilio.CallScript(from: Self.bob, to: VoiceWorld.number, answers: ["1"], queueResult: "agent")
            let played = try? twilio.placeCall(script, voiceURL: VoiceWorld.hook("/voice/incoming"), statusCallback: VoiceWorld.hook("/voice/status"))
            bobCall.withLock { $0 = played }
            bobDone.signal()
        }
        caller.start()
        let places = try world.host.eventually("Bob waits behind Ann's callback") { () -> [JSON]? in
            let waiting = try world.host.request("GET", "/api/v1/voice/queues/\(world.queueID)/waiting").json["waiting"]?.arrayValue ?? []
            return waiting.count == 2 ? waiting : nil
        }
        XCTAssertEqual(places.compactMap { $0["status"]?.stringValue }, ["callback_waiting", "waiting"])

        XCTAssertEqual(try take(olga.key).status, 403, "an agent outside the queue's team")
        refused(try take(lee.key), 409, field: "phone", "an agent with nowhere to be rung")
        XCTAssertEqual(world.twilio.outboundCalls.count, 0, "nobody was rung for a refused take")

        // Sam takes the head: Ann's callback (agent first, then Ann), not Bob who called later.
        let first = try take(sam.key)
        XCTAssertEqual(first.status, 200, first.text)
        XCTAssertEqual(first.json["connection"]?.stringValue, "callback")
        XCTAssertEqual(first.json["ringing"]?.stringValue, Self.samPhone)
        XCTAssertEqual(first.json["entry"]?["number"]?.stringValue, VoiceWorld.caller)
        XCTAssertEqual(first.json["entry"]?["conversation_id"]?.stringValue, annConversation)
        let attempt = try events(annConversation, "voice.callback_attempt")
        XCTAssertEqual(attempt.first?["data"]?["status"]?.stringValue, "completed", attempt.first?.serialized ?? "")
        XCTAssertEqual(attempt.first?["data"]?["agent_id"]?.stringValue, sam.id)
        // The fake records the leg's verbs once it has played them, which may be just after the status callback.
        let annLeg = try world.host.eventually("Sam's leg played") { () -> FakeTwilio.OutboundCall? in
            guard let leg = world.twilio.outboundCalls.first, leg.verbs.contains(where: { $0.hasPrefix("Dial:") }) else { return nil }
            return leg
        }
        XCTAssertEqual([annLeg.to, annLeg.from], [Self.samPhone, VoiceWorld.number], "the agent is rung from the number Ann called")
        XCTAssertTrue(annLeg.verbs.contains("Dial:" + VoiceWorld.caller), "then Ann is called: \(annLeg.verbs)")

        // Then Bob, still on hold: Sam's answer bridges him with <Dial><Queue>, and his conversation is Sam's.
        let second = try take(sam.key)
        XCTAssertEqual(second.status, 200, second.text)
        XCTAssertEqual(second.json["connection"]?.stringValue, "bridge")
        let bobConversation = try XCTUnwrap(second.json["entry"]?["conversation_id"]?.stringValue)
        XCTAssertEqual(bobDone.wait(timeout: .now() + 25), .success, "Bob's call ends once bridged")
        let bob = try XCTUnwrap(bobCall.withLock { $0 })
        XCTAssertEqual(bob.status, "completed", bob.documents.joined(separator: "\n"))
        XCTAssertTrue(bob.verbs.contains("Enqueue:\(world.queueID)"), "\(bob.verbs)")
        let left = try events(bobConversation, "voice.queue_left")
        XCTAssertEqual(left.first?["data"]?["result"]?.stringValue, "answered", left.first?.serialized ?? "")
        XCTAssertEqual(left.first?["data"]?["agent_id"]?.stringValue, sam.id, "who answered is on the call's record")
        XCTAssertEqual(try world.host.request("GET", "/api/v1/conversations/\(bobConversation)").json["assignee"]?.stringValue, sam.id)
        let bobLeg = try world.host.eventually("Sam's leg for Bob ended") { () -> FakeTwilio.OutboundCall? in
            world.twilio.outboundCalls.last.flatMap { $0.status == "completed" && $0.sid != annLeg.sid ? $0 : nil }
        }
        XCTAssertTrue(bobLeg.verbs.contains("Dial:Queue:\(world.queueID)"), "bridged to the caller on hold: \(bobLeg.verbs)")

        refused(try take(sam.key), 409, field: "queue_id", "the queue is empty again")
        XCTAssertEqual(world.twilio.outboundCalls.count, 2, "one leg per take, none from the dispatcher")
    }

    /// A team routing by channel gives a number's calls only to the agents who handle it, taken or rung.
    func testTheChannelStrategyLetsOnlyTheChannelsAgentsTakeItsCalls() throws {
        world = try VoiceWorld()
        let sam = try world.host.addAgent("sam", availability: "away", teams: [world.teamID])
        XCTAssertEqual(try world.host.request("PUT", "/api/v1/agents/\(sam.id)/phone", json: ["phone": .string(Self.samPhone)]).status, 200)
        XCTAssertEqual(try world.host.request("PATCH", "/api/v1/teams/\(world.teamID)", json: ["strategy": "channel"]).status, 200)
        let ann = try world.call(world.script(["1"], queueResult: "hangup"))
        let booked = try world.host.request("POST", "/api/v1/voice/callbacks", json: [
            "queue_id": .string(world.queueID), "number": .string(VoiceWorld.caller), "conversation_id": .string(try world.conversation(of: ann.callSID))])
        XCTAssertEqual(booked.status, 201, booked.text)

        refused(try take(sam.key), 409, field: "queue_id", "Sam does not handle the voice channel")
        XCTAssertEqual(world.twilio.outboundCalls.count, 0)
        XCTAssertEqual(try world.host.request("PATCH", "/api/v1/agents/\(sam.id)", json: ["channel_instance_ids": ["voice1"]]).status, 200)
        let taken = try take(sam.key)
        XCTAssertEqual(taken.status, 200, taken.text)
        XCTAssertEqual(taken.json["connection"]?.stringValue, "callback")
    }
}
