import SwitchboardDomain
import XCTest

/// The pure rules of voice queues: the order callers are answered in, callback attempts, the AI node's turns.
final class VoiceQueueOrderTests: XCTestCase {
    func entry(_ id: String, _ status: VoiceQueueEntryStatus, at enqueued: Int64, nextAttempt: Int64? = nil) -> VoiceQueueEntry {
        VoiceQueueEntry(id: id, queueID: "q", status: status, callSid: nil, number: "+15550000\(id.count)", calledNumber: nil,
                        conversationID: nil, virtualEnqueuedAt: enqueued, attempts: 0, maxAttempts: 3, retryDelaySeconds: 60,
                        nextAttemptAt: nextAttempt, agentID: nil, scheduleID: "hours", createdAt: enqueued, updatedAt: enqueued)
    }

    func testAnEarlierCallersCallbackGoesBeforeALaterLiveCaller() {
        let waiting = [entry("live", .waiting, at: 2_000), entry("callback", .callbackWaiting, at: 1_000)]
        XCTAssertEqual(VoiceQueueOrder.next(waiting, nowMillis: 5_000, scheduleOpen: { _ in true })?.id, "callback")
        XCTAssertEqual(VoiceQueueOrder.position(of: "live", in: waiting), 2)
        XCTAssertEqual(VoiceQueueOrder.position(of: "callback", in: waiting), 1)
    }

    func testACallbackOutsideTheScheduleOrBeforeItsRetryKeepsItsPlaceButLetsALiveCallerThrough() {
        let waiting = [entry("live", .waiting, at: 2_000), entry("callback", .callbackWaiting, at: 1_000, nextAttempt: 9_000)]
        XCTAssertEqual(VoiceQueueOrder.next(waiting, nowMillis: 5_000, scheduleOpen: { _ in true })?.id, "live")
        XCTAssertEqual(VoiceQueueOrder.next(waiting, nowMillis: 9_000, scheduleOpen: { $0 == "hours" })?.id, "callback")
        XCTAssertEqual(VoiceQueueOrder.next(waiting, nowMillis: 9_000, scheduleOpen: { _ in false })?.id, "live")
        var anyTime = waiting
        anyTime[1].scheduleID = nil
        XCTAssertEqual(VoiceQueueOrder.next(anyTime, nowMillis: 9_000, scheduleOpen: { _ in false })?.id, "callback", "no schedule: any time")
        XCTAssertEqual(VoiceQueueOrder.position(of: "callback", in: waiting), 1)
    }

    func testFinishedAndDialledEntriesAreNotOfferedAndTiesAreStable() {
        let waiting = [entry("b", .waiting, at: 1_000), entry("a", .waiting, at: 1_000), entry("done", .answered, at: 10),
                       entry("dialing", .dialing, at: 20), entry("gone", .cancelled, at: 30)]
        XCTAssertEqual(VoiceQueueOrder.ordered(waiting).map(\.id), ["dialing", "a", "b"])
        XCTAssertEqual(VoiceQueueOrder.next(waiting, nowMillis: 5_000, scheduleOpen: { _ in true })?.id, "a")
        XCTAssertNil(VoiceQueueOrder.position(of: "done", in: waiting))
        XCTAssertNil(VoiceQueueOrder.next([], nowMillis: 0, scheduleOpen: { _ in true }))
    }

    func testCallbackAttemptsAreBoundedAndSpacedByTheRetryDelay() {
        let policy = VoiceCallbackPolicy(maxAttempts: 3, retryDelaySeconds: 120)
        XCTAssertEqual(policy.next(after: .noAnswer, attempts: 1, nowMillis: 1_000), .retry(atMillis: 121_000))
        XCTAssertEqual(policy.next(after: .busy, attempts: 2, nowMillis: 5_000), .retry(atMillis: 125_000))
        XCTAssertEqual(policy.next(after: .failed, attempts: 3, nowMillis: 5_000), .failed)
        XCTAssertEqual(policy.next(after: .completed, attempts: 3, nowMillis: 5_000), .completed)
        XCTAssertEqual(VoiceCallbackPolicy(maxAttempts: 1, retryDelaySeconds: 60).next(after: .busy, attempts: 1, nowMillis: 0), .failed)
    }

    func testAgentPhoneAndSIPRules() throws {
        XCTAssertEqual(try AgentVoiceAddress.validated(phone: "+15551234567", sip: nil).dialTarget, "+15551234567")
        XCTAssertEqual(try AgentVoiceAddress.validated(phone: "+15551234567", sip: "sip:sam@pbx.example.com:5060").dialTarget,
                       "sip:sam@pbx.example.com:5060")
        XCTAssertNil(try AgentVoiceAddress.validated(phone: nil, sip: nil).dialTarget)
        for bad in ["15551234567", "+05551234567", "+1555", "+1555123456789012", " +15551234567", "+1555-123-4567", ""] {
            XCTAssertThrowsError(try AgentVoiceAddress.validated(phone: bad, sip: nil), bad) {
                XCTAssertEqual(($0 as? PeopleError).map { if case .invalid(let field, _) = $0 { field } else { "" } }, "phone")
            }
        }
        for bad in ["sam@pbx.example.com", "sip:@pbx", "sip:sam@", "sip:sam@pbx:123456", "sip:s am@pbx", "sip:sam@pbx@x", "sip:" + String(repeating: "a", count: 260) + "@x"] {
            XCTAssertThrowsError(try AgentVoiceAddress.validated(phone: nil, sip: bad), bad)
        }
    }

    func testAITurnsEscapeOnZeroRepromptOnSilenceAndStopAtTheLimit() {
        XCTAssertEqual(VoiceAgentTurn.decide(speech: "  where is\n my order ", digits: nil, turnsTaken: 0, maxTurns: 3), .ask("where is my order"))
        XCTAssertEqual(VoiceAgentTurn.decide(speech: "hello", digits: "0", turnsTaken: 0, maxTurns: 3), .escapeToHuman)
        XCTAssertEqual(VoiceAgentTurn.decide(speech: " ", digits: nil, turnsTaken: 1, maxTurns: 3), .reprompt)
        XCTAssertEqual(VoiceAgentTurn.decide(speech: "more", digits: nil, turnsTaken: 3, maxTurns: 3), .exhausted)
        XCTAssertEqual(VoiceAgentTurn.decide(speech: nil, digits: "5", turnsTaken: 3, maxTurns: 3), .exhausted)
    }

    func testASlowTurnHoldsThenGivesUpWithinItsPolls() {
        let budget = VoiceTurnBudget(holdAfterMillis: 8_000, maxPolls: 2)
        XCTAssertEqual(budget.answer(reply: "It ships today.", polls: 2), .speak("It ships today."))
        XCTAssertEqual(budget.answer(reply: nil, polls: 0), .hold)
        XCTAssertEqual(budget.answer(reply: nil, polls: 1), .hold)
        XCTAssertEqual(budget.answer(reply: nil, polls: 2), .giveUp)
        XCTAssertLessThan(VoiceTurnBudget.twilio.holdAfterMillis, 15_000, "Twilio waits 15 s for TwiML")
    }
}
