import Foundation
import SwitchboardSupport
import SwitchboardTransport
import XCTest

/// Service-level policies through the real host: due times in business hours, a pause while
/// snoozed, a team policy applied once routing placed the conversation, and the sweep's
/// `sla.at_risk` / `sla.missed` events, once each.
final class SLATests: XCTestCase {
    var host: HostProcess!

    override func setUpWithError() throws { host = try HostProcess.withAPIChannel() }

    override func tearDown() { host?.stop() }

    func customer(_ external: String, _ text: String) throws -> String { try host.customerWrites(external, text) }

    func policy(_ body: JSON) throws -> String {
        let r = try host.request("POST", "/api/v1/sla/policies", json: body)
        XCTAssertEqual(r.status, 201, r.text)
        return try XCTUnwrap(r.json["id"]?.stringValue)
    }

    func sla(_ conversation: String) throws -> JSON { try host.request("GET", "/api/v1/conversations/\(conversation)").json["sla"] ?? .null }
    func millis(_ value: JSON?) -> Int64? { value?.stringValue.flatMap(Clock.parseISO8601) }

    func testBusinessHoursDueTimesPauseWhileSnoozedAndAnAnswerStopsTheClock() throws {
        // Open around the clock in UTC except today, a holiday: every answer is due after midnight.
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let midnight = (now / 86_400_000 + 1) * 86_400_000
        guard midnight - now > 60_000 else { throw XCTSkip("too close to midnight UTC for a holiday today") }
        let today = String(Clock.iso8601(now).prefix(10))
        let everyDay: JSON = ["days": ["sun", "mon", "tue", "wed", "thu", "fri", "sat"], "open": "00:00", "close": "00:00"]
        let office = try policy(["name": "Office hours", "first_response_minutes": 60, "next_response_minutes": 30, "at_risk_minutes": 10,
                                 "business_hours": ["timeZone": "UTC", "weekly": [everyDay], "holidays": [.string(today)]]])
        let listed = try host.request("GET", "/api/v1/sla/policies").json["policies"]?.arrayValue ?? []
        XCTAssertEqual(listed.first?["business_hours"]?["holidays"], [.string(today)])

        let id = try customer("c-1", "My parcel never came")
        var status = try sla(id)
        XCTAssertEqual(status["policy_id"]?.stringValue, office)
        XCTAssertEqual(status["target"], "first_response")
        XCTAssertEqual(status["state"], "ok")
        XCTAssertEqual(millis(status["due_at"]), midnight + 3_600_000, "an hour of open time after the holiday ends: \(status)")
        XCTAssertEqual(try host.request("GET", "/api/v1/conversations/\(id)").json["response_due_at"], status["due_at"])

        // Snoozed: no due time, the counted time left is kept; awake again, it counts on from then.
        let snoozed = try host.request("POST", "/api/v1/conversations/\(id)/snooze", json: ["seconds": 3600])
        XCTAssertEqual(snoozed.status, 200, snoozed.text)
        status = try sla(id)
        XCTAssertEqual(status["paused"], true)
        XCTAssertEqual(status["due_at"], .null)
        XCTAssertEqual(status["remaining_seconds"]?.intValue, 3600)
        XCTAssertEqual(try host.request("GET", "/api/v1/inbox?due=any").json["items"]?.arrayValue?.count, 0, "a paused clock is not due")
        XCTAssertEqual(try host.request("POST", "/api/v1/conversations/\(id)/reopen").status, 200)
        status = try sla(id)
        XCTAssertEqual(status["paused"], false)
        XCTAssertEqual(millis(status["due_at"]), midnight + 3_600_000)

        // An answer stops it; the customer writing again owes the next response, 30 minutes of open time.
        XCTAssertEqual(try host.request("POST", "/api/v1/conversations/\(id)/messages", json: ["text": "Looking into it"]).status, 202)
        _ = try host.eventually("the answer to stop the clock") { try sla(id) == .null ? true : nil }
        _ = try customer("c-1", "Any news?")
        status = try sla(id)
        XCTAssertEqual(status["target"], "next_response")
        XCTAssertEqual(millis(status["due_at"]), midnight + 1_800_000)

        // Bad definitions name their field and change nothing.
        for (body, field): (JSON, String) in [
            (["name": "x", "first_response_minutes": 5, "team_ids": ["team_missing"]], "team_ids.0"),
            (["name": "x", "first_response_minutes": 5, "business_hours": ["timeZone": "Mars/Olympus", "weekly": [everyDay]]], "business_hours.timeZone"),
            (["name": "x", "first_response_minutes": 0], "first_response_minutes"),
            (["name": "x"], "first_response_minutes"),
            (["first_response_minutes": 5], "name"),
        ] {
            let r = try host.request("POST", "/api/v1/sla/policies", json: body)
            XCTAssertEqual(r.status, 400, r.text)
            XCTAssertEqual(r.json["field"]?.stringValue, field, r.text)
        }
        XCTAssertEqual(try host.request("GET", "/api/v1/sla/policies").json["policies"]?.arrayValue?.count, 1)
        XCTAssertEqual(try host.request("PUT", "/api/v1/sla/policies/sla_missing", json: ["name": "x", "first_response_minutes": 5]).status, 404)
    }

