import Foundation
import SwitchboardSupport
import XCTest

/// The flow builder's REST through the real host: the simulator walking a flow with "now" and mocks
/// (nothing sent), saved tests that block a publish when they fail, and per-node counts.
final class VoiceBuilderTests: XCTestCase {
    var host: HostProcess!

    override func setUpWithError() throws { host = try HostProcess() }
    override func tearDown() { host?.stop() }

    /// A stored Berlin schedule, then a flow: hours → menu (1: queue, 2: text) with a voicemail after hours.
    func makeFlow() throws -> (id: String, definition: JSON) {
        let schedule = try host.request("POST", "/api/v1/voice/schedules", json: [
            "name": "Office", "time_zone": "Europe/Berlin", "weekly": [["day": "mon", "open": "09:00", "close": "17:00"]],
            "holidays": [["date": "2026-12-28", "name": "Closed"]]])
        XCTAssertEqual(schedule.status, 201, schedule.text)
        let team = try host.addTeam("Phones")
        let queue = try host.request("POST", "/api/v1/voice/queues", json: ["name": "General", "team_id": .string(team), "announce_position": false, "max_wait_seconds": 300])
        XCTAssertEqual(queue.status, 201, queue.text)
        let definition = try XCTUnwrap(JSON.parse("""
        {"schema": "switchboard.ivr/1", "entry": "hours", "settings": {"guardExit": "queue"},
         "nodes": {
          "hours": {"type": "hours_check", "params": {"scheduleId": "\(schedule.json["id"]!.stringValue!)"},
                    "exits": {"open": "menu", "closed": "voicemail", "holiday": "voicemail", "error": "voicemail"}},
          "menu": {"type": "menu", "params": {"prompt": "Support 1, a text 2.", "input": ["dtmf", "speech"],
                   "options": [{"exit": "support", "digits": "1", "phrases": ["support"]}, {"exit": "text_me", "digits": "2"}]},
                   "exits": {"support": "queue", "text_me": "bye", "no_match": "menu", "timeout": "menu", "max_attempts": "queue"}},
          "queue": {"type": "queue", "params": {"queueId": "\(queue.json["id"]!.stringValue!)"}, "exits": {"answered": "bye", "abandoned": "bye", "max_wait": "voicemail"}},
          "voicemail": {"type": "record", "params": {"prompt": "Leave a message."}, "exits": {"recorded": "bye", "no_audio": "bye"}},
          "bye": {"type": "hangup", "params": {"goodbye": "Goodbye."}}},
         "ui": {"nodes": {"hours": {"x": 40, "y": 40}}}}
        """))
        let flow = try host.request("POST", "/api/v1/voice/flows", json: ["name": "Main line", "definition": definition])
        XCTAssertEqual(flow.status, 201, flow.text)
        return (try XCTUnwrap(flow.json["id"]?.stringValue), definition)
    }

    func simulate(_ id: String, _ body: JSON) throws -> (status: Int, json: JSON, text: String) {
        let r = try host.request("POST", "/api/v1/voice/flows/\(id)/simulate", json: body)
        return (r.status, r.json, r.text)
    }

