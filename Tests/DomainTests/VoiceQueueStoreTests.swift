import SwitchboardDomain
import XCTest

/// Voice queue places against a real store: callbacks keep the caller's place, a re-call cancels the
/// callback and keeps it, attempts are bounded, and everything survives reopening the store.
final class VoiceQueueStoreTests: StoreTestCase {
    func join(_ sid: String?, _ number: String, queue: String = "vq_1", schedule: String? = nil) -> VoiceQueueJoin {
        VoiceQueueJoin(queueID: queue, callSid: sid, number: number, calledNumber: "+15550001111", conversationID: nil, scheduleID: schedule)
    }

    /// Open Monday to Friday 09:00-17:00 in New York.
    func weekdayHours() throws -> String {
        try store.createVoiceSchedule(try VoiceScheduleFields.parse([
            "name": "Office", "time_zone": "America/New_York",
            "weekly": .array(["mon", "tue", "wed", "thu", "fri"].map { ["day": .string($0), "open": "09:00", "close": "17:00"] })])).id
    }

    func testACallbackFromTheHoldKeepsThePlaceAheadOfALaterLiveCaller() throws {
        let ann = try store.enqueueVoiceCall(join("CA1", "+15550000001"), nowMillis: 1_000)
        XCTAssertEqual(try store.enqueueVoiceCall(join("CA1", "+15550000001"), nowMillis: 1_500).id, ann.id, "a repeated request")
        let hours = try weekdayHours()
        let callback = try store.requestVoiceCallback(join("CA1", "+15550000001", schedule: hours), nowMillis: 3_000)
        XCTAssertEqual(callback.id, ann.id)
        XCTAssertEqual(callback.status, .callbackWaiting)
        XCTAssertEqual(callback.virtualEnqueuedAt, 1_000)
        XCTAssertEqual(callback.scheduleID, hours)
        let bob = try store.enqueueVoiceCall(join("CA2", "+15550000002"), nowMillis: 2_000)
        let fridayNoonNewYork: Int64 = 1_796_403_600_000   // 2026-12-04 17:00 UTC
        let fridayNightNewYork: Int64 = 1_796_439_600_000  // 2026-12-05 03:00 UTC
        XCTAssertEqual(try store.nextVoiceQueueEntry(queueID: "vq_1", nowMillis: fridayNoonNewYork)?.id, ann.id)
        XCTAssertEqual(try store.nextVoiceQueueEntry(queueID: "vq_1", nowMillis: fridayNightNewYork)?.id, bob.id, "no callback at night")
        XCTAssertEqual(try store.voiceQueuePlaces(queueID: "vq_1").map(\.id), [ann.id, bob.id])
        XCTAssertEqual(try store.voiceQueueExit(callSid: "CA1"), .callbackRequested)
        XCTAssertNil(try store.voiceQueueExit(callSid: "CA2"), "still waiting")
        XCTAssertNil(try store.voiceQueueExit(callSid: "CA404"))
    }

    func testCallingInAgainCancelsTheCallbackAndKeepsThePlace() throws {
        _ = try store.enqueueVoiceCall(join("CA9", "+15550000009"), nowMillis: 500)
        let callback = try store.requestVoiceCallback(join(nil, "+15550000001"), nowMillis: 1_000)
        XCTAssertEqual(try store.requestVoiceCallback(join(nil, "+15550000001"), nowMillis: 1_200).id, callback.id, "no duplicate")
        let again = try store.enqueueVoiceCall(join("CA3", "+15550000001"), nowMillis: 5_000)
        XCTAssertEqual(again.status, .waiting)
        XCTAssertEqual(again.virtualEnqueuedAt, 1_000)
        XCTAssertEqual(try store.voiceQueueEntry(id: callback.id)?.status, .cancelled)
        XCTAssertEqual(try store.voiceCallbacks(queueID: nil), [])
        XCTAssertEqual(try store.voiceQueuePlaces(queueID: "vq_1").map(\.callSid), ["CA9", "CA3"])
        XCTAssertEqual(try store.leaveVoiceQueue(callSid: "CA3", result: .answered, agentID: "agt_1", nowMillis: 6_000)?.status, .answered)
        XCTAssertNil(try store.leaveVoiceQueue(callSid: "CA3", result: .abandoned, agentID: nil, nowMillis: 6_500), "late request")
        XCTAssertEqual(try store.leaveVoiceQueue(callSid: "CA9", result: .maxWait, agentID: nil, nowMillis: 7_000)?.status, .maxWait)
        XCTAssertEqual(try store.voiceQueueExit(callSid: "CA9"), .maxWait)
        XCTAssertEqual(try store.voiceQueueExit(callSid: "CA3"), .answered)
    }

