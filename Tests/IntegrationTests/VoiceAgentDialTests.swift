import Foundation
import SwitchboardSupport
import TwilioFake
import XCTest

/// Agents rung on their phones through the real host and the fake Twilio Voice: the host's queue
/// dispatcher places the agent's leg with the Calls API from the number the caller dialled, the
/// agent's answer bridges the caller on hold with `<Dial><Queue>`, and the conversation is
/// assigned to whoever answered; an agent who does not answer gives the place back and the next
/// agent is rung. A callback is placed the same way: agent first, then the customer.
final class VoiceAgentDialTests: XCTestCase {
    var world: VoiceWorld!

    override func tearDown() { world?.stop() }

    static let samPhone = "+14155550301"
    static let kimPhone = "+14155550302"

    func agent(_ handle: String, phone: String) throws -> String {
        let made = try world.host.addAgent(handle, teams: [world.teamID])
        let r = try world.host.request("PUT", "/api/v1/agents/\(made.id)/phone", json: ["phone": .string(phone)])
        XCTAssertEqual(r.status, 200, r.text)
        return made.id
    }

    func events(_ conversation: String, _ type: String) throws -> [JSON] {
        try world.host.eventually(type) { () -> [JSON]? in
            let found = try world.events(conversation).filter { $0["type"]?.stringValue == type }
            return found.isEmpty ? nil : found
        }
    }

    func testACallThroughHoursAndAMenuIsAnsweredByAnAgentRungOnTheirPhone() throws {
        world = try VoiceWorld()
        let sam = try agent("sam", phone: Self.samPhone)
        let kim = try agent("kim", phone: Self.kimPhone)
        world.twilio.setAnswer(Self.kimPhone, "no-answer")

        let call = try world.call(world.script(["1"], queueResult: "agent"))
        XCTAssertEqual(call.status, "completed", call.documents.joined(separator: "\n"))
        XCTAssertTrue(call.said.contains("Thanks for calling Switchboard."), "\(call.said)")
        XCTAssertTrue(call.verbs.contains("Enqueue:\(world.queueID)"), "\(call.verbs)")
        XCTAssertEqual(call.said.last, "Goodbye.", "the queue's answered exit: \(call.said)")

        let conversation = try world.conversation(of: call.callSID)
        let left = try events(conversation, "voice.queue_left")
        XCTAssertEqual(left.first?["data"]?["result"]?.stringValue, "answered", left.first?.serialized ?? "")
        XCTAssertEqual(left.first?["data"]?["agent_id"]?.stringValue, sam, "who answered is recorded")
        XCTAssertNotNil(left.first?["data"]?["queue_seconds"]?.doubleValue, "and the queue time")
        let assignee = try world.host.request("GET", "/api/v1/conversations/\(conversation)").json["assignee"]?.stringValue
        XCTAssertEqual(assignee, sam, "the conversation goes to the agent who answered")

        let legs = try world.host.eventually("the agent's leg ended") { () -> [FakeTwilio.OutboundCall]? in
            let legs = world.twilio.outboundCalls
            return legs.contains { $0.to == Self.samPhone && $0.status == "completed" } ? legs : nil
        }
        let samLeg = try XCTUnwrap(legs.first { $0.to == Self.samPhone })
        XCTAssertEqual(samLeg.from, VoiceWorld.number, "rung from the number the caller dialled")
        XCTAssertTrue(samLeg.url.hasPrefix(VoiceWorld.hook("/voice/agent?")), samLeg.url)
        XCTAssertTrue(samLeg.said.contains("Connecting you to a caller from the queue."), "\(samLeg.said)")
        // Kim may have been rung first (the team's round robin): her unanswered leg gave the place back.
        if let kimLeg = legs.first(where: { $0.to == Self.kimPhone }) {
            XCTAssertEqual(kimLeg.status, "no-answer")
            let missed = try events(conversation, "voice.agent_missed")
            XCTAssertEqual(missed.first?["data"]?["agent_id"]?.stringValue, kim)
            XCTAssertEqual(missed.first?["data"]?["status"]?.stringValue, "no_answer")
        }
        XCTAssertEqual(legs.filter { $0.to == Self.kimPhone }.count <= 1, true, "an agent who missed the caller is not rung again for them")
    }

    func testAgentDialRefusesBadArgumentsNamingTheFieldAndReportsTwiliosRefusal() throws {
        world = try VoiceWorld()
        let path = "/api/v1/channels/voice1/operations/agent.dial"
        let good: JSONObject = ["kind": "bridge", "entry_id": "vqe_1", "agent_id": "agt_1", "to": .string(Self.samPhone)]
        for (field, value) in [("kind", JSON.string("conference")), ("to", "555-0301"), ("entry_id", ""), ("agent_id", .number(7))] {
            var args = good
            args[field] = value
            let r = try world.host.request("POST", path, json: .object(args))
            XCTAssertEqual(r.status, 400, r.text)
            XCTAssertEqual(r.json["error"]?["field"]?.stringValue ?? r.json["field"]?.stringValue, field, r.text)
        }
        XCTAssertEqual(world.twilio.outboundCalls.count, 0, "nothing was dialled")
        world.twilio.failNext(status: 400, code: 21215, message: "Geo Permission configuration is not permitting call")
        let refused = try world.host.request("POST", path, json: .object(good))
        XCTAssertEqual(refused.status, 409, refused.text)
        XCTAssertTrue(refused.text.contains("Geo Permission"), refused.text)
    }
}
