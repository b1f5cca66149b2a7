import Foundation
import SwitchboardSupport
import TwilioFake
import XCTest

/// Texts during and after a call: send SMS keeps the conversation on the call, route to channel moves
/// it (VoiceCallTests), and the flow's onHangup chain texts once the call is over — once, even when
/// Twilio repeats the status callback or the host restarts in between.
final class VoiceAfterCallTests: XCTestCase {
    var world: VoiceWorld!

    override func tearDown() { world?.stop() }

    static let link = "Here is the link we promised: https://example.com/help"

    static let textAfterTheCall = """
    { "schema": "switchboard.ivr/1", "entry": "hello", "settings": { "guardExit": "bye" }, "onHangup": "after_text",
      "nodes": {
        "hello": { "type": "say", "params": { "text": "Thanks for calling. We will text you a link." }, "exits": { "next": "bye" } },
        "bye": { "type": "hangup", "params": { "goodbye": "Goodbye." } },
        "after_text": { "type": "send_sms", "params": { "instance": "sms1", "text": "\(link)" },
                        "exits": { "sent": "done", "failed": "done" } },
        "done": { "type": "hangup" }
      } }
    """

    func afterHangupEvents(_ conversation: String, host: HostProcess? = nil) throws -> [JSON] {
        try ((host ?? world.host).request("GET", "/api/v1/conversations/\(conversation)/events").json["events"]?.arrayValue ?? [])
            .filter { $0["type"]?.stringValue == "voice.after_hangup" }
    }

    func testTheHangupChainTextsOnceAfterTheCallOnTheSameConversation() throws {
        world = try VoiceWorld()
        try world.addLine("voice2", definition: Self.textAfterTheCall)
        let played = try world.call(world.script([]), on: "voice2")
        XCTAssertEqual(played.status, "completed", played.documents.joined(separator: "\n"))
        XCTAssertEqual(played.said, ["Thanks for calling. We will text you a link.", "Goodbye."], "nothing of the chain is spoken")
        let conversation = try world.conversation(on: "voice2")
        let text = try world.host.eventually("the text after the call") { world.twilio.sent.first }
        XCTAssertEqual(text.body, Self.link)
        XCTAssertEqual(text.to, VoiceWorld.caller)
        XCTAssertEqual(text.from, VoiceWorld.number, "through the SMS instance")
        let sent = try world.host.eventually("the text in the call's thread") {
            try world.messages(conversation).first { $0["text"]?.stringValue == Self.link && $0["delivery_status"]?.stringValue == "sent" }
        }
        XCTAssertEqual(sent["channel_instance_id"]?.stringValue, "sms1", sent.serialized)
        let now = try world.host.request("GET", "/api/v1/conversations/\(conversation)").json
        XCTAssertEqual(now["channel_instance_id"]?.stringValue, "voice2", "a text does not move the conversation: \(now.serialized)")
        let chain = try afterHangupEvents(conversation)
        XCTAssertEqual(chain.count, 1)
        XCTAssertEqual(chain.first?["data"]?["path"]?.stringValue, "after_text: sent → done")

        // Twilio repeats the status callback: nothing runs again.
        let again = try world.twilio.postCallStatus(VoiceWorld.hook("voice2", "/voice/status"), callSID: played.callSID,
                                                    from: VoiceWorld.caller, to: VoiceWorld.secondNumber)
        XCTAssertEqual(again.status, 200, again.text)
        Thread.sleep(forTimeInterval: 1)
        XCTAssertEqual(world.twilio.sent.count, 1, "\(world.twilio.sent.map(\.body))")
        XCTAssertEqual(try afterHangupEvents(conversation).count, 1)
        XCTAssertEqual(try world.messages(conversation).filter { $0["text"]?.stringValue == Self.link }.count, 1)
    }

    func testTheHangupChainRunsAfterARestartBetweenTheCallAndItsStatusCallback() throws {
        world = try VoiceWorld()
        try world.addLine("voice2", definition: Self.textAfterTheCall)
        let sid = "CA" + String(repeating: "7", count: 32)
        let first = try world.twilio.postCallRequest(VoiceWorld.hook("voice2", "/voice/incoming"), callSID: sid, from: VoiceWorld.caller,
                                                     to: VoiceWorld.secondNumber)
        XCTAssertTrue(first.text.contains("<Hangup/>"), first.text)
        XCTAssertTrue(world.twilio.sent.isEmpty, "the chain waits for the call to be over")
        let data = world.host.dataDirectory, plugins = world.host.pluginsDirectory
        world.host.stop()
        let restarted = try HostProcess(extraArguments: ["--public-url", VoiceWorld.publicURL], dataDirectory: data, pluginsDirectory: plugins)
        defer { restarted.stop() }
        world.twilio.proxy(publicBase: VoiceWorld.publicURL, to: restarted.baseURL)
        let status = try world.twilio.postCallStatus(VoiceWorld.hook("voice2", "/voice/status"), callSID: sid, from: VoiceWorld.caller,
                                                     to: VoiceWorld.secondNumber)
        XCTAssertEqual(status.status, 200, status.text)
        let text = try restarted.eventually("the text after the restart") { world.twilio.sent.first }
        XCTAssertEqual(text.body, Self.link)
        let conversation = try world.conversation(on: "voice2", host: restarted)
        XCTAssertEqual(try afterHangupEvents(conversation, host: restarted).count, 1)
    }

    func testAChainThatWouldSpeakAfterTheCallCannotBePublished() throws {
        world = try VoiceWorld()
        var definition = try XCTUnwrap(JSON.parse(Self.textAfterTheCall).objectValue)
        var nodes = try XCTUnwrap(definition["nodes"]?.objectValue)
        nodes["after_text"] = ["type": "say", "params": ["text": "Nobody hears this."], "exits": ["next": "done"]]
        definition["nodes"] = .object(nodes)
        let flow = try world.created("/api/v1/voice/flows", ["name": "Speaks after", "definition": .object(definition)])
        let refused = try world.host.request("POST", "/api/v1/voice/flows/\(flow)/publish")
        XCTAssertEqual(refused.status, 400, refused.text)
        let codes = (refused.json["problems"]?.arrayValue ?? []).map { "\($0["code"]?.stringValue ?? "") \($0["node"]?.stringValue ?? "-")" }
        XCTAssertEqual(codes, ["on_hangup_voice_node after_text"], refused.text)

        definition["onHangup"] = "nowhere"
        let missing = try world.host.request("POST", "/api/v1/voice/flows/\(flow)/validate", json: ["definition": .object(definition)])
        XCTAssertTrue((missing.json["problems"]?.arrayValue ?? []).contains { $0["code"]?.stringValue == "on_hangup_missing" }, missing.text)
    }
}