    func testTheSimulatorWalksTheDraftAtTheChosenTimeWithMockedResults() throws {
        let (id, _) = try makeFlow()
        let monday = "2026-03-23T08:30:00Z"  // 09:30 in Berlin
        let start = try simulate(id, ["input": ["kind": "start", "caller": "+15550100"], "now": .string(monday)])
        XCTAssertEqual(start.status, 200, start.text)
        XCTAssertEqual(start.json["node"]?.stringValue, "menu")
        XCTAssertEqual(start.json["ended"], false)
        XCTAssertEqual(start.json["instruction"]?["action"]?["kind"]?.stringValue, "gather")
        XCTAssertEqual(start.json["instruction"]?["action"]?["prompt"]?.stringValue, "Support 1, a text 2.")
        XCTAssertEqual(start.json["path"], ["hours: open"])

        // The state goes back; the queue result is mocked, so the call runs on to its end.
        let state = try XCTUnwrap(start.json["state"])
        let pressed = try simulate(id, ["state": state, "input": ["kind": "speech", "speech": "support please"], "now": .string(monday),
                                        "mocks": ["queue": "max_wait", "recorded": true]])
        XCTAssertEqual(pressed.status, 200, pressed.text)
        XCTAssertEqual(pressed.json["ended"], true)
        XCTAssertEqual(pressed.json["path"], ["hours: open", "menu: \"support please\"", "queue: max_wait", "voicemail: recorded", "bye"])
        XCTAssertEqual(pressed.json["instruction"]?["say"], ["Leave a message.", "Goodbye."])
        let exits = (pressed.json["events"]?.arrayValue ?? []).filter { $0["type"]?.stringValue == "exit_taken" }.compactMap { $0["exit"]?.stringValue }
        XCTAssertEqual(exits, ["support", "max_wait", "recorded"])

        // Without a mock the call waits in the queue for a result input.
        let waiting = try simulate(id, ["state": state, "input": ["kind": "digits", "digits": "1"], "now": .string(monday)])
        XCTAssertEqual(waiting.json["node"]?.stringValue, "queue", waiting.text)
        XCTAssertEqual(waiting.json["instruction"]?["action"]?["kind"]?.stringValue, "enqueue")

        // On a holiday the same draft goes to the voicemail; a posted definition (unsaved edits) is walked instead of the draft.
        let holiday = try simulate(id, ["input": ["kind": "start"], "now": "2026-12-28T10:00:00Z"])
        XCTAssertEqual(holiday.json["path"], ["hours: holiday"], holiday.text)
        XCTAssertEqual(holiday.json["node"]?.stringValue, "voicemail")
        let edited = try simulate(id, ["input": ["kind": "start"], "definition": [
            "entry": "hi", "settings": ["guardExit": "hi"], "nodes": ["hi": ["type": "hangup", "params": ["goodbye": "Edited."]]]]])
        XCTAssertEqual(edited.json["instruction"]?["say"], ["Edited."], edited.text)
        XCTAssertEqual(edited.json["ended"], true)
    }

    func testTheSimulatorRefusesBadInputNamingTheField() throws {
        let (id, _) = try makeFlow()
        let start = try simulate(id, ["input": ["kind": "start"], "now": "2026-03-23T08:30:00Z"])
        let state = try XCTUnwrap(start.json["state"])
        let cases: [(JSON, String)] = [
            (["input": ["kind": "digits", "digits": "1"]], "state"),
            (["input": ["kind": "digits", "digits": "1"], "state": ["steps": 1]], "state"),
            (["input": ["kind": "start"], "state": "yesterday"], "state"),
            (["input": ["kind": "digits", "digits": "1x"], "state": state], "input.digits"),
            (["input": ["kind": "teleport"], "state": state], "input.kind"),
            (["input": ["kind": "timeout", "digits": "1"], "state": state], "input.digits"),
            (["input": ["kind": "queue", "result": "answered"], "state": state], "input"),
            (["input": ["kind": "start", "caller": "555"]], "input.caller"),
            (["input": ["kind": "start"], "now": "next monday"], "now"),
            (["input": ["kind": "start"], "mocks": ["queue": "maybe"]], "mocks.queue"),
            (["input": ["kind": "start"], "mocks": ["sms": "sent"]], "mocks.sms"),
            (["input": ["kind": "start"], "definition": ["entry": "x", "nodes": ["x": ["type": "teleport"]], "settings": ["guardExit": "x"]]], "definition.nodes.x.type"),
            (["input": ["kind": "start"], "definition": ["entry": "x", "nodes": ["x": ["type": "say", "params": ["text": "hi"]]], "settings": ["guardExit": "x"]]], "definition"),
            (["input": ["kind": "start"], "colour": "blue"], "colour"),
            ([:], "input"),
        ]
        for (body, field) in cases {
            let r = try simulate(id, body)
            XCTAssertEqual(r.status, 400, "\(body.serialized): \(r.text)")
            XCTAssertEqual(r.json["field"]?.stringValue, field, "\(body.serialized): \(r.text)")
        }
        XCTAssertEqual(try simulate("flw_missing", ["input": ["kind": "start"]]).status, 404)
        let agent = try host.addAgent("ann")
        XCTAssertEqual(try host.request("POST", "/api/v1/voice/flows/\(id)/simulate", json: ["input": ["kind": "start"]], key: agent.key).status, 403)
    }

