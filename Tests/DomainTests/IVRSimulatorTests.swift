import Foundation
import SwitchboardDomain
import SwitchboardSupport
import XCTest

/// The editor's simulator (the engine with mocked provider results) and the per-node counts read
/// back from call paths.
final class IVRSimulatorTests: XCTestCase {
    let open = IVRFixtures.at("2026-03-23T08:30:00Z")  // Monday 09:30 in Berlin

    func testMockedQueueResultMovesTheCallOnToTheEnd() throws {
        let flow = try IVRFixtures.flow()
        let mocks = IVRMocks(queue: .maxWait, recorded: true)
        let first = try IVRSimulator.step(flow: flow, state: nil, input: .callStarted, caller: "+15550100", nowMillis: open, mocks: mocks)
        XCTAssertEqual(first.state.waitingAt, "menu")
        XCTAssertEqual(first.state.revision, IVRSimulator.revision)
        let second = try IVRSimulator.step(flow: flow, state: first.state, input: .digits("1"), caller: nil, nowMillis: open, mocks: mocks)
        XCTAssertTrue(second.state.ended)
        XCTAssertEqual(second.state.pathSummary, "welcome: next → hours: open → menu: 1 → billing_q: max_wait → voicemail: recorded → bye")
        XCTAssertEqual(second.instruction, IVRInstruction(say: ["Please leave a message.", "Goodbye."], action: .hangUp))
        XCTAssertEqual(second.state.variables["recording_url"], IVRSimulator.recordingURL)
    }

    func testUnmockedWaitStopsAndCapturesTheTextWithoutSendingIt() throws {
        let flow = try IVRFixtures.flow()
        let first = try IVRSimulator.step(flow: flow, state: nil, input: .callStarted, caller: "+15550100", nowMillis: open, mocks: IVRMocks())
        let text = try IVRSimulator.step(flow: flow, state: first.state, input: .speech("send me a link"), caller: nil, nowMillis: open, mocks: IVRMocks())
        XCTAssertTrue(text.events.contains(.smsRequested(instance: "sms-main", to: "+15550100", text: "Your link: https://example.com/help")))
        let billing = try IVRSimulator.step(flow: flow, state: first.state, input: .digits("1"), caller: nil, nowMillis: open, mocks: IVRMocks())
        XCTAssertEqual(billing.instruction.action, .enqueue(queueID: "billing", maxWaitSeconds: 300, offersCallback: true))
        XCTAssertEqual(billing.state.waitingAt, "billing_q")
    }

    func testAStateOfAnotherRevisionIsRefused() throws {
        let flow = try IVRFixtures.flow()
        let foreign = IVRCallState(revision: 3, caller: nil, startedAtMillis: open)
        XCTAssertThrowsError(try IVRSimulator.step(flow: flow, state: foreign, input: .timeout, caller: nil, nowMillis: open, mocks: IVRMocks()))
    }

    func testStatsCountEntriesExitsAndWhereCallsEnded() throws {
        let flow = try IVRFixtures.flow()
        var stats = IVRFlowStats()
        stats.add(path: ["welcome: next", "hours: open", "menu: 2", "sms_link: sent", "bye_text"], ended: true, flow: flow)
        stats.add(path: ["welcome: next", "hours: open", "menu: no match (\"weather\")", "menu: \"billing please\""], ended: true, flow: flow)
        stats.add(path: ["welcome: next", "hours: closed", "voicemail: no audio", "bye"], ended: true, flow: flow)
        stats.add(path: ["welcome: next", "hours: open"], ended: false, flow: flow)
        XCTAssertEqual(stats.nodes["welcome"], .init(entered: 4, endedHere: 0))
        XCTAssertEqual(stats.nodes["menu"], .init(entered: 4, endedHere: 0))
        XCTAssertEqual(stats.nodes["bye_text"], .init(entered: 1, endedHere: 1))
        XCTAssertEqual(stats.nodes["billing_q"], .init(entered: 1, endedHere: 1), "the caller hung up while queued")
        XCTAssertEqual(stats.edges["menu:no_match"], 1)
        XCTAssertEqual(stats.edges["menu:billing"], 1)
        XCTAssertEqual(stats.edges["menu:text_me"], 1)
        XCTAssertEqual(stats.edges["voicemail:no_audio"], 1)
        XCTAssertEqual(stats.edges["hours:open"], 3)
    }

