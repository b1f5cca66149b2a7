import Foundation
import SwitchboardSupport
import TwilioFake
import XCTest

/// How a flow speaks (its language and voice, a node's override) and what Twilio writes down
/// (recording transcriptions), through the real host and the fake Twilio, which refuses a voice or
/// language Twilio would not take.
final class VoiceSpeechTests: XCTestCase {
    var world: VoiceWorld!

    override func tearDown() { world?.stop() }

    static let spanishMenu = """
    { "schema": "switchboard.ivr/1", "entry": "welcome", "settings": { "guardExit": "bye", "language": "en-GB", "voice": "Polly.Amy" },
      "nodes": {
        "welcome": { "type": "say", "params": { "text": "Welcome." }, "exits": { "next": "menu" } },
        "menu": { "type": "menu", "params": { "prompt": "Para español diga uno.", "input": ["dtmf", "speech"], "language": "es-ES",
                                               "voice": "Polly.Lucia", "options": [ { "exit": "one", "digits": "1", "phrases": ["uno"] } ] },
                  "exits": { "one": "bye", "no_match": "bye", "timeout": "bye", "max_attempts": "bye" } },
        "bye": { "type": "hangup", "params": { "goodbye": "Goodbye." } }
      } }
    """

    func testTheFlowsLanguageAndVoiceAreSpokenAndANodeOverridesThem() throws {
        world = try VoiceWorld()
        try world.addLine("voice2", definition: Self.spanishMenu)
        let played = try world.call(world.script(["speech:uno"]), on: "voice2")
        XCTAssertEqual(played.status, "completed", played.documents.joined(separator: "\n"))
        let first = try TwiMLDocument.parse(played.documents[0])
        XCTAssertEqual(first[0].attributes, ["language": "en-GB", "voice": "Polly.Amy"], played.documents[0])
        let gather = try XCTUnwrap(first.first { $0.name == "Gather" })
        XCTAssertEqual(gather.attribute("language"), "es-ES", "speech is listened for in the node's language")
        XCTAssertEqual(gather.children.first?.attributes, ["language": "es-ES", "voice": "Polly.Lucia"])
        let last = try TwiMLDocument.parse(try XCTUnwrap(played.documents.last))
        XCTAssertEqual(last.first { $0.name == "Say" }?.attributes, ["language": "en-GB", "voice": "Polly.Amy"], "back to the flow's")
        XCTAssertEqual(played.said.last, "Goodbye.")
    }

    func testAVoiceOrLanguageTwilioDoesNotTakeIsRefusedNamingItsField() throws {
        world = try VoiceWorld()
        let flow = try world.created("/api/v1/voice/flows", ["name": "Robot"])
        for (edit, field) in [("\"voice\": \"Polly.Amy\"", "\"voice\": \"Robot\""), ("\"language\": \"es-ES\"", "\"language\": \"es\"")] {
            let definition = try JSON.parse(Self.spanishMenu.replacingOccurrences(of: edit, with: field))
            let report = try world.host.request("POST", "/api/v1/voice/flows/\(flow)/validate", json: ["definition": definition])
            XCTAssertEqual(report.json["valid"], false, report.text)
            let message = report.json["problems"]?.arrayValue?.first?["message"]?.stringValue ?? ""
            XCTAssertTrue(message.contains(field.hasPrefix("\"voice") ? "settings.voice" : "nodes.menu.params.language"), report.text)
        }
    }

    func testARecordingsTranscriptJoinsTheThreadBesideTheVoicemail() throws {
        world = try VoiceWorld()
        try world.addLine("voice2", definition: """
        { "schema": "switchboard.ivr/1", "entry": "voicemail", "settings": { "guardExit": "bye" },
          "nodes": {
            "voicemail": { "type": "record", "params": { "prompt": "Please leave a message.", "maxLengthSec": 60, "transcribe": true },
                           "exits": { "recorded": "bye", "no_audio": "bye" } },
            "bye": { "type": "hangup", "params": { "goodbye": "Goodbye." } }
          } }
        """)
        var script = world.script([], recording: (9, Array("ID3-voicemail".utf8)))
        script.transcript = "Please call me back about order 1234."
        let played = try world.call(script, on: "voice2")
        XCTAssertEqual(played.status, "completed", played.documents.joined(separator: "\n"))
        let record = try XCTUnwrap(try TwiMLDocument.parse(played.documents[0]).first { $0.name == "Record" })
        XCTAssertEqual(record.attribute("transcribe"), "true")
        XCTAssertEqual(record.attribute("transcribeCallback"), VoiceWorld.hook("voice2", "/voice/transcription"))
        let conversation = try world.conversation(on: "voice2")
        let transcript = try world.host.eventually("the transcript in the thread") {
            try world.messages(conversation).first { $0["text"]?.stringValue == "Transcript: Please call me back about order 1234." }
        }
        XCTAssertEqual(transcript["provider_message_id"]?.stringValue, played.transcriptionSID)
        XCTAssertEqual(transcript["direction"]?.stringValue, "inbound")
        let voicemail = try XCTUnwrap(try world.messages(conversation).first { $0["text"]?.stringValue == "Voicemail (9 s)" })
        XCTAssertEqual(voicemail["provider_message_id"]?.stringValue, played.recordingSID, "the transcript's recording")
        let callbacks = played.requests.filter { $0.url.hasSuffix("/voice/transcription") }
        XCTAssertEqual(callbacks.map(\.status), [200])
    }
}
