import Foundation
import SwitchboardSupport
import SwitchboardTransport
import XCTest

/// IVR flows, schedules and queues through the real host's REST API: drafts, every validation
/// rule reaching the caller, publish, revisions, rollback, and the references that keep what calls use.
final class VoiceFlowRESTTests: XCTestCase {
    var host: HostProcess!
    var gateway: FakeProvider!

    override func setUpWithError() throws {
        gateway = try FakeProvider { _ in .json(201, ["id": "rl_1", "status": "queued"]) }
        host = try HostProcess()
        try host.putCredential("gw-token", "gw-token")
        try host.putCredential("gw-inbound", "inbound-secret")
        // Relay is an SMS-kind channel: send_sms and route_to_channel may name it.
        try host.addChannel("sms1", plugin: "relay", config: [
            "gateway_url": .string(gateway.baseURL), "token_credential": "gw-token",
            "inbound_secret_credential": "gw-inbound", "sender": "+15550000000"])
    }

    override func tearDown() {
        host?.stop()
        gateway?.stop()
    }

    func created(_ path: String, _ body: JSON) throws -> JSON {
        let r = try host.request("POST", path, json: body)
        XCTAssertEqual(r.status, 201, r.text)
        return r.json
    }

    /// A stored schedule (Berlin office hours) and a queue of a new team: their ids.
    func references() throws -> (schedule: String, queue: String) {
        let schedule = try created("/api/v1/voice/schedules", [
            "name": "Support hours", "time_zone": "Europe/Berlin",
            "weekly": [["day": "mon", "open": "09:00", "close": "17:00"], ["day": "fri", "open": "22:00", "close": "02:00"]],
            "holidays": [["date": "2026-12-25", "name": "Christmas"], ["date": "2026-12-24", "name": "Christmas Eve", "open": "09:00", "close": "12:00"]]])
        let team = try host.addTeam("Phones")
        let queue = try created("/api/v1/voice/queues", ["name": "General", "team_id": .string(team), "announce_position": true,
                                                         "max_wait_seconds": 300, "hold_prompt": "Please hold."])
        return (try XCTUnwrap(schedule["id"]?.stringValue), try XCTUnwrap(queue["id"]?.stringValue))
    }

    /// A valid flow through hours, a menu, a queue, a text through sms1 and a voicemail; `edit` breaks it.
    func definition(schedule: String, queue: String, _ edit: (inout JSONObject) -> Void = { _ in }) throws -> JSON {
        var nodes = try XCTUnwrap(JSON.parse("""
        {
          "welcome": { "type": "say", "params": { "text": "Welcome." }, "exits": { "next": "hours" } },
          "hours": { "type": "hours_check", "params": { "scheduleId": "\(schedule)" },
                     "exits": { "open": "menu", "closed": "voicemail", "holiday": "voicemail", "error": "menu" } },
          "menu": { "type": "menu", "params": { "prompt": "Support 1, a text 2.", "maxAttempts": 3,
                                                 "options": [ { "exit": "support", "digits": "1" }, { "exit": "text_me", "digits": "2" } ] },
                    "exits": { "support": "queue", "text_me": "sms_link", "no_match": "menu", "timeout": "menu", "max_attempts": "queue" } },
          "queue": { "type": "queue", "params": { "queueId": "\(queue)" }, "exits": { "answered": "bye", "abandoned": "bye", "max_wait": "voicemail" } },
          "sms_link": { "type": "send_sms", "params": { "instance": "sms1", "text": "Your link" }, "exits": { "sent": "bye", "failed": "queue" } },
          "voicemail": { "type": "record", "params": { "prompt": "Leave a message." }, "exits": { "recorded": "bye", "no_audio": "bye" } },
          "bye": { "type": "hangup", "params": { "goodbye": "Goodbye." } }
        }
        """).objectValue)
        edit(&nodes)
        return ["schema": "switchboard.ivr/1", "entry": "welcome", "settings": ["guardExit": "queue"], "nodes": .object(nodes),
                "layout": ["nodes": ["menu": ["x": 10, "y": 20]]]]
    }

    func problems(_ report: JSON) -> [String] {
        (report["problems"]?.arrayValue ?? []).map { p in
            [p["severity"]?.stringValue, p["code"]?.stringValue, p["node"]?.stringValue, p["exit"]?.stringValue].map { $0 ?? "-" }.joined(separator: " ")
        }
    }

