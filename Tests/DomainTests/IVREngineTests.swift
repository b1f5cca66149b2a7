import Foundation
import SwitchboardDomain
import XCTest

/// Walking flows through the pure step function: instructions, events, paths, retries and guards.
final class IVREngineTests: XCTestCase {
    let caller = "+4915112345678"
    let open = IVRFixtures.at("2026-03-23T08:30:00Z")  // Monday 09:30 in Berlin
    let closed = IVRFixtures.at("2026-03-23T18:00:00Z")  // Monday 19:00

    func revision(_ edit: (String) -> String = { $0 }) throws -> IVRRevision {
        IVRRevision(number: 1, flow: try IVRFixtures.flow(edit))
    }

    /// Starts a call at `start` and feeds one input a second, returning every step.
    func walk(_ inputs: [IVRInput], start: Int64, caller: String? = "+4915112345678", revision given: IVRRevision? = nil,
              spacing: Int64 = 1000) throws -> [IVRStep] {
        let revision = try given ?? self.revision()
        var state = IVRCallState(revision: 1, caller: caller, startedAtMillis: start)
        var steps: [IVRStep] = []
        for (index, input) in ([.callStarted] + inputs).enumerated() {
            let step = try IVREngine.step(revision: revision, state: state, input: input, nowMillis: start + Int64(index) * spacing)
            steps.append(step)
            state = step.state
        }
        return steps
    }

    func testOpenHoursMenuTwoTextsTheLinkAndHangsUp() throws {
        let steps = try walk([.digits("2")], start: open)
        XCTAssertEqual(steps[0].instruction, IVRInstruction(say: ["Welcome to Switchboard."], action: .gather(IVRGather(
            prompt: "Billing 1, a text 2, our assistant 3, an operator 0.", inputs: [.dtmf, .speech], timeoutSeconds: 5,
            numDigits: 1, finishOnKey: nil))))
        XCTAssertEqual(steps[0].state.waitingAt, "menu")
        XCTAssertTrue(steps[1].events.contains(.smsRequested(instance: "sms-main", to: caller, text: "Your link: https://example.com/help")))
        XCTAssertEqual(steps[1].instruction, IVRInstruction(say: ["We sent you a text."], action: .hangUp))
        XCTAssertTrue(steps[1].state.ended)
        XCTAssertEqual(steps[1].state.pathSummary, "welcome: next → hours: open → menu: 2 → sms_link: sent → bye_text")
    }

    func testAfterHoursAndOnHolidaysTheCallerLeavesAVoicemail() throws {
        let steps = try walk([.recording(url: "https://api.twilio.com/Recordings/RE1")], start: closed)
        XCTAssertEqual(steps[0].instruction, IVRInstruction(say: ["Welcome to Switchboard.", "Please leave a message."],
                                                            action: .record(maxLengthSeconds: 60)))
        XCTAssertEqual(steps[1].state.variables["recording_url"], "https://api.twilio.com/Recordings/RE1")
        XCTAssertEqual(steps[1].state.pathSummary, "welcome: next → hours: closed → voicemail: recorded → bye")
        XCTAssertEqual(steps[1].instruction, IVRInstruction(say: ["Goodbye."], action: .hangUp))
        let holiday = try walk([.recording(url: nil)], start: IVRFixtures.at("2026-12-25T10:00:00Z"))
        XCTAssertEqual(holiday[1].state.pathSummary, "welcome: next → hours: holiday → voicemail: no audio → bye")
    }

    func testMenuRetriesExhaustToTheMaxAttemptsExit() throws {
        let steps = try walk([.timeout, .digits("9"), .speech("the weather")], start: open)
        XCTAssertEqual(steps.prefix(3).map(\.instruction.action).filter { if case .gather = $0 { true } else { false } }.count, 3)
        XCTAssertEqual(steps[3].instruction.action, .enqueue(queueID: "general", maxWaitSeconds: 600, offersCallback: false))
        XCTAssertEqual(steps[3].state.pathSummary,
                       "welcome: next → hours: open → menu: timeout → menu: no match (9) → menu: no match (\"the weather\") → menu: max_attempts")
        XCTAssertEqual(steps[3].state.attempts["menu"], 4, "three prompts, then the exhausted fourth visit")
    }

    func testSpeechPicksAQueueWhoseCallbackOfferKeepsTheCallersNumber() throws {
        let steps = try walk([.speech("I have a billing question"), .queueResult(.callbackRequested)], start: open)
        XCTAssertEqual(steps[1].instruction.action, .enqueue(queueID: "billing", maxWaitSeconds: 300, offersCallback: true))
        XCTAssertTrue(steps[2].events.contains(.callbackRequested(number: caller, queueID: "billing")))
        XCTAssertEqual(steps[2].state.pathSummary,
                       "welcome: next → hours: open → menu: \"I have a billing question\" → billing_q: callback_requested → cb: scheduled → bye")
    }

