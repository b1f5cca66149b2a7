import Foundation
import SwitchboardSupport
import TwilioFake
import XCTest

/// "Send to AI agent" on the phone, through the real host and the fake Twilio Voice: speech turns
/// answered by an Agent Stack (its replies spoken, every turn in the conversation), its handover
/// rules leading to the node's `human` exit (a queue), and `0` on the keypad escaping to a person.
final class VoiceAgentCallTests: XCTestCase {
    var world: VoiceWorld!

    override func tearDown() { world?.stop() }

    func publishAgentFlow(speech: String = "") throws {
        let imported = try world.host.request("POST", "/api/v1/knowledge/import", json: ["collection": "help", "articles": [
            ["title": "Opening hours", "body": "We are open 9 to 5, Monday to Friday."]]])
        XCTAssertEqual(imported.status, 200, imported.text)
        let stack: JSON = ["id": "phone", "name": "Phone assistant", "collections": ["help"],
                           "topics": [["name": "hours", "examples": ["when are you open", "opening hours", "what time do you close"]]],
                           "handover": ["min_confidence": 0.0]]
        let put = try world.host.request("PUT", "/api/v1/stacks/phone", json: stack)
        XCTAssertTrue(put.status == 201 || put.status == 200, put.text)
        let definition = try JSON.parse("""
        {
          "schema": "switchboard.ivr/1", "entry": "welcome", "settings": { "guardExit": "support"\(speech) },
          "nodes": {
            "welcome": { "type": "say", "params": { "text": "Hello, how can I help?" }, "exits": { "next": "assistant" } },
            "assistant": { "type": "ai_agent", "params": { "stackId": "phone", "maxTurns": 4 },
                           "exits": { "resolved": "bye", "human": "support", "timeout": "support", "error": "support" } },
            "support": { "type": "queue", "params": { "queueId": "\(world.queueID)", "maxWaitSec": 120 },
                         "exits": { "answered": "bye", "abandoned": "bye", "max_wait": "bye" } },
            "bye": { "type": "hangup", "params": { "goodbye": "Goodbye." } }
          }
        }
        """)
        let saved = try world.host.request("PUT", "/api/v1/voice/flows/\(world.flowID)/draft", json: ["definition": definition])
        XCTAssertEqual(saved.status, 200, saved.text)
        let published = try world.host.request("POST", "/api/v1/voice/flows/\(world.flowID)/publish")
        XCTAssertEqual(published.status, 201, published.text)
    }

    func ended(_ conversation: String) throws -> JSON {
        try world.host.eventually("the call's end recorded") { try world.events(conversation).first { $0["type"]?.stringValue == "voice.call_ended" } }
    }

    func testTheStackAnswersTwoTurnsThenHandsTheCallerToTheQueue() throws {
        world = try VoiceWorld()
        try publishAgentFlow()
        let played = try world.call(world.script(["speech:When are you open?", "speech:What time do you close on Friday?",
                                                  "speech:let me talk to a human"]))
        XCTAssertEqual(played.status, "completed", played.documents.joined(separator: "\n"))
        XCTAssertEqual(played.said.filter { $0.contains("We are open 9 to 5") }.count, 2, "two turns answered: \(played.said)")
        XCTAssertTrue(played.verbs.contains("Enqueue:\(world.queueID)"), "handed over to the queue: \(played.verbs)")
        XCTAssertEqual(played.said.last, "Goodbye.")
        XCTAssertTrue(played.requests.allSatisfy { $0.status == 200 }, "\(played.requests)")

        let conversation = try world.conversation(of: played.callSID)
        XCTAssertEqual(try ended(conversation)["data"]?["path"]?.stringValue,
                       "welcome: next → assistant: human → support: answered → bye")
        let texts = (try world.host.request("GET", "/api/v1/conversations/\(conversation)/messages").json["messages"]?.arrayValue ?? [])
            .compactMap { $0["text"]?.stringValue }
        for said in ["When are you open?", "What time do you close on Friday?", "let me talk to a human"] {
            XCTAssertTrue(texts.contains(said), "the caller's turn is in the conversation: \(texts)")
        }
        XCTAssertGreaterThanOrEqual(texts.filter { $0.contains("We are open 9 to 5") }.count, 2, "so are the stack's replies")
    }