    func testADraftIsSavedInvalidButPublishesOnlyOnceEveryRuleHolds() throws {
        let (schedule, queue) = try references()
        let flow = try created("/api/v1/voice/flows", ["name": "Main line"])
        let id = try XCTUnwrap(flow["id"]?.stringValue)
        XCTAssertTrue(id.hasPrefix("flw_"))
        XCTAssertEqual(flow["published_revision"], .null)
        XCTAssertEqual(flow["draft"]?["entry"]?.stringValue, "goodbye", "a new flow's draft says goodbye")

        // Every rule broken at once: the draft is stored anyway (autosave), and publishing lists each error.
        let broken = try definition(schedule: schedule, queue: queue) { nodes in
            nodes["menu"] = .object(nodes["menu"]!.objectValue!.setting("exits", ["support": "queue", "text_me": "sms_link", "no_match": "menu",
                                                                                  "max_attempts": "queue"]))
            nodes["hours"] = ["type": "hours_check", "params": ["scheduleId": "sch_missing"],
                              "exits": ["open": "menu", "closed": "voicemail", "holiday": "voicemail", "error": "menu"]]
            nodes["loop_a"] = ["type": "say", "params": ["text": "A"], "exits": ["next": "loop_b"]]
            nodes["loop_b"] = ["type": "say", "params": ["text": "B"], "exits": ["next": "loop_a"]]
            nodes["wrong_q"] = ["type": "queue", "params": ["queueId": "vqu_missing"], "exits": ["answered": "bye", "abandoned": "bye", "max_wait": "bye"]]
            nodes["bot"] = ["type": "ai_agent", "params": ["stackId": "no-such-stack"],
                            "exits": ["resolved": "bye", "human": "bye", "timeout": "bye", "error": "bye"]]
            nodes["text_nowhere"] = ["type": "send_sms", "params": ["instance": "sms-missing", "text": "hi"], "exits": ["sent": "bye", "failed": "bye"]]
        }
        let saved = try host.request("PUT", "/api/v1/voice/flows/\(id)/draft", json: ["definition": broken])
        XCTAssertEqual(saved.status, 200, saved.text)
        XCTAssertEqual(saved.json["validation"]?["valid"], false)
        XCTAssertEqual(saved.json["flow"]?["draft"]?["layout"]?["nodes"]?["menu"]?["x"]?.intValue, 10, "layout is kept as given")
        let refused = try host.request("POST", "/api/v1/voice/flows/\(id)/publish", json: ["message": "first try"])
        XCTAssertEqual(refused.status, 400, refused.text)
        XCTAssertEqual(refused.json["error"]?.stringValue, "invalid_flow")
        let listed = Set(problems(refused.json))
        for expected in ["error exit_unwired menu timeout", "error reference_missing hours -", "error no_ending loop_a -", "error no_ending loop_b -",
                         "error unbounded_loop loop_a -", "error reference_missing wrong_q -", "error reference_missing bot -",
                         "error reference_missing text_nowhere -"] {
            XCTAssertTrue(listed.contains(expected), "\(expected) missing from \(listed)")
        }
        XCTAssertFalse(listed.contains { $0.hasPrefix("warning") }, "publish lists errors only")
        XCTAssertEqual(try host.request("GET", "/api/v1/voice/flows/\(id)/revisions").json["revisions"]?.arrayValue?.count, 0)

        // Validate checks a given definition without storing it; warnings (unreachable nodes) do not block.
        let unreachable = try definition(schedule: schedule, queue: queue) { nodes in
            nodes["orphan"] = ["type": "hangup"]
        }
        let report = try host.request("POST", "/api/v1/voice/flows/\(id)/validate", json: ["definition": unreachable])
        XCTAssertEqual(report.status, 200, report.text)
        XCTAssertEqual(report.json["valid"], true, report.text)
        XCTAssertEqual(problems(report.json), ["warning unreachable orphan -"])
        XCTAssertEqual(try host.request("POST", "/api/v1/voice/flows/\(id)/validate").json["valid"], false, "default: the stored draft")

        // A definition that does not parse names the node and field.
        let unparsable = try definition(schedule: schedule, queue: queue) { nodes in nodes["bye"] = ["type": "teleport"] }
        let parsed = try host.request("POST", "/api/v1/voice/flows/\(id)/validate", json: ["definition": unparsable])
        XCTAssertEqual(problems(parsed.json), ["error invalid_definition bye -"], parsed.text)
        XCTAssertTrue(parsed.json["problems"]?.arrayValue?.first?["message"]?.stringValue?.contains("nodes.bye.type") ?? false, parsed.text)

        // Fixed, published twice, rolled back.
        XCTAssertEqual(try host.request("PUT", "/api/v1/voice/flows/\(id)/draft",
                                        json: ["definition": try definition(schedule: schedule, queue: queue)]).json["validation"]?["valid"], true)
        let first = try host.request("POST", "/api/v1/voice/flows/\(id)/publish", json: ["message": "hours and menu"])
        XCTAssertEqual(first.status, 201, first.text)
        XCTAssertEqual(first.json["number"]?.intValue, 1)
        XCTAssertEqual(first.json["message"]?.stringValue, "hours and menu")
        XCTAssertEqual(first.json["author"]?.stringValue?.hasPrefix("key:"), true)
        XCTAssertEqual(first.json["sha256"]?.stringValue?.count, 64)
        let second = try host.request("POST", "/api/v1/voice/flows/\(id)/publish")
        XCTAssertEqual(second.json["number"]?.intValue, 2, second.text)
        XCTAssertEqual(second.json["message"], .null)
        XCTAssertEqual(try host.request("GET", "/api/v1/voice/flows/\(id)").json["published_revision"]?.intValue, 2)
        let revisions = try host.request("GET", "/api/v1/voice/flows/\(id)/revisions").json["revisions"]?.arrayValue ?? []
        XCTAssertEqual(revisions.map { $0["number"]?.intValue }, [2, 1], "newest first")
        XCTAssertEqual(try host.request("GET", "/api/v1/voice/flows/\(id)/revisions/1").json["definition"]?["entry"]?.stringValue, "welcome")
        XCTAssertEqual(try host.request("GET", "/api/v1/voice/flows/\(id)/revisions/3").status, 404)
        let rolled = try host.request("POST", "/api/v1/voice/flows/\(id)/rollback", json: ["revision": 1])
        XCTAssertEqual(rolled.status, 200, rolled.text)
        XCTAssertEqual(rolled.json["published_revision"]?.intValue, 1)
        XCTAssertEqual(try host.request("GET", "/api/v1/voice/flows/\(id)/revisions").json["revisions"]?.arrayValue?.count, 2, "nothing edited")
        let noSuch = try host.request("POST", "/api/v1/voice/flows/\(id)/rollback", json: ["revision": 9])
        XCTAssertEqual(noSuch.status, 400)
        XCTAssertEqual(noSuch.json["field"]?.stringValue, "revision")

        // What a published flow uses cannot be deleted under it.
        XCTAssertEqual(try host.request("DELETE", "/api/v1/voice/schedules/\(schedule)").status, 409)
        XCTAssertEqual(try host.request("DELETE", "/api/v1/voice/queues/\(queue)").status, 409)
        XCTAssertEqual(try host.request("DELETE", "/api/v1/voice/flows/\(id)").status, 204)
        XCTAssertEqual(try host.request("GET", "/api/v1/voice/flows/\(id)").status, 404)
        XCTAssertEqual(try host.request("DELETE", "/api/v1/voice/schedules/\(schedule)").status, 204)
        XCTAssertEqual(try host.request("DELETE", "/api/v1/voice/queues/\(queue)").status, 204)
    }

