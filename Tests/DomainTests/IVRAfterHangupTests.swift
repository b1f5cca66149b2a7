import Foundation
import SwitchboardDomain
import XCTest

/// The onHangup chain (once, after the call, server-side nodes only) and how a flow speaks
/// (its language and voice, a node's override), through the pure step function.
final class IVRAfterHangupTests: XCTestCase {
    let open = IVRFixtures.at("2026-03-23T08:30:00Z")  // Monday 09:30 in Berlin

    /// The fixture with an onHangup chain: a text, then a branch, then the end.
    func revision(chain: String = #""after_sms": { "type": "send_sms", "params": { "instance": "sms-main", "text": "Thanks for calling." }, "exits": { "sent": "after_end", "failed": "after_end" } }, "after_end": { "type": "hangup" },"#) throws -> IVRRevision {
        IVRRevision(number: 1, flow: try IVRFixtures.flow { json in
            json.replacingOccurrences(of: #""entry": "welcome","#, with: #""entry": "welcome", "onHangup": "after_sms","#)
                .replacingOccurrences(of: #""nodes": {"#, with: #""nodes": { "# + chain)
        })
    }

    func testTheChainRunsOnceAfterTheCallWithoutSpeaking() throws {
        let revision = try revision()
        let start = IVRCallState(revision: 1, caller: "+4915112345678", startedAtMillis: open)
        let first = try IVREngine.step(revision: revision, state: start, input: .callStarted, nowMillis: open)
        XCTAssertTrue(try IVREngine.afterHangup(revision: revision, state: first.state, nowMillis: open).events.isEmpty, "not before the end")
        let ended = try IVREngine.step(revision: revision, state: first.state, input: .hungUp, nowMillis: open + 5_000)
        let chain = try IVREngine.afterHangup(revision: revision, state: ended.state, nowMillis: open + 5_000)
        XCTAssertEqual(chain.events.filter { if case .smsRequested = $0 { return true }; return false },
                       [.smsRequested(instance: "sms-main", to: "+4915112345678", text: "Thanks for calling.")])
        XCTAssertEqual(chain.events.last, .hangupChainRan(path: "after_sms: sent → after_end"))
        XCTAssertFalse(chain.events.contains { if case .callEnded = $0 { return true }; return false }, "the call's end was recorded before")
        XCTAssertEqual(chain.instruction.say, [])
        XCTAssertEqual(chain.state.path, ended.state.path, "the call's path stays the call's")
        XCTAssertEqual(chain.state.hangupChainRan, true)
        let again = try IVREngine.afterHangup(revision: revision, state: chain.state, nowMillis: open + 9_000)
        XCTAssertTrue(again.events.isEmpty, "once per call")
        XCTAssertEqual(again.state, chain.state)
    }

    func testValidationKeepsTheChainServerSide() throws {
        let speaking = try revision(chain: #""after_sms": { "type": "say", "params": { "text": "Nobody hears this." }, "exits": { "next": "after_end" } }, "after_end": { "type": "hangup" },"#)
        let problems = speaking.flow.validate(references: IVRKnownReferences()).filter { $0.severity == .error }
        XCTAssertEqual(problems.map(\.code), ["on_hangup_voice_node"])
        XCTAssertEqual(problems.first?.node, "after_sms")
        let valid = try revision()
        XCTAssertEqual(valid.flow.validate(references: IVRKnownReferences()).filter { $0.severity == .error }, [])
        XCTAssertFalse(valid.flow.validate(references: IVRKnownReferences()).contains { $0.node == "after_sms" }, "the chain is reachable")
    }

    func testTheFlowsLanguageAndVoiceApplyUnlessANodeOverridesThem() throws {
        let flow = try IVRFixtures.flow { json in
            json.replacingOccurrences(of: #""settings": { "guardExit": "general_q","#,
                                      with: #""settings": { "guardExit": "general_q", "language": "de-DE", "voice": "Polly.Vicki","#)
                .replacingOccurrences(of: #""timeoutSec": 5, "maxAttempts": 3,"#,
                                      with: #""timeoutSec": 5, "maxAttempts": 3, "language": "en-GB", "voice": "Google.en-GB-Standard-A","#)
        }
        let state = IVRCallState(revision: 1, caller: nil, startedAtMillis: open)
        let step = try IVREngine.step(revision: IVRRevision(number: 1, flow: flow), state: state, input: .callStarted, nowMillis: open)
        XCTAssertEqual(step.instruction.say, [IVRSpeech("Welcome to Switchboard.", IVRSpeechSettings(language: "de-DE", voice: "Polly.Vicki"))])
        guard case .gather(let gather) = step.instruction.action else { return XCTFail("\(step.instruction.action)") }
        XCTAssertEqual(gather.settings, IVRSpeechSettings(language: "en-GB", voice: "Google.en-GB-Standard-A"))
        XCTAssertEqual(step.instruction.json["say_settings"], [["language": "de-DE", "voice": "Polly.Vicki"]])
    }

    func testLanguagesAndVoicesTwilioDoesNotTakeAreRefusedNamingTheField() {
        for (from, to, field) in [(#""guardExit": "general_q","#, #""guardExit": "general_q", "voice": "Robot","#, "settings.voice"),
                                  (#""guardExit": "general_q","#, #""guardExit": "general_q", "language": "en","#, "settings.language"),
                                  (#""maxAttempts": 3,"#, #""maxAttempts": 3, "voice": "Polly.Joanna-Turbo","#, "nodes.menu.params.voice")] {
            XCTAssertThrowsError(try IVRFixtures.flow { $0.replacingOccurrences(of: from, with: to) }) { error in
                XCTAssertEqual((error as? IVRFlowError)?.field, field, "\(error)")
            }
        }
        for voice in ["man", "alice", "Polly.Joanna", "Polly.Joanna-Neural", "Google.en-US-Neural2-F", "Google.de-DE-Chirp3-HD-Aoede"] {
            XCTAssertTrue(IVRSpeechSettings.isVoice(voice), voice)
        }
    }
}