    /// The flow's language and voice hold for the stack's replies and the caller's turns, and for the hold prompts.
    func testTheStackSpeaksAndListensInTheFlowsLanguageAndSoDoesTheHold() throws {
        world = try VoiceWorld()
        try publishAgentFlow(speech: #", "language": "de-DE", "voice": "Polly.Vicki""#)
        let played = try world.call(world.script(["speech:When are you open?", "speech:let me talk to a human"]))
        XCTAssertEqual(played.status, "completed", played.documents.joined(separator: "\n"))
        let documents = try played.documents.map(TwiMLDocument.parse)
        let reply = try XCTUnwrap(documents.flatMap { $0 }.first { $0.name == "Say" && $0.text.contains("We are open 9 to 5") }, "\(played.documents)")
        XCTAssertEqual(reply.attributes, ["language": "de-DE", "voice": "Polly.Vicki"], "the stack's reply in the flow's voice")
        let turns = documents.flatMap { $0 }.filter { $0.name == "Gather" && ($0.attribute("action") ?? "").contains("wait=agent") }
        XCTAssertFalse(turns.isEmpty, "\(played.documents)")
        for turn in turns { XCTAssertEqual(turn.attribute("language"), "de-DE", "the caller's turn is listened for in the flow's language") }
        let hold = documents.flatMap { $0 }.flatMap { [$0] + $0.children }.filter { $0.name == "Say" && $0.text.contains("hold") }
        XCTAssertFalse(hold.isEmpty, "a hold prompt was played: \(played.documents)")
        for say in hold { XCTAssertEqual(say.attributes, ["language": "de-DE", "voice": "Polly.Vicki"], "the hold prompt in the flow's voice") }
    }

    func testZeroOnTheKeypadEscapesToAPerson() throws {
        world = try VoiceWorld()
        try publishAgentFlow()
        let played = try world.call(world.script(["0"]))
        XCTAssertEqual(played.status, "completed", played.documents.joined(separator: "\n"))
        XCTAssertTrue(played.verbs.contains("Enqueue:\(world.queueID)"), "\(played.verbs)")
        let conversation = try world.conversation(of: played.callSID)
        XCTAssertEqual(try ended(conversation)["data"]?["path"]?.stringValue, "welcome: next → assistant: human → support: answered → bye")
    }

    func testARepeatedTurnRequestReplaysItsAnswerWithoutASecondTurn() throws {
        world = try VoiceWorld()
        try publishAgentFlow()
        let callSID = "CA" + String(repeating: "7", count: 32)
        func post(_ url: String, _ extra: [(String, String)] = []) throws -> (status: Int, contentType: String, text: String) {
            try world.twilio.postCallRequest(url, callSID: callSID, from: VoiceWorld.caller, to: VoiceWorld.number, extra: extra)
        }
        let started = try post(VoiceWorld.hook("/voice/incoming"))
        XCTAssertEqual(started.status, 200, started.text)
        let firstTurn = try XCTUnwrap(Self.gatherAction(started.text), started.text)
        XCTAssertTrue(firstTurn.contains("&turn=1"), firstTurn)
        let said: [(String, String)] = [("SpeechResult", "When are you open?"), ("Confidence", "0.92")]
        let answered = try post(firstTurn, said)
        XCTAssertEqual(answered.status, 200, answered.text)
        XCTAssertTrue(answered.text.contains("We are open 9 to 5"), answered.text)
        XCTAssertTrue(Self.gatherAction(answered.text)?.contains("&turn=2") == true, answered.text)
        let retried = try post(firstTurn, said)
        XCTAssertEqual(retried.text, answered.text, "Twilio's retry of the turn gets the same answer")
        let conversation = try world.conversation(of: callSID)
        let texts = (try world.host.request("GET", "/api/v1/conversations/\(conversation)/messages").json["messages"]?.arrayValue ?? [])
            .compactMap { $0["text"]?.stringValue }
        XCTAssertEqual(texts.filter { $0 == "When are you open?" }.count, 1, "no second turn: \(texts)")
    }

    /// The `<Gather>`'s action URL in a TwiML document, unescaped.
    static func gatherAction(_ twiml: String) -> String? {
        guard let gather = twiml.range(of: "<Gather "), let start = twiml[gather.upperBound...].range(of: "action=\"") else { return nil }
        let rest = twiml[start.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end]).replacingOccurrences(of: "&amp;", with: "&")
    }
}