    func testTheAgentsOutcomeCollectsDigitsAndABranchMovesTheCallToWhatsApp() throws {
        let steps = try walk([.digits("3"), .agentOutcome("order_status"), .digits("12#"), .digits("123456#")], start: open)
        XCTAssertEqual(steps[1].instruction.action, .agent(stackID: "support-bot", maxTurns: 6))
        XCTAssertEqual(steps[2].instruction.action, .gather(IVRGather(prompt: "Your six-digit account number.", inputs: [.dtmf],
                                                                      timeoutSeconds: 5, numDigits: 6, finishOnKey: "#")))
        XCTAssertEqual(steps[3].state.path.last, "account: invalid")
        XCTAssertEqual(steps[3].state.waitingAt, "account")
        XCTAssertEqual(steps[4].state.variables["account"], "123456")
        XCTAssertTrue(steps[4].events.contains(.channelRouteRequested(instance: "wa-main", to: caller, text: "Hello from our phone line.")))
        XCTAssertEqual(steps[4].instruction, IVRInstruction(say: ["Continue on WhatsApp.", "Goodbye."], action: .hangUp))
        XCTAssertTrue(steps[4].state.pathSummary.hasSuffix("account: ok → vip_check: vip → whatsapp: sent → bye"), steps[4].state.pathSummary)
        let other = try walk([.digits("3"), .agentOutcome("order_status"), .digits("654321#")], start: open)
        XCTAssertEqual(other[3].instruction.action, .enqueue(queueID: "general", maxWaitSeconds: 600, offersCallback: false),
                       "an account no case names takes the default exit")
    }

    func testAgentHandoverAndUnknownOutcomesReachAPerson() throws {
        let human = try walk([.digits("3"), .agentOutcome("human")], start: open)
        XCTAssertEqual(human[2].state.path.last, "ai: human")
        let unknown = try walk([.digits("3"), .agentOutcome("refund")], start: open)
        XCTAssertEqual(unknown[2].state.path.last, "ai: error")
        XCTAssertEqual(unknown[2].instruction.action, .enqueue(queueID: "general", maxWaitSeconds: 600, offersCallback: false))
    }

    func testAnOperatorWhoDoesNotAnswerLeadsToVoicemail() throws {
        let steps = try walk([.digits("0"), .dialResult(.noAnswer)], start: open)
        XCTAssertEqual(steps[1].instruction.action, .dial(number: "+493012345678", timeoutSeconds: 30))
        XCTAssertEqual(steps[2].instruction.action, .record(maxLengthSeconds: 60))
        XCTAssertEqual(steps[2].state.path.last, "operator: no_answer")
    }

    func testAnAnonymousCallerCannotBeTextedAndGoesToTheQueue() throws {
        let steps = try walk([.digits("2")], start: open, caller: nil)
        XCTAssertFalse(steps[1].events.contains { if case .smsRequested = $0 { true } else { false } })
        XCTAssertEqual(steps[1].state.path.last, "sms_link: failed")
    }

    func testTheDurationLimitSendsTheCallToTheGuardExit() throws {
        let steps = try walk([.timeout], start: open, spacing: 601_000)
        XCTAssertTrue(steps[1].events.contains(.guardTripped(node: "menu", limit: "duration")))
        XCTAssertEqual(steps[1].instruction.action, .enqueue(queueID: "general", maxWaitSeconds: 600, offersCallback: false))
        XCTAssertEqual(steps[1].state.path.suffix(2), ["menu: timeout", "guard: duration"])
        let later = try IVREngine.step(revision: revision(), state: steps[1].state, input: .queueResult(.maxWait), nowMillis: open + 1_800_000)
        XCTAssertEqual(later.instruction.action, .record(maxLengthSeconds: 60), "past the guard, a long queue wait is no new trip")
    }

    func testTheStepLimitTripsInAServerSideChain() throws {
        // A flow whose entry chain is longer than the step limit, built from says and a branch loop-free chain.
        var nodes = (0..<12).map { "\"s\($0)\": { \"type\": \"say\", \"params\": { \"text\": \"part \($0)\" }, \"exits\": { \"next\": \"s\($0 + 1)\" } }" }
        nodes.append("\"s12\": { \"type\": \"hangup\" }, \"safe\": { \"type\": \"hangup\", \"params\": { \"goodbye\": \"Sorry.\" } }")
        let json = "{ \"entry\": \"s0\", \"settings\": { \"guardExit\": \"safe\", \"maxSteps\": 10 }, \"nodes\": { \(nodes.joined(separator: ", ")) } }"
        let revision = IVRRevision(number: 1, flow: try IVRFlow.parse(json))
        let steps = try walk([], start: open, revision: revision)
        XCTAssertTrue(steps[0].events.contains(.guardTripped(node: "s10", limit: "steps")))
        XCTAssertEqual(steps[0].instruction.say.last, "Sorry.")
        XCTAssertEqual(steps[0].instruction.say.count, 11)
    }