    func testCallbackAttemptsRetryAfterTheDelayThenFailAndSurviveARestart() throws {
        let callback = try store.requestVoiceCallback(join(nil, "+15550000001"), policy: VoiceCallbackPolicy(maxAttempts: 2, retryDelaySeconds: 60),
                                                      nowMillis: 1_000)
        XCTAssertEqual(try store.startVoiceCallback(id: callback.id, agentID: "agt_1", nowMillis: 2_000).attempts, 1)
        XCTAssertThrowsError(try store.startVoiceCallback(id: callback.id, agentID: "agt_2", nowMillis: 2_100)) {
            XCTAssertEqual(($0 as? VoiceQueueError).map { if case .conflict = $0 { true } else { false } }, true)
        }
        let retry = try store.finishVoiceCallbackAttempt(id: callback.id, result: .noAnswer, nowMillis: 3_000)
        XCTAssertEqual(retry.status, .callbackWaiting)
        XCTAssertEqual(retry.nextAttemptAt, 63_000)
        XCTAssertEqual(retry.virtualEnqueuedAt, 1_000)
        XCTAssertThrowsError(try store.startVoiceCallback(id: callback.id, agentID: "agt_1", nowMillis: 10_000), "before the retry delay")

        store.close()
        store = try openStore()
        XCTAssertEqual(try store.voiceCallbacks(queueID: "vq_1").map(\.id), [callback.id])
        _ = try store.startVoiceCallback(id: callback.id, agentID: "agt_1", nowMillis: 63_000)
        XCTAssertEqual(try store.finishVoiceCallbackAttempt(id: callback.id, result: .busy, nowMillis: 64_000).status, .failed)
        XCTAssertThrowsError(try store.cancelVoiceCallback(id: callback.id, nowMillis: 65_000))
        XCTAssertThrowsError(try store.requestVoiceCallback(join(nil, "+15550000001"), policy: VoiceCallbackPolicy(maxAttempts: 0, retryDelaySeconds: 60),
                                                            nowMillis: 1)) {
            XCTAssertEqual($0 as? VoiceQueueError, .invalid(field: "max_attempts", "must be from 1 to 10"))
        }
    }

    func testAQueuedCallIsOfferedByTheTeamStrategyToAnAvailableAgentWithSomewhereToRing() throws {
        let team = try store.createTeam(TeamDraft(name: "Phones"))
        var sam = AgentDraft(email: "sam@example.com", name: "Sam")
        sam.availability = .online
        var kim = AgentDraft(email: "kim@example.com", name: "Kim")
        kim.availability = .online
        let samID = try store.createAgent(sam).id, kimID = try store.createAgent(kim).id
        for id in [samID, kimID] { _ = try store.addTeamMember(teamID: team.id, agentID: id) }
        XCTAssertNil(try store.voiceAgentOffer(teamID: team.id, channelInstanceID: "voice-1"), "nobody has a phone")

        _ = try store.setAgentVoiceAddress(agentID: kimID, phone: "+15550002222", sip: nil)
        let offer = try XCTUnwrap(try store.voiceAgentOffer(teamID: team.id, channelInstanceID: "voice-1"))
        XCTAssertEqual(offer.agentID, kimID)
        XCTAssertEqual(offer.dialTarget, "+15550002222")
        _ = try store.setAgentVoiceAddress(agentID: kimID, phone: "+15550002222", sip: "sip:kim@pbx.example.com")
        XCTAssertEqual(try store.voiceAgentOffer(teamID: team.id, channelInstanceID: "voice-1")?.dialTarget, "sip:kim@pbx.example.com")

        var away = AgentChanges()
        away.availability = .away
        _ = try store.updateAgent(id: kimID, away)
        XCTAssertNil(try store.voiceAgentOffer(teamID: team.id, channelInstanceID: "voice-1"), "availability counts")
        XCTAssertThrowsError(try store.setAgentVoiceAddress(agentID: "agt_nobody", phone: nil, sip: nil))
        XCTAssertThrowsError(try store.setAgentVoiceAddress(agentID: kimID, phone: "555", sip: nil))
        XCTAssertEqual(try store.agentVoiceAddress(agentID: kimID), AgentVoiceAddress(phone: "+15550002222", sip: "sip:kim@pbx.example.com"))
    }
}