    func testAnUnknownTimeZoneIsRefusedNamingIt() throws {
        let r = try host.request("POST", "/api/v1/voice/schedules", json: ["name": "Mars office", "time_zone": "Mars/Olympus_Mons"])
        XCTAssertEqual(r.status, 400, r.text)
        XCTAssertEqual(r.json["field"]?.stringValue, "time_zone")
        XCTAssertTrue(r.json["message"]?.stringValue?.contains("Mars/Olympus_Mons") ?? false, r.text)
        for fixed in ["+01:00", "GMT+1"] {
            XCTAssertEqual(try host.request("POST", "/api/v1/voice/schedules", json: ["name": "x", "time_zone": .string(fixed)]).json["field"]?.stringValue,
                           "time_zone", fixed)
        }
        // Inside a flow's own schedules, validation names the zone too.
        let flow = try created("/api/v1/voice/flows", ["name": "Inline hours", "definition": [
            "entry": "hours", "settings": ["guardExit": "bye"],
            "schedules": ["office": ["timeZone": "Mars/Olympus_Mons", "weekly": [["days": ["mon"], "open": "09:00", "close": "17:00"]]]],
            "nodes": ["hours": ["type": "hours_check", "params": ["scheduleId": "office"],
                                "exits": ["open": "bye", "closed": "bye", "holiday": "bye", "error": "bye"]],
                      "bye": ["type": "hangup"]]]])
        let report = try host.request("POST", "/api/v1/voice/flows/\(flow["id"]!.stringValue!)/validate")
        XCTAssertEqual(problems(report.json), ["error time_zone_unknown hours -"], report.text)
        XCTAssertTrue(report.json["problems"]?.arrayValue?.first?["message"]?.stringValue?.contains("Mars/Olympus_Mons") ?? false)
    }