    func testATeamPolicyTimesTheConversationOnceRoutingPlacedIt() throws {
        let team = try host.addTeam("Support", isDefault: true)
        let teamPolicy = try policy(["name": "Support team", "first_response_minutes": 120, "team_ids": [.string(team)]])
        let sent = Int64(Date().timeIntervalSince1970 * 1000)
        let id = try customer("c-2", "Hello?")
        let status = try host.eventually("routing to give it the team's policy") { () -> JSON? in
            let s = try sla(id)
            return s["policy_id"]?.stringValue == teamPolicy ? s : Optional<JSON>.none
        }
        let due = try XCTUnwrap(millis(status["due_at"]), "\(status)")
        XCTAssertTrue((sent + 7_200_000 - 2000...sent + 7_200_000 + 10_000).contains(due), "two hours after the message: \(status)")
    }

    func testAtRiskThenMissedAreAnnouncedOnceEachOnTheFeed() throws {
        let urgent = try policy(["name": "Fast", "first_response_minutes": 1, "at_risk_minutes": 1])
        let id = try customer("c-3", "Urgent!")
        // One minute left from the start: at risk at once, announced by the sweep.
        _ = try host.eventually("sla.at_risk") { try sla(id)["state"]?.stringValue == "at_risk" ? true : nil }
        // As if the minute had passed.
        let past = Int64(Date().timeIntervalSince1970 * 1000) - 1000
        try host.sql("UPDATE conversations SET response_due_at = \(past), sla_alert_at = \(past) WHERE id = '\(id)'")
        _ = try host.eventually("sla.missed") { try sla(id)["state"]?.stringValue == "missed" ? true : nil }
        Thread.sleep(forTimeInterval: 1.5)  // more sweeps: nothing is announced twice
        let events = try host.request("GET", "/api/v1/events?types=sla.at_risk,sla.missed").json["events"]?.arrayValue ?? []
        XCTAssertEqual(events.compactMap { $0["type"]?.stringValue }, ["sla.at_risk", "sla.missed"])
        XCTAssertEqual(events.last?["conversation_id"]?.stringValue, id)
        XCTAssertEqual(events.last?["data"]?["target"], "first_response")
        XCTAssertEqual(events.last?["data"]?["policy_id"]?.stringValue, urgent)
        // The inbox puts it first among those due and lists it as overdue.
        let overdue = try host.request("GET", "/api/v1/inbox?due=overdue").json["items"]?.arrayValue ?? []
        XCTAssertEqual(overdue.compactMap { $0["id"]?.stringValue }, [id])
        XCTAssertEqual(overdue.first?["sla"]?["state"], "missed")
    }
}
