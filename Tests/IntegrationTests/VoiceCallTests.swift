import Foundation
import SwitchboardSupport
import TwilioFake
import XCTest

/// Calls through the real host and the fake Twilio Voice, which follows our TwiML as Twilio does.
final class VoiceCallTests: XCTestCase {
    var world: VoiceWorld!

    override func tearDown() { world?.stop() }

    func ended(_ conversation: String) throws -> JSON {
        try world.host.eventually("the call's end recorded") { try world.events(conversation).first { $0["type"]?.stringValue == "voice.call_ended" } }
    }

    func testACallThroughHoursAndTheMenuWaitsInTheQueueUntilAnAgentAnswers() throws {
        world = try VoiceWorld()
        let played = try world.call(world.script(["", "1"]))
        XCTAssertEqual(played.status, "completed", played.documents.joined(separator: "\n"))
        XCTAssertEqual(played.said.prefix(2), ["Thanks for calling Switchboard.", "For support press 1. For a text with a link press 2."])
        XCTAssertTrue(played.verbs.contains("Enqueue:\(world.queueID)"), "\(played.verbs)")
        XCTAssertTrue(played.said.contains("Please hold for support."), "the queue's hold prompt: \(played.said)")
        XCTAssertTrue(played.said.contains("You are next in line."), "\(played.said)")
        XCTAssertEqual(played.said.last, "Goodbye.")
        XCTAssertTrue(played.requests.allSatisfy { $0.status == 200 }, "\(played.requests)")
        let conversation = try world.conversation(of: played.callSID)
        let end = try ended(conversation)
        XCTAssertEqual(end["data"]?["path"]?.stringValue,
                       "welcome: next → hours: open → menu: timeout → menu: 1 → support: answered → bye", end.serialized)
        XCTAssertEqual(end["data"]?["outcome"]?.stringValue, "completed")
        XCTAssertNotNil(try world.events(conversation).first { $0["type"]?.stringValue == "voice.call_started" })
        let messages = try world.host.request("GET", "/api/v1/conversations/\(conversation)/messages").json["messages"]?.arrayValue ?? []
        XCTAssertEqual(messages.first?["text"]?.stringValue, "Phone call from \(VoiceWorld.caller) to \(VoiceWorld.number)")

        // The queue's maximum wait: the wait loop leaves and the flow goes on to voicemail.
        let left = try world.call(world.script(["1"], queueResult: "leave"))
        XCTAssertTrue(left.documents.contains { $0.contains("<Leave/>") }, "\(left.documents)")
        XCTAssertTrue(left.verbs.contains("Record"), "\(left.verbs)")
    }

    func testAfterHoursTheCallerLeavesAVoicemailKeptInTheThread() throws {
        world = try VoiceWorld(open: false)
        let audio: [UInt8] = Array("ID3-fake-mp3-voicemail".utf8)
        let played = try world.call(world.script([], recording: (7, audio)))
        XCTAssertEqual(played.status, "completed", played.documents.joined(separator: "\n"))
        XCTAssertTrue(played.said.contains("We are closed. Please leave a message."))
        let conversation = try world.conversation(of: played.callSID)
        let voicemail = try world.host.eventually("the voicemail in the thread") { () -> JSON? in
            let messages = try world.host.request("GET", "/api/v1/conversations/\(conversation)/messages").json["messages"]?.arrayValue ?? []
            return messages.first { $0["text"]?.stringValue == "Voicemail (7 s)" }
        }
        let attachment = try XCTUnwrap(voicemail["attachments"]?.arrayValue?.first)
        XCTAssertNil(attachment["error"], attachment.serialized)
        let url = try XCTUnwrap(attachment["url"]?.stringValue)
        let path = url.hasPrefix("http") ? String(url.drop { $0 != "/" }.dropFirst(2).drop { $0 != "/" }) : url
        let file = try world.host.request("GET", path)
        XCTAssertEqual(file.status, 200)
        XCTAssertEqual(file.text, String(decoding: audio, as: UTF8.self), "the recording was downloaded with the account's credentials")
        let basic = world.twilio.received.filter { $0.path.hasSuffix(".mp3") && $0.path.contains("/Recordings/") }
        XCTAssertFalse(basic.isEmpty)
        XCTAssertEqual(try ended(conversation)["data"]?["path"]?.stringValue, "welcome: next → hours: closed → voicemail: recorded → bye")
    }