    func testASavedTestRunsOnPublishAndAFailingOneBlocksIt() throws {
        let (id, definition) = try makeFlow()
        let test: JSON = ["name": "Press 2 ends the call", "now": "2026-03-23T08:30:00Z",
                          "inputs": [["kind": "start", "caller": "+15550100"], ["kind": "digits", "digits": "2"]],
                          "expect": ["node": .null, "ended": true, "path": ["hours: open", "menu: 2", "bye"]]]
        let saved = try host.request("POST", "/api/v1/voice/flows/\(id)/tests", json: test)
        XCTAssertEqual(saved.status, 201, saved.text)
        let testID = try XCTUnwrap(saved.json["id"]?.stringValue)
        XCTAssertEqual(saved.json["draft_result"]?["passed"], true, saved.text)
        XCTAssertEqual(saved.json["inputs"]?.arrayValue?.count, 2)
        let bad = try host.request("POST", "/api/v1/voice/flows/\(id)/tests", json: ["name": "x", "inputs": [["kind": "digits", "digits": "1"]], "expect": ["ended": true]])
        XCTAssertEqual(bad.status, 400, bad.text)
        XCTAssertEqual(bad.json["field"]?.stringValue, "inputs.0.kind")

        // Option 2 now queues: the test fails on the draft, and the publish is refused naming it.
        var nodes = try XCTUnwrap(definition["nodes"]?.objectValue)
        var menu = try XCTUnwrap(nodes["menu"]?.objectValue)
        var exits = try XCTUnwrap(menu["exits"]?.objectValue)
        exits["text_me"] = "queue"
        menu["exits"] = .object(exits)
        nodes["menu"] = .object(menu)
        var changed = try XCTUnwrap(definition.objectValue)
        changed["nodes"] = .object(nodes)
        XCTAssertEqual(try host.request("PUT", "/api/v1/voice/flows/\(id)/draft", json: ["definition": .object(changed)]).json["validation"]?["valid"], true)
        let listed = try host.request("GET", "/api/v1/voice/flows/\(id)/tests")
        XCTAssertEqual(listed.json["tests"]?.arrayValue?.first?["draft_result"]?["passed"], false, listed.text)
        let refused = try host.request("POST", "/api/v1/voice/flows/\(id)/publish")
        XCTAssertEqual(refused.status, 400, refused.text)
        XCTAssertEqual(refused.json["error"]?.stringValue, "test_failed")
        XCTAssertEqual(refused.json["test_id"]?.stringValue, testID)
        XCTAssertTrue(refused.json["message"]?.stringValue?.contains("Press 2 ends the call") ?? false, refused.text)
        XCTAssertEqual(try host.request("GET", "/api/v1/voice/flows/\(id)/revisions").json["revisions"]?.arrayValue?.count, 0)

        // Back as it was, the test passes and the flow publishes; deleting the test leaves none.
        XCTAssertEqual(try host.request("PUT", "/api/v1/voice/flows/\(id)/draft", json: ["definition": definition]).status, 200)
        XCTAssertEqual(try host.request("POST", "/api/v1/voice/flows/\(id)/publish").status, 201)
        XCTAssertEqual(try host.request("DELETE", "/api/v1/voice/flows/\(id)/tests/\(testID)").status, 204)
        XCTAssertEqual(try host.request("DELETE", "/api/v1/voice/flows/\(id)/tests/\(testID)").status, 404)
        XCTAssertEqual(try host.request("GET", "/api/v1/voice/flows/\(id)/tests").json["tests"], [])
        XCTAssertEqual(try host.request("GET", "/api/v1/voice/flows/flw_missing/tests").status, 404)
    }

    func testStatsOfAFlowWithoutCallsAreEmptyAndAnUnknownFlowIsNotFound() throws {
        let (id, _) = try makeFlow()
        let stats = try host.request("GET", "/api/v1/voice/flows/\(id)/stats")
        XCTAssertEqual(stats.status, 200, stats.text)
        XCTAssertEqual(stats.json, ["nodes": [:], "edges": [:]])
        XCTAssertEqual(try host.request("GET", "/api/v1/voice/flows/flw_missing/stats").status, 404)
    }
}
