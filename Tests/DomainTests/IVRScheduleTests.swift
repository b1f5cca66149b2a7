import SwitchboardDomain
import XCTest

/// Hours of operation read on the zone's wall clock: DST changes, past-midnight hours, holidays.
final class IVRScheduleTests: XCTestCase {
    func schedule(_ zone: String, _ days: [String], _ open: String, _ close: String, holidays: [String] = []) throws -> IVRSchedule {
        let json = """
        { "entry": "bye", "settings": { "guardExit": "bye" }, "nodes": { "bye": { "type": "hangup" } },
          "schedules": { "s": { "timeZone": "\(zone)", "holidays": [\(holidays.map { "\"\($0)\"" }.joined(separator: ","))],
                                "weekly": [ { "days": [\(days.map { "\"\($0)\"" }.joined(separator: ","))], "open": "\(open)", "close": "\(close)" } ] } } }
        """
        return try XCTUnwrap(try IVRFlow.parse(json).schedules["s"])
    }

    func status(_ schedule: IVRSchedule, _ utc: String) -> IVRScheduleStatus? { schedule.status(atMillis: IVRFixtures.at(utc)) }

    func testBerlinOfficeHoursFollowTheClockAcrossBothDSTChanges() throws {
        let office = try schedule("Europe/Berlin", ["mon", "tue", "wed", "thu", "fri"], "09:00", "17:00")
        // Before the spring change Berlin is UTC+1, after it UTC+2 (29 March 2026).
        XCTAssertEqual(status(office, "2026-03-23T07:30:00Z"), .closed, "08:30 CET")
        XCTAssertEqual(status(office, "2026-03-23T08:30:00Z"), .open, "09:30 CET")
        XCTAssertEqual(status(office, "2026-03-30T07:30:00Z"), .open, "09:30 CEST; a fixed +01:00 would read 08:30")
        XCTAssertEqual(status(office, "2026-03-30T15:30:00Z"), .closed, "17:30 CEST; a fixed +01:00 would read 16:30")
        // Back to UTC+1 after 25 October 2026.
        XCTAssertEqual(status(office, "2026-10-23T07:30:00Z"), .open, "09:30 CEST")
        XCTAssertEqual(status(office, "2026-10-26T07:30:00Z"), .closed, "08:30 CET")
        XCTAssertEqual(status(office, "2026-10-26T15:30:00Z"), .open, "16:30 CET")
    }

    func testHoursOnTheDayOfTheChangeItself() throws {
        // Berlin skips 02:00–03:00 on 29 March 2026: 01:00 UTC is already 03:00 CEST.
        let berlin = try schedule("Europe/Berlin", ["sun"], "03:00", "04:00")
        XCTAssertEqual(status(berlin, "2026-03-29T00:59:00Z"), .closed, "01:59 CET")
        XCTAssertEqual(status(berlin, "2026-03-29T01:00:00Z"), .open, "03:00 CEST")
        XCTAssertEqual(status(berlin, "2026-03-29T02:00:00Z"), .closed, "04:00 CEST")
        // New York repeats 01:00–02:00 on 1 November 2026: both readings are open, 02:00 EST is not.
        let newYork = try schedule("America/New_York", ["sun"], "01:00", "02:00")
        XCTAssertEqual(status(newYork, "2026-11-01T05:30:00Z"), .open, "01:30 EDT")
        XCTAssertEqual(status(newYork, "2026-11-01T06:30:00Z"), .open, "01:30 EST")
        XCTAssertEqual(status(newYork, "2026-11-01T07:00:00Z"), .closed, "02:00 EST")
        // New York springs forward on 8 March 2026: 07:30 UTC is 03:30 EDT, 08:30 UTC 04:30 EDT.
        let spring = try schedule("America/New_York", ["sun"], "01:00", "04:00")
        XCTAssertEqual(status(spring, "2026-03-08T06:30:00Z"), .open, "01:30 EST")
        XCTAssertEqual(status(spring, "2026-03-08T07:30:00Z"), .open, "03:30 EDT")
        XCTAssertEqual(status(spring, "2026-03-08T08:30:00Z"), .closed, "04:30 EDT; a fixed -05:00 would read 03:30")
    }

    func testHoursThatPassMidnightBelongToTheDayTheyOpen() throws {
        // Friday 4 December 2026, Berlin (UTC+1): open Friday 22:00 until Saturday 02:00.
        let night = try schedule("Europe/Berlin", ["fri"], "22:00", "02:00")
        XCTAssertEqual(status(night, "2026-12-04T20:30:00Z"), .closed, "Friday 21:30")
        XCTAssertEqual(status(night, "2026-12-04T22:30:00Z"), .open, "Friday 23:30")
        XCTAssertEqual(status(night, "2026-12-05T00:30:00Z"), .open, "Saturday 01:30, still Friday's hours")
        XCTAssertEqual(status(night, "2026-12-05T01:30:00Z"), .closed, "Saturday 02:30")
        XCTAssertEqual(status(night, "2026-12-03T00:30:00Z"), .closed, "Thursday 01:30: Wednesday has no hours")
        // Saturday night into Sunday crosses the week's end.
        let weekend = try schedule("Europe/Berlin", ["sat"], "23:00", "01:00")
        XCTAssertEqual(status(weekend, "2026-12-05T23:30:00Z"), .open, "Sunday 00:30")
        XCTAssertEqual(status(weekend, "2026-12-06T00:30:00Z"), .closed, "Sunday 01:30")
    }

    func testHolidaysAreDatesInTheSchedulesZone() throws {
        let office = try schedule("Europe/Berlin", ["thu", "fri"], "00:00", "23:59", holidays: ["2026-12-25"])
        XCTAssertEqual(status(office, "2026-12-24T22:30:00Z"), .open, "Thursday the 24th, 23:30 in Berlin")
        XCTAssertEqual(status(office, "2026-12-24T23:30:00Z"), .holiday, "already the 25th in Berlin, still the 24th in UTC")
        XCTAssertEqual(status(office, "2026-12-25T12:00:00Z"), .holiday)
        XCTAssertEqual(status(office, "2026-12-26T00:30:00Z"), .closed, "Saturday the 26th has no hours")
    }

    func testAnUnknownZoneHasNoStatus() throws {
        XCTAssertNil(status(try schedule("Mars/Olympus_Mons", ["mon"], "09:00", "17:00"), "2026-03-23T08:30:00Z"))
    }
}
