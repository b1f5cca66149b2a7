import SwitchboardDomain
import XCTest

/// What a caller on hold hears, when they leave the queue, and what a free agent is sent to.
final class VoiceHoldTests: XCTestCase {
    let settings = VoiceHoldSettings(holdPrompt: "Please hold.", holdMusicURL: "https://music.example/hold.mp3", announcePosition: true,
                                     maxWaitSeconds: 300, offersCallback: true)

    func testHoldAnnouncesThePositionAndOffersACallback() {
        XCTAssertEqual(VoiceHold.answer(settings, position: 3, waitedSeconds: 10, pressed: nil),
                       .hold(say: ["Please hold.", "You are number 3 in line.", VoiceHold.callbackOffer],
                             musicURL: "https://music.example/hold.mp3", listensForCallback: true))
        XCTAssertEqual(VoiceHold.answer(settings, position: 1, waitedSeconds: 10, pressed: "5"),
                       .hold(say: ["Please hold.", "You are next in line.", VoiceHold.callbackOffer],
                             musicURL: "https://music.example/hold.mp3", listensForCallback: true))
        var quiet = settings
        quiet.announcePosition = false
        quiet.offersCallback = false
        quiet.holdPrompt = nil
        XCTAssertEqual(VoiceHold.answer(quiet, position: 3, waitedSeconds: 10, pressed: "*"),
                       .hold(say: [VoiceHold.defaultPrompt], musicURL: "https://music.example/hold.mp3", listensForCallback: false),
                       "no callback offered: star does nothing")
    }

    func testStarAsksForACallbackAndTheMaximumWaitLeavesByItsExit() {
        guard case .leave(.callbackRequested, _) = VoiceHold.answer(settings, position: 2, waitedSeconds: 10, pressed: "*") else {
            return XCTFail("star asks for a callback")
        }
        XCTAssertEqual(VoiceHold.answer(settings, position: 2, waitedSeconds: 300, pressed: nil), .leave(.maxWait, say: []))
        XCTAssertEqual(VoiceHold.answer(settings, position: 2, waitedSeconds: 299, pressed: nil),
                       .hold(say: ["Please hold.", "You are number 2 in line.", VoiceHold.callbackOffer],
                             musicURL: "https://music.example/hold.mp3", listensForCallback: true))
    }

    func entry(_ id: String, _ status: VoiceQueueEntryStatus, at: Int64, sid: String?) -> VoiceQueueEntry {
        VoiceQueueEntry(id: id, queueID: "q", status: status, callSid: sid, number: "+1555000\(id)", calledNumber: "+15559990000",
                        conversationID: nil, virtualEnqueuedAt: at, attempts: 0, maxAttempts: 3, retryDelaySeconds: 60, nextAttemptAt: nil,
                        agentID: nil, scheduleID: "hours", createdAt: at, updatedAt: at)
    }

    func testAFreeAgentIsSentToTheFirstInLineCallbacksAgentFirst() {
        let places = [entry("0002", .waiting, at: 2_000, sid: "CA2"), entry("0001", .callbackWaiting, at: 1_000, sid: "CA1")]
        let offer = (agentID: "agt_kim", dialTarget: "+15550002222")
        XCTAssertEqual(VoiceQueueDispatch.next(places, nowMillis: 5_000, scheduleOpen: { _ in true }, offer: offer),
                       .callBack(entryID: "0001", agentID: "agt_kim", agentTarget: "+15550002222", customer: "+15550000001", from: "+15559990000"))
        XCTAssertEqual(VoiceQueueDispatch.next(places, nowMillis: 5_000, scheduleOpen: { _ in false }, offer: offer),
                       .bridge(entryID: "0002", callSid: "CA2", agentID: "agt_kim", dialTarget: "+15550002222"))
        XCTAssertNil(VoiceQueueDispatch.next(places, nowMillis: 5_000, scheduleOpen: { _ in true }, offer: nil))
        XCTAssertNil(VoiceQueueDispatch.next([], nowMillis: 5_000, scheduleOpen: { _ in true }, offer: offer))
    }
}
