import Foundation
import SwitchboardDomain
import SwitchboardSupport
import XCTest

/// Per-node counts from calls the store stepped, and saved tests kept with their flow.
final class VoiceFlowStatsStoreTests: StoreTestCase {
    let definition = """
    {"entry": "menu", "settings": {"guardExit": "bye"},
     "nodes": {"menu": {"type": "menu", "params": {"prompt": "1 or 2", "options": [{"exit": "one", "digits": "1"}, {"exit": "two", "digits": "2"}]},
                        "exits": {"one": "bye", "two": "thanks", "no_match": "menu", "timeout": "menu", "max_attempts": "bye"}},
               "thanks": {"type": "say", "params": {"text": "Thanks."}, "exits": {"next": "bye"}},
               "bye": {"type": "hangup"}}}
    """

    func call(_ sid: String, flowID: String, _ inputs: [IVRInput]) throws {
        for (seq, input) in ([IVRInput.callStarted] + inputs).enumerated() {
            _ = try store.stepVoiceCall(VoiceStepRequest(callSID: sid, instanceID: "voice1", seq: seq, input: input, caller: "+15550100",
                                                         conversationID: "cnv_\(sid)"), flowID: flowID, nowMillis: 1_000_000 + Int64(seq))
        }
    }

    func testCountsComeFromEveryStoredCallOfTheFlow() throws {
        let flow = try store.createVoiceFlow(name: "Line", definition: definition)
        _ = try store.publishVoiceRevision(flowID: flow.id, definition: definition, author: "key:test", message: nil)
        try call("CA1", flowID: flow.id, [.digits("1")])
        try call("CA2", flowID: flow.id, [.digits("9"), .digits("2")])
        try call("CA3", flowID: flow.id, [.timeout, .hungUp])
        try call("CA4", flowID: flow.id, [])
        let stats = try store.voiceFlowStats(flowID: flow.id)
        XCTAssertEqual(stats.nodes["menu"], .init(entered: 6, endedHere: 1))
        XCTAssertEqual(stats.nodes["thanks"], .init(entered: 1, endedHere: 0))
        XCTAssertEqual(stats.nodes["bye"], .init(entered: 2, endedHere: 2))
        XCTAssertEqual(stats.edges, ["menu:one": 1, "menu:no_match": 1, "menu:two": 1, "menu:timeout": 1, "thanks:next": 1])
        XCTAssertThrowsError(try store.voiceFlowStats(flowID: "flw_missing"))
    }

    func testSavedTestsGoWithTheirFlow() throws {
        let flow = try store.createVoiceFlow(name: "Line", definition: definition)
        let test = try IVRFlowTest.parse(XCTUnwrap(JSON.parse("""
        {"name": "two thanks", "inputs": [{"kind": "start"}, {"kind": "digits", "digits": "2"}], "expect": {"ended": true}}
        """).objectValue))
        let saved = try store.createVoiceFlowTest(flowID: flow.id, test: test)
        XCTAssertEqual(try store.voiceFlowTests(flowID: flow.id).map(\.test), [test])
        XCTAssertNil(try store.failingVoiceFlowTest(flowID: flow.id, definition: definition, nowMillis: 0))
        let rewired = definition.replacingOccurrences(of: "\"two\": \"thanks\"", with: "\"two\": \"menu\"")
        XCTAssertEqual(try store.failingVoiceFlowTest(flowID: flow.id, definition: rewired, nowMillis: 0)?.test.id, saved.id)
        try store.deleteVoiceFlow(id: flow.id)
        XCTAssertThrowsError(try store.voiceFlowTests(flowID: flow.id))
        XCTAssertThrowsError(try store.createVoiceFlowTest(flowID: "flw_missing", test: test))
    }
}