    func testSchedulesAndQueuesRefuseBadFieldsByName() throws {
        let cases: [(JSON, String)] = [
            (["time_zone": "UTC"], "name"),
            (["name": " padded", "time_zone": "UTC"], "name"),
            (["name": "a", "time_zone": "UTC", "weekly": [["day": "monday", "open": "09:00", "close": "17:00"]]], "weekly.0.day"),
            (["name": "a", "time_zone": "UTC", "weekly": [["day": "mon", "open": "9:00", "close": "17:00"]]], "weekly.0.open"),
            (["name": "a", "time_zone": "UTC", "weekly": [["day": "mon", "open": "09:00", "close": "24:00"]]], "weekly.0.close"),
            (["name": "a", "time_zone": "UTC", "holidays": [["date": "2026-13-01", "name": "x"]]], "holidays.0.date"),
            (["name": "a", "time_zone": "UTC", "holidays": [["date": "2026-12-01", "name": "x", "open": "10:00"]]], "holidays.0.close"),
            (["name": "a", "time_zone": "UTC", "holidays": [["date": "2026-12-01", "name": "x", "open": "10:00", "close": "09:00"]]], "holidays.0.close"),
            (["name": "a", "time_zone": "UTC", "weekly": "mon"], "weekly"),
        ]
        for (body, field) in cases {
            let r = try host.request("POST", "/api/v1/voice/schedules", json: body)
            XCTAssertEqual(r.status, 400, "\(body): \(r.text)")
            XCTAssertEqual(r.json["field"]?.stringValue, field, r.text)
        }
        let team = try host.addTeam("Phones")
        let queueCases: [(JSON, String)] = [
            (["name": "q", "team_id": "team_missing"], "team_id"),
            (["name": "q"], "team_id"),
            (["name": "q", "team_id": .string(team), "max_wait_seconds": 5], "max_wait_seconds"),
            (["name": "q", "team_id": .string(team), "hold_music_url": "ftp://x/y.mp3"], "hold_music_url"),
            (["name": "q", "team_id": .string(team), "announce_position": "yes"], "announce_position"),
        ]
        for (body, field) in queueCases {
            let r = try host.request("POST", "/api/v1/voice/queues", json: body)
            XCTAssertEqual(r.status, 400, "\(body): \(r.text)")
            XCTAssertEqual(r.json["field"]?.stringValue, field, r.text)
        }
        XCTAssertEqual(try host.request("GET", "/api/v1/voice/queues").json["queues"]?.arrayValue?.count, 0, "nothing stored")
        XCTAssertEqual(try host.request("GET", "/api/v1/voice/schedules").json["schedules"]?.arrayValue?.count, 0, "nothing stored")

        // PUT replaces every field; reads are open to any agent, writes are not.
        let queue = try created("/api/v1/voice/queues", ["name": "q", "team_id": .string(team), "hold_prompt": "Hold on."])
        let qid = try XCTUnwrap(queue["id"]?.stringValue)
        XCTAssertEqual(queue["max_wait_seconds"]?.intValue, 600)
        let replaced = try host.request("PUT", "/api/v1/voice/queues/\(qid)", json: ["name": "Billing", "team_id": .string(team), "max_wait_seconds": 120])
        XCTAssertEqual(replaced.status, 200, replaced.text)
        XCTAssertEqual(replaced.json["hold_prompt"], .null)
        XCTAssertEqual(replaced.json["max_wait_seconds"]?.intValue, 120)
        let agent = try host.addAgent("amy")
        XCTAssertEqual(try host.request("GET", "/api/v1/voice/queues/\(qid)", key: agent.key).json["name"]?.stringValue, "Billing")
        XCTAssertEqual(try host.request("POST", "/api/v1/voice/flows", json: ["name": "x"], key: agent.key).status, 403)
        XCTAssertEqual(try host.request("PUT", "/api/v1/voice/queues/qu_missing", json: ["name": "x", "team_id": .string(team)]).status, 404)
        XCTAssertEqual(try host.request("POST", "/api/v1/voice/flows", json: ["name": "x", "definition": [1, 2]]).json["field"]?.stringValue, "definition")
        XCTAssertEqual(try host.request("PUT", "/api/v1/voice/flows/flw_missing/draft", json: ["definition": [:]]).status, 404)
    }
}

private extension JSONObject {
    func setting(_ key: String, _ value: JSON) -> JSONObject {
        var copy = self
        copy[key] = value
        return copy
    }
}
