import SwitchboardDomain
import SwitchboardSupport
import XCTest

/// Service-level time counted in business hours: across closed nights, hours past midnight, DST
/// changes and holidays, and the time left when a clock pauses.
final class SLABusinessHoursTests: XCTestCase {
    func policy(_ hours: JSONObject?, first: Int = 60) throws -> SLAPolicy {
        var body: JSONObject = ["name": "test", "first_response_minutes": .from(first)]
        if let hours { body["business_hours"] = .object(hours) }
        return try SLAPolicy.parse(body, id: "sla_t", createdAt: 0, updatedAt: 0, defaultPosition: 10)
    }

    func schedule(_ zone: String, _ days: [String], _ open: String, _ close: String, holidays: [String] = []) throws -> IVRSchedule {
        let hours: JSONObject = ["timeZone": .string(zone), "holidays": .array(holidays.map(JSON.string)),
                                 "weekly": [["days": .array(days.map(JSON.string)), "open": .string(open), "close": .string(close)]]]
        return try XCTUnwrap(try policy(hours).businessHours)
    }

    func at(_ text: String) -> Int64 { Clock.parseISO8601(text)! }
    func iso(_ millis: Int64?) -> String? { millis.map(Clock.iso8601) }
    let hour: Int64 = 3_600_000
    let weekdays = ["mon", "tue", "wed", "thu", "fri"]

    func testTimeRunsOnlyWhileOpenAndOverTheWeekend() throws {
        let office = try schedule("UTC", weekdays, "09:00", "17:00")
        // Friday 16:00 + 2 business hours: one on Friday, one on Monday from 09:00.
        XCTAssertEqual(iso(office.addingBusinessTime(2 * hour, to: at("2026-12-04T16:00:00Z"))), "2026-12-07T10:00:00.000Z")
        // Received at night: counting starts at opening.
        XCTAssertEqual(iso(office.addingBusinessTime(hour / 2, to: at("2026-12-08T02:00:00Z"))), "2026-12-08T09:30:00.000Z")
        // Exactly the hours left in the day end at closing, not the next morning.
        XCTAssertEqual(iso(office.addingBusinessTime(hour, to: at("2026-12-08T16:00:00Z"))), "2026-12-08T17:00:00.000Z")
        XCTAssertEqual(office.businessTime(from: at("2026-12-04T16:00:00Z"), to: at("2026-12-07T10:00:00Z")), 2 * hour)
        XCTAssertEqual(office.businessTime(from: at("2026-12-07T10:00:00Z"), to: at("2026-12-04T16:00:00Z")), -2 * hour)
    }

    func testHoursPastMidnightCountOnBothDates() throws {
        let night = try schedule("UTC", ["mon"], "22:00", "02:00")
        // Monday 23:00 + 2 h: 1 h before midnight and 1 h after, on Tuesday.
        XCTAssertEqual(iso(night.addingBusinessTime(2 * hour, to: at("2026-12-07T23:00:00Z"))), "2026-12-08T01:00:00.000Z")
        // 3.5 h from Monday 23:00: the 3 h left that night, then the next Monday's shift.
        XCTAssertEqual(iso(night.addingBusinessTime(7 * hour / 2, to: at("2026-12-07T23:00:00Z"))), "2026-12-14T22:30:00.000Z")
        // A holiday on the Tuesday closes the part after midnight only.
        let holiday = try schedule("UTC", ["mon"], "22:00", "02:00", holidays: ["2026-12-08"])
        XCTAssertEqual(iso(holiday.addingBusinessTime(2 * hour, to: at("2026-12-07T23:00:00Z"))), "2026-12-14T23:00:00.000Z")
    }

