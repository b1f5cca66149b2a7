import SwitchboardDomain
import SwitchboardSupport
import XCTest

/// Stored schedules as the engine reads them: weekly hours, holidays, special hours on a holiday,
/// and the fields a request gives refused by name.
final class VoiceScheduleTests: XCTestCase {
    func fields(_ json: String) throws -> VoiceScheduleFields {
        try VoiceScheduleFields.parse(try XCTUnwrap(JSON.parse(json).objectValue))
    }

    func testSpecialHoursOpenAHolidayOnlyWithinThem() throws {
        let parsed = try fields("""
        { "name": "Shop", "time_zone": "America/New_York",
          "weekly": [ { "day": "thu", "open": "09:00", "close": "17:00" }, { "day": "fri", "open": "22:00", "close": "02:00" } ],
          "holidays": [ { "date": "2026-12-24", "name": "Christmas Eve", "open": "09:00", "close": "12:00" },
                        { "date": "2026-12-31", "name": "New Year's Eve" } ] }
        """)
        let schedule = VoiceSchedule(id: "sch_1", fields: parsed, createdAt: 0, updatedAt: 0).ivrSchedule
        func at(_ utc: String) -> IVRScheduleStatus? { schedule.status(atMillis: Clock.parseISO8601(utc)!) }
        XCTAssertEqual(at("2026-12-24T15:00:00Z"), .open, "10:00 EST on Christmas Eve (a Thursday): special hours")
        XCTAssertEqual(at("2026-12-24T18:00:00Z"), .holiday, "13:00 EST: after the special hours, a holiday")
        XCTAssertEqual(at("2026-12-31T15:00:00Z"), .holiday, "a Thursday, closed all day")
        XCTAssertEqual(at("2026-12-17T15:00:00Z"), .open, "an ordinary Thursday")
        XCTAssertEqual(at("2026-12-19T06:30:00Z"), .open, "01:30 EST on Saturday: Friday's hours run past midnight")
    }

    func testRefusalsNameTheField() throws {
        let cases = [
            (#"{"name": "a", "time_zone": "Europe/Atlantis"}"#, "time_zone"),
            (#"{"name": "a", "time_zone": "UTC+1"}"#, "time_zone"),
            (#"{"name": "a", "time_zone": "UTC", "holidays": [{"date": "2026-12-24", "name": "x"}, {"date": "2026-12-24", "name": "y"}]}"#,
             "holidays.1.date"),
            (#"{"name": "a", "time_zone": "UTC", "weekly": [{"day": "mon", "open": "+9:00", "close": "17:00"}]}"#, "weekly.0.open"),
        ]
        for (json, field) in cases {
            XCTAssertThrowsError(try fields(json), json) { error in
                guard case VoiceError.invalidField(let named, _) = error else { return XCTFail("\(error)") }
                XCTAssertEqual(named, field, json)
            }
        }
    }
}