    func testPressTwoTextsTheLinkThroughTheSMSChannelOnTheSameConversationWithoutMovingIt() throws {
        world = try VoiceWorld()
        let played = try world.call(world.script(["2"]))
        XCTAssertEqual(played.said.last, "We sent you a text. Goodbye.")
        let conversation = try world.conversation(of: played.callSID)
        let text = try world.host.eventually("the text sent") { world.twilio.sent.first }
        XCTAssertEqual(text.to, VoiceWorld.caller)
        XCTAssertEqual(text.from, VoiceWorld.number)
        XCTAssertEqual(text.body, "Here is your link: https://example.com/help")
        // The text is in the call's conversation, sent through SMS; the conversation stays on the call
        // (route to channel is what moves it: testRouteToSMSKeepsTheConversationItsHistoryAndAssignee).
        let sent = try world.host.eventually("the text in the thread, sent") { () -> JSON? in
            let messages = try world.host.request("GET", "/api/v1/conversations/\(conversation)/messages").json["messages"]?.arrayValue ?? []
            return messages.first { $0["text"]?.stringValue == text.body && $0["delivery_status"]?.stringValue == "sent" }
        }
        XCTAssertEqual(sent["channel_instance_id"]?.stringValue, "sms1", sent.serialized)
        let now = try world.host.request("GET", "/api/v1/conversations/\(conversation)")
        XCTAssertEqual(now.json["channel_instance_id"]?.stringValue, "voice1", "send SMS does not move the conversation: \(now.text)")
        XCTAssertFalse(try world.events(conversation).contains { $0["type"]?.stringValue == "conversation.channel_switched" })
    }

    func testRouteToSMSKeepsTheConversationItsHistoryAndAssignee() throws {
        world = try VoiceWorld()
        let sid = "CA" + String(repeating: "4", count: 32)
        let first = try world.twilio.postCallRequest(VoiceWorld.hook("/voice/incoming"), callSID: sid, from: VoiceWorld.caller, to: VoiceWorld.number)
        XCTAssertEqual(first.status, 200, first.text)
        let conversation = try world.conversation(of: sid)
        let agent = try world.host.addAgent("pat")
        XCTAssertLessThan(try world.host.request("POST", "/api/v1/conversations/\(conversation)/assign", json: ["agent_id": .string(agent.id)]).status, 300)
        let moved = try world.twilio.postCallRequest(VoiceWorld.hook("/voice/step?seq=1&wait=gather"), callSID: sid, from: VoiceWorld.caller,
                                                     to: VoiceWorld.number, extra: [("Digits", "3")])
        let verbs = try TwiMLDocument.parse(moved.text)
        XCTAssertEqual(verbs.map(\.name), ["Say", "Say", "Hangup"], moved.text)
        XCTAssertEqual(verbs.first?.text, "We will continue by text.")
        let now = try world.host.request("GET", "/api/v1/conversations/\(conversation)").json
        XCTAssertEqual(now["channel_instance_id"]?.stringValue, "sms1", now.serialized)
        XCTAssertEqual(now["assignee"]?.stringValue, agent.id, now.serialized)
        let text = try world.host.eventually("the text on SMS") { world.twilio.sent.first }
        XCTAssertEqual(text.body, "Hi, this is Switchboard: reply here and we will help you by text.")
        // The customer's answer by text threads back into the same conversation.
        let reply = try world.twilio.sendInbound(FakeTwilio.Inbound(from: VoiceWorld.caller, to: VoiceWorld.number, body: "Thanks!"),
                                                 to: VoiceWorld.publicURL + "/hooks/sms1/sms")
        XCTAssertEqual(reply.status, 200, reply.text)
        let thread = try world.host.request("GET", "/api/v1/conversations/\(conversation)/messages").json["messages"]?.arrayValue ?? []
        XCTAssertTrue(thread.contains { $0["text"]?.stringValue == "Thanks!" }, "\(thread)")
        let messages = try world.host.request("GET", "/api/v1/conversations/\(conversation)/messages").json["messages"]?.arrayValue ?? []
        XCTAssertEqual(messages.first?["text"]?.stringValue, "Phone call from \(VoiceWorld.caller) to \(VoiceWorld.number)", "history kept")
    }

