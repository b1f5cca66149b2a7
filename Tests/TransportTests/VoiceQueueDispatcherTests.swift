import Foundation
import SwitchboardDomain
import SwitchboardSupport
@testable import SwitchboardTransport
import XCTest

/// The host connecting waiting callers to free agents, against a real store and a recording dialer.
final class VoiceQueueDispatcherTests: XCTestCase {
    final class RecordingDialer: VoiceAgentDialer, @unchecked Sendable {
        let lock = NSLock()
        var dialled: [VoiceQueueDispatch.Action] = []
        var refuse = false
        func dial(_ action: VoiceQueueDispatch.Action) throws {
            lock.lock()
            defer { lock.unlock() }
            if refuse { throw HostError("provider refused") }
            dialled.append(action)
        }
    }

    struct HostError: Error { let message: String; init(_ m: String) { message = m } }

    var directory: String!
    var store: Store!
    var dialer: RecordingDialer!
    var dispatcher: VoiceQueueDispatcher!
    var queueID: String!
    var kim: String!

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "voice-dispatch-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        store = try Store(location: try TestStoreLocation.at(directory))
        dialer = RecordingDialer()
        dispatcher = VoiceQueueDispatcher(store: store, dialer: dialer, log: Logger("test", minimum: .error))
        let team = try store.createTeam(TeamDraft(name: "Phones"))
        var draft = AgentDraft(email: "kim@example.com", name: "Kim")
        draft.availability = .online
        kim = try store.createAgent(draft).id
        _ = try store.addTeamMember(teamID: team.id, agentID: kim)
        _ = try store.setAgentVoiceAddress(agentID: kim, phone: "+15550002222", sip: nil)
        queueID = try store.createVoiceQueue(try VoiceQueueFields.parse(["name": "Support", "team_id": .string(team.id)])).id
    }

    override func tearDown() {
        store.close()
        try? FileManager.default.removeItem(atPath: directory)
    }

    func join(_ sid: String?, _ number: String) -> VoiceQueueJoin {
        VoiceQueueJoin(queueID: queueID, callSid: sid, number: number, calledNumber: "+15559990000", conversationID: nil)
    }

    func testAnEarlierCallbackGoesFirstAgentFirstThenTheLiveCallerOnceTheAgentIsFreeAgain() throws {
        let callback = try store.requestVoiceCallback(join(nil, "+15550000001"), nowMillis: 1_000)
        let live = try store.enqueueVoiceCall(join("CA2", "+15550000002"), nowMillis: 2_000)
        XCTAssertEqual(try dispatcher.dispatch(nowMillis: 3_000),
                       [.callBack(entryID: callback.id, agentID: kim, agentTarget: "+15550002222", customer: "+15550000001", from: "+15559990000")])
        XCTAssertEqual(try dispatcher.dispatch(nowMillis: 3_500), [], "Kim is being rung: nobody else to offer")
        _ = try store.finishVoiceCallbackAttempt(id: callback.id, result: .completed, nowMillis: 4_000)
        XCTAssertEqual(try dispatcher.dispatch(nowMillis: 5_000), [.bridge(entryID: live.id, callSid: "CA2", agentID: kim, dialTarget: "+15550002222")])
        XCTAssertEqual(try dispatcher.dispatch(nowMillis: 5_500), [], "the live caller is offered once")
        XCTAssertEqual(try store.leaveVoiceQueue(callSid: "CA2", result: .answered, agentID: kim, nowMillis: 6_000)?.agentID, kim)
    }

    func testARefusedDialGivesThePlaceBack() throws {
        let live = try store.enqueueVoiceCall(join("CA1", "+15550000001"), nowMillis: 1_000)
        dialer.refuse = true
        XCTAssertEqual(try dispatcher.dispatch(nowMillis: 2_000), [])
        XCTAssertNil(try store.voiceQueueEntry(id: live.id)?.agentID)
        dialer.refuse = false
        XCTAssertEqual(try dispatcher.dispatch(nowMillis: 3_000).count, 1)

        let callback = try store.requestVoiceCallback(join(nil, "+15550000003"), policy: VoiceCallbackPolicy(maxAttempts: 2, retryDelaySeconds: 60),
                                                      nowMillis: 500)
        try store.withdrawVoiceOffer(id: live.id, nowMillis: 3_100)
        dialer.refuse = true
        XCTAssertEqual(try dispatcher.dispatch(nowMillis: 4_000), [])
        let after = try XCTUnwrap(try store.voiceQueueEntry(id: callback.id))
        XCTAssertEqual(after.attempts, 1)
        XCTAssertEqual(after.status, .callbackWaiting)
        XCTAssertEqual(after.nextAttemptAt, 64_000, "retried after the delay, in the same place")
    }

    func testNobodyIsRungWhenTheAgentIsAwayOrHasNoPhone() throws {
        _ = try store.enqueueVoiceCall(join("CA1", "+15550000001"), nowMillis: 1_000)
        _ = try store.setAgentVoiceAddress(agentID: kim, phone: nil, sip: nil)
        XCTAssertEqual(try dispatcher.dispatch(nowMillis: 2_000), [])
        _ = try store.setAgentVoiceAddress(agentID: kim, phone: nil, sip: "sip:kim@pbx.example.com")
        var away = AgentChanges()
        away.availability = .away
        _ = try store.updateAgent(id: kim, away)
        XCTAssertEqual(try dispatcher.dispatch(nowMillis: 3_000), [])
        XCTAssertTrue(dialer.dialled.isEmpty)
    }
}