    func testTheNodeVisitLimitStopsALoopBeforeItsOwnBound() throws {
        let revision = try revision {
            $0.replacingOccurrences(of: "\"maxAttempts\": 3", with: "\"maxAttempts\": 5")
                .replacingOccurrences(of: "\"maxIvrSeconds\": 600", with: "\"maxIvrSeconds\": 600, \"maxNodeVisits\": 3")
        }
        let steps = try walk([.timeout, .timeout, .timeout], start: open, revision: revision)
        XCTAssertEqual(steps[2].state.waitingAt, "menu", "the third visit still prompts")
        XCTAssertTrue(steps[3].events.contains(.guardTripped(node: "menu", limit: "node_visits")))
        XCTAssertEqual(steps[3].state.waitingAt, "general_q")
    }

    func testAGuardThatBreaksALimitAgainEndsTheCall() throws {
        let revision = try revision {
            $0.replacingOccurrences(of: "\"guardExit\": \"general_q\", \"maxIvrSeconds\": 600",
                                    with: "\"guardExit\": \"menu\", \"maxIvrSeconds\": 600, \"maxNodeVisits\": 2")
        }
        let steps = try walk([.timeout, .timeout], start: open, revision: revision)
        XCTAssertEqual(steps[2].events.filter { if case .guardTripped = $0 { true } else { false } }.count, 2)
        XCTAssertEqual(steps[2].events.last, .callEnded(reason: "limit node_visits after the guard exit"))
        XCTAssertEqual(steps[2].instruction.action, .hangUp)
    }

    func testAHangUpEndsTheCallAndLateRequestsGetTheSameAnswer() throws {
        let steps = try walk([.hungUp, .digits("1")], start: open)
        XCTAssertEqual(steps[1].events, [.callEnded(reason: "caller hung up")])
        XCTAssertTrue(steps[1].state.ended)
        XCTAssertEqual(steps[2].events, [])
        XCTAssertEqual(steps[2].state, steps[1].state)
        XCTAssertEqual(steps[2].instruction, IVRInstruction(say: [], action: .hangUp))
    }

    func testInputsThatDoNotAnswerTheWaitAreRefused() throws {
        let revision = try revision()
        let fresh = IVRCallState(revision: 1, caller: caller, startedAtMillis: open)
        XCTAssertThrowsError(try IVREngine.step(revision: revision, state: fresh, input: .digits("1"), nowMillis: open)) {
            XCTAssertEqual($0 as? IVRStepError, .unexpectedInput(node: nil, input: .digits("1")))
        }
        let atMenu = try IVREngine.step(revision: revision, state: fresh, input: .callStarted, nowMillis: open).state
        XCTAssertThrowsError(try IVREngine.step(revision: revision, state: atMenu, input: .queueResult(.answered), nowMillis: open)) {
            XCTAssertEqual($0 as? IVRStepError, .unexpectedInput(node: "menu", input: .queueResult(.answered)))
        }
        XCTAssertThrowsError(try IVREngine.step(revision: IVRRevision(number: 2, flow: revision.flow), state: atMenu, input: .timeout, nowMillis: open)) {
            XCTAssertEqual($0 as? IVRStepError, .revisionMismatch(pinned: 1, given: 2))
        }
    }

    func testAnUnvalidatedFlowWithAnUnwiredExitFailsExplicitly() throws {
        let revision = try revision { $0.replacingOccurrences(of: "\"timeout\": \"menu\", ", with: "") }
        XCTAssertThrowsError(try walk([.timeout], start: open, revision: revision)) {
            XCTAssertEqual($0 as? IVRStepError, .exitUnwired(node: "menu", exit: "timeout"))
        }
    }

    func testAnUnvalidatedFlowWithAMissingEntryFailsExplicitly() throws {
        let revision = try revision { $0.replacingOccurrences(of: "\"entry\": \"welcome\"", with: "\"entry\": \"start\"") }
        XCTAssertThrowsError(try walk([], start: open, revision: revision)) {
            XCTAssertEqual($0 as? IVRStepError, .nodeMissing("start"))
        }
    }

    func testTheCallStateSurvivesJSONInMidCall() throws {
        let revision = try revision()
        let first = try IVREngine.step(revision: revision, state: IVRCallState(revision: 1, caller: caller, startedAtMillis: open),
                                       input: .callStarted, nowMillis: open)
        let stored = try JSONEncoder().encode(first.state)
        let restored = try JSONDecoder().decode(IVRCallState.self, from: stored)
        XCTAssertEqual(restored, first.state)
        let afterRestart = try IVREngine.step(revision: revision, state: restored, input: .digits("2"), nowMillis: open + 1000)
        let without = try IVREngine.step(revision: revision, state: first.state, input: .digits("2"), nowMillis: open + 1000)
        XCTAssertEqual(afterRestart, without)
        XCTAssertEqual(try JSONDecoder().decode(IVRInstruction.self, from: JSONEncoder().encode(without.instruction)), without.instruction)
    }
}