    func testBuyingOrAdoptingANumberPointsItsCallsAtTheInstance() throws {
        world = try VoiceWorld()
        world.twilio.addAvailableNumber("+14155550188")
        let bought = try world.host.request("POST", "/api/v1/channels", json: [
            "id": "voice2", "plugin_id": "voice", "config": world.account(["phone_number": "+14155550188", "flow_id": .string(world.flowID)]),
            "setup": ["operation": "number.buy"]])
        XCTAssertEqual(bought.status, 201, bought.text)
        let owned = try XCTUnwrap(world.twilio.ownedNumbers.first { $0.phoneNumber == "+14155550188" })
        XCTAssertEqual(owned.voiceURL, VoiceWorld.publicURL + "/hooks/voice2/voice/incoming")
        XCTAssertEqual(owned.statusCallback, VoiceWorld.publicURL + "/hooks/voice2/voice/status")
        XCTAssertNil(owned.smsURL, "texts stay the SMS channel's")
        XCTAssertEqual(bought.json["plugin_status"]?["incoming_call_url"]?.stringValue, owned.voiceURL, bought.text)
        // The number SMS already serves: adopting it for calls leaves its SmsUrl alone.
        let adopted = try world.host.request("POST", "/api/v1/channels/voice1/operations/number.adopt")
        XCTAssertLessThan(adopted.status, 300, adopted.text)
        let shared = try XCTUnwrap(world.twilio.ownedNumbers.first { $0.phoneNumber == VoiceWorld.number })
        XCTAssertEqual(shared.voiceURL, VoiceWorld.hook("/voice/incoming"))
        XCTAssertEqual(shared.smsURL, VoiceWorld.publicURL + "/hooks/sms1/sms")
    }

    func testABadSignatureIsRefusedAndAnUnknownCallGetsAGoodbye() throws {
        world = try VoiceWorld()
        let forged = try world.twilio.postCallRequest(VoiceWorld.hook("/voice/incoming"), callSID: "CA" + String(repeating: "1", count: 32),
                                                      from: VoiceWorld.caller, to: VoiceWorld.number, signature: "bm90IGEgc2lnbmF0dXJl")
        XCTAssertEqual(forged.status, 403)
        XCTAssertEqual(try world.host.request("GET", "/api/v1/conversations?channel_instance_id=voice1").json["conversations"]?.arrayValue?.count, 0,
                       "nothing stored")
        let unknown = try world.twilio.postCallRequest(VoiceWorld.hook("/voice/step?seq=3&wait=gather"), callSID: "CA" + String(repeating: "2", count: 32),
                                                       from: VoiceWorld.caller, to: VoiceWorld.number, extra: [("Digits", "1")])
        XCTAssertEqual(unknown.status, 200)
        let verbs = try TwiMLDocument.parse(unknown.text)
        XCTAssertEqual(verbs.map(\.name), ["Say", "Hangup"], unknown.text)
        XCTAssertTrue(world.host.log.contains("unknown call"), "logged")
    }

    func testARepeatedStepReplaysAndTheCallContinuesAfterARestart() throws {
        world = try VoiceWorld()
        let sid = "CA" + String(repeating: "3", count: 32)
        func post(_ path: String, _ extra: [(String, String)] = []) throws -> (status: Int, contentType: String, text: String) {
            try world.twilio.postCallRequest(VoiceWorld.hook(path), callSID: sid, from: VoiceWorld.caller, to: VoiceWorld.number, extra: extra)
        }
        let first = try post("/voice/incoming")
        XCTAssertTrue(first.text.contains("seq=1&amp;wait=gather"), first.text)
        let again = try post("/voice/incoming")
        XCTAssertEqual(again.text, first.text, "Twilio retrying the first request gets the same answer")
        // The host restarts in mid-call; the stored state carries on.
        let data = world.host.dataDirectory, plugins = world.host.pluginsDirectory
        world.host.stop()
        let restarted = try HostProcess(extraArguments: ["--public-url", VoiceWorld.publicURL], dataDirectory: data, pluginsDirectory: plugins)
        defer { restarted.stop() }
        world.twilio.proxy(publicBase: VoiceWorld.publicURL, to: restarted.baseURL)
        let menu = try post("/voice/step?seq=1&wait=gather", [("Digits", "1")])
        XCTAssertTrue(menu.text.contains("<Enqueue"), menu.text)
        let late = try post("/voice/step?seq=1&wait=gather", [("Digits", "2")])
        XCTAssertEqual(late.text, menu.text, "a late duplicate of step 1 is answered as before; nothing changes")
        let answered = try post("/voice/step?seq=2&wait=queue", [("QueueResult", "bridged")])
        XCTAssertTrue(answered.text.contains("<Hangup/>"), answered.text)
    }
}