    func testWallClockHoursHoldAcrossDSTChanges() throws {
        let berlin = try schedule("Europe/Berlin", weekdays, "09:00", "17:00")
        // Friday 27 March 2026 16:00 CET (15:00Z) + 2 h: 1 h on Friday, then Monday 30 March 10:00 CEST (08:00Z).
        XCTAssertEqual(iso(berlin.addingBusinessTime(2 * hour, to: at("2026-03-27T15:00:00Z"))), "2026-03-30T08:00:00.000Z")
        // Back to CET: Friday 23 October 16:00 CEST (14:00Z) + 2 h ends Monday 26 October 10:00 CET (09:00Z).
        XCTAssertEqual(iso(berlin.addingBusinessTime(2 * hour, to: at("2026-10-23T14:00:00Z"))), "2026-10-26T09:00:00.000Z")
        // A whole working week is 40 hours whichever side of the change it falls on.
        XCTAssertEqual(berlin.businessTime(from: at("2026-03-23T00:00:00Z"), to: at("2026-03-30T00:00:00Z")), 40 * hour)
        XCTAssertEqual(berlin.businessTime(from: at("2026-03-30T00:00:00Z"), to: at("2026-04-06T00:00:00Z")), 40 * hour)
        // Open all day on the day the clocks go forward: 23 hours of it.
        let always = try schedule("Europe/Berlin", ["sun"], "00:00", "00:00")
        XCTAssertEqual(always.businessTime(from: at("2026-03-28T00:00:00Z"), to: at("2026-03-30T00:00:00Z")), 23 * hour)
    }

    func testNothingToCountIsDueAtOnce() throws {
        let closed = try schedule("UTC", ["mon"], "09:00", "17:00", holidays: [])
        XCTAssertEqual(closed.addingBusinessTime(0, to: at("2026-12-08T03:00:00Z")), at("2026-12-08T03:00:00Z"))
    }

    func testAPauseKeepsTheCountedTimeLeft() throws {
        let p = try policy(["timeZone": "UTC", "weekly": [["days": .array(weekdays.map(JSON.string)), "open": "09:00", "close": "17:00"]]])
        let office = try XCTUnwrap(p.businessHours)
        // Due Monday 12:00; snoozed Friday 16:00 → 1 h (Friday) + 3 h (Monday) left.
        let left = try XCTUnwrap(office.businessTime(from: at("2026-12-04T16:00:00Z"), to: at("2026-12-07T12:00:00Z")))
        XCTAssertEqual(left, 4 * hour)
        // Woken Tuesday 16:00: 1 h that day, 3 h on Wednesday.
        XCTAssertEqual(iso(office.addingBusinessTime(left, to: at("2026-12-08T16:00:00Z"))), "2026-12-09T12:00:00.000Z")
    }

    func testPolicyFieldsAreCheckedAndNamed() throws {
        func refusal(_ body: JSONObject) -> String? {
            do { _ = try SLAPolicy.parse(body, id: "x", createdAt: 0, updatedAt: 0, defaultPosition: 0); return nil } catch {
                if case .invalid(let field, _) = error { return field }
                return "\(error)"
            }
        }
        XCTAssertEqual(refusal(["first_response_minutes": 5]), "name")
        XCTAssertEqual(refusal(["name": "n"]), "first_response_minutes")
        XCTAssertEqual(refusal(["name": "n", "first_response_minutes": 0]), "first_response_minutes")
        XCTAssertEqual(refusal(["name": "n", "next_response_minutes": 1.5]), "next_response_minutes")
        XCTAssertEqual(refusal(["name": "n", "first_response_minutes": 5, "colour": "red"]), "colour")
        XCTAssertEqual(refusal(["name": "n", "first_response_minutes": 5, "business_hours": ["timeZone": "Mars/Olympus", "weekly": [["days": ["mon"], "open": "09:00", "close": "17:00"]]]]),
                       "business_hours.timeZone")
        XCTAssertEqual(refusal(["name": "n", "first_response_minutes": 5, "business_hours": ["timeZone": "UTC", "weekly": [["days": ["mon"], "open": "9", "close": "17:00"]]]]),
                       "business_hours.weekly.0.open")
        XCTAssertEqual(refusal(["name": "n", "first_response_minutes": 5, "business_hours": ["timeZone": "UTC", "weekly": []]]), "business_hours.weekly")
        XCTAssertEqual(refusal(["name": "n", "first_response_minutes": 5, "conditions": ["colour": ["red"]]]), "conditions.colour")
        XCTAssertNil(refusal(["name": "n", "first_response_minutes": 5, "conditions": ["plugin_ids": ["relay"]], "team_ids": ["t1"]]))
    }
}