    func testGuardTripCountsTheGuardNodeInsteadOfTheOneNotEntered() throws {
        let flow = try IVRFixtures.flow()
        var stats = IVRFlowStats()
        stats.add(path: ["welcome: next", "hours: open", "menu: timeout", "guard: duration"], ended: true, flow: flow)
        XCTAssertEqual(stats.nodes["menu"]?.entered, 1)
        XCTAssertEqual(stats.nodes["general_q"], .init(entered: 1, endedHere: 1))
    }
}

/// Saved flow tests: read from their JSON, run on a flow, failing with what went differently.
final class IVRFlowTestTests: XCTestCase {
    func test(_ json: String) throws -> IVRFlowTest {
        try IVRFlowTest.parse(XCTUnwrap(JSON.parse(json).objectValue))
    }

    func testAWalkSavedAsATestPassesAndFailsOnceTheFlowChanges() throws {
        let saved = try test("""
        {"name": "text me", "now": "2026-03-23T08:30:00Z", "mocks": {"queue": "answered"},
         "inputs": [{"kind": "start", "caller": "+15550100"}, {"kind": "digits", "digits": "2"}],
         "expect": {"node": null, "ended": true, "path": ["welcome: next", "hours: open", "menu: 2", "sms_link: sent", "bye_text"]}}
        """)
        XCTAssertNil(saved.failure(on: try IVRFixtures.flow(), nowMillis: 0))
        let rewired = try IVRFixtures.flow { $0.replacingOccurrences(of: "\"text_me\": \"sms_link\"", with: "\"text_me\": \"general_q\"") }
        XCTAssertEqual(saved.failure(on: rewired, nowMillis: 0),
                       "the path was welcome: next → hours: open → menu: 2 → general_q: answered → bye, not welcome: next → hours: open → menu: 2 → sms_link: sent → bye_text")
        XCTAssertEqual(try IVRFlowTest.parse(XCTUnwrap(saved.json.objectValue)), saved, "what is stored reads back the same")
    }

    func testBadTestsAreRefusedNamingTheField() throws {
        func refusal(_ json: String) -> String? {
            do { _ = try test(json); return nil } catch let error as IVRFlowError { return error.field } catch { return "\(error)" }
        }
        let expect = "\"expect\": {\"node\": null, \"ended\": true}"
        XCTAssertEqual(refusal("{\"name\": \"x\", \"inputs\": [{\"kind\": \"digits\", \"digits\": \"1\"}], \(expect)}"), "inputs.0.kind")
        XCTAssertEqual(refusal("{\"name\": \"x\", \"inputs\": [{\"kind\": \"start\"}, {\"kind\": \"digits\", \"digits\": \"1a\"}], \(expect)}"), "inputs.1.digits")
        XCTAssertEqual(refusal("{\"name\": \"x\", \"inputs\": [{\"kind\": \"start\"}, {\"kind\": \"queue\", \"result\": \"maybe\"}], \(expect)}"), "inputs.1.result")
        XCTAssertEqual(refusal("{\"name\": \"x\", \"inputs\": [{\"kind\": \"start\"}, {\"kind\": \"timeout\", \"digits\": \"1\"}], \(expect)}"), "inputs.1.digits")
        XCTAssertEqual(refusal("{\"name\": \"x\", \"inputs\": [{\"kind\": \"start\", \"digits\": \"1\"}], \(expect)}"), "inputs.0.digits")
        XCTAssertEqual(refusal("{\"name\": \"x\", \"now\": \"tomorrow\", \"inputs\": [{\"kind\": \"start\"}], \(expect)}"), "now")
        XCTAssertEqual(refusal("{\"name\": \"x\", \"mocks\": {\"sms\": true}, \"inputs\": [{\"kind\": \"start\"}], \(expect)}"), "mocks.sms")
        XCTAssertEqual(refusal("{\"name\": \"x\", \"inputs\": [{\"kind\": \"start\"}], \"expect\": {\"node\": null}}"), "expect.ended")
    }
}
