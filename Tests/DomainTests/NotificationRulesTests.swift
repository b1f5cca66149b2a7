import SwitchboardDomain
import SwitchboardSupport
import XCTest

/// The pure parts of notifications: parsing rules (the field at fault named), quiet hours in a time zone
/// (across midnight, with daylight saving), and when digests come due.
final class NotificationRulesTests: XCTestCase {
    func field(_ json: JSON) -> String? {
        do { _ = try NotificationRule.parse(json); return nil } catch { if case .invalid(let field, _) = error { return field }; return "?" }
    }

    func testRulesParseAndNameTheFieldAtFault() throws {
        let rules = try NotificationRule.parse([["event": "assigned", "via": ["app", "push", "push"], "while_offline": true],
                                                ["event": "mentioned", "via": ["email"], "digest": "daily"]])
        XCTAssertEqual(rules, [NotificationRule(kind: .assigned, via: [.app, .push], whileOffline: true),
                               NotificationRule(kind: .mentioned, via: [.email], digest: .daily)])
        XCTAssertEqual(field(["nope"]), "rules[0]")
        XCTAssertEqual(field([["event": "assigned", "via": ["app"]], ["event": "coffee", "via": []]]), "rules[1].event")
        XCTAssertEqual(field([["event": "assigned", "via": ["app"]], ["event": "assigned", "via": []]]), "rules[1].event")
        XCTAssertEqual(field([["event": "assigned", "via": ["fax"]]]), "rules[0].via[0]")
        XCTAssertEqual(field([["event": "assigned", "via": [], "digest": "weekly"]]), "rules[0].digest")
        XCTAssertEqual(field([["event": "assigned", "via": [], "colour": "red"]]), "rules[0].colour")
        XCTAssertEqual(field("assigned"), "rules")
    }

    func testQuietHoursAreLocalAndMayWrapMidnight() throws {
        // 2026-07-01 21:30 UTC is 23:30 in Berlin (summer time, +2).
        let summerEvening = try XCTUnwrap(Clock.parseISO8601("2026-07-01T21:30:00Z"))
        let night = NotificationSettings(timeZone: "Europe/Berlin", quietStart: 22 * 60, quietEnd: 7 * 60)
        XCTAssertTrue(night.isQuiet(atMillis: summerEvening))
        XCTAssertFalse(night.isQuiet(atMillis: summerEvening - 2 * 3_600_000), "21:30 in Berlin")
        // 2026-01-15 06:30 UTC is 07:30 in Berlin (winter, +1): after the window.
        XCTAssertFalse(night.isQuiet(atMillis: try XCTUnwrap(Clock.parseISO8601("2026-01-15T06:30:00Z"))))
        XCTAssertTrue(night.isQuiet(atMillis: try XCTUnwrap(Clock.parseISO8601("2026-01-15T05:30:00Z"))))
        let lunch = NotificationSettings(timeZone: "UTC", quietStart: 12 * 60, quietEnd: 13 * 60)
        XCTAssertTrue(lunch.isQuiet(atMillis: try XCTUnwrap(Clock.parseISO8601("2026-01-15T12:59:00Z"))))
        XCTAssertFalse(lunch.isQuiet(atMillis: try XCTUnwrap(Clock.parseISO8601("2026-01-15T13:00:00Z"))))
        XCTAssertFalse(NotificationSettings().isQuiet(atMillis: summerEvening), "no window, never quiet")
        XCTAssertEqual(NotificationSettings.minutes("07:05"), 425)
        XCTAssertNil(NotificationSettings.minutes("7:05"))
        XCTAssertNil(NotificationSettings.minutes("24:00"))
    }

    func testDigestsComeDueOnTheHourAndAtEightLocal() throws {
        let t = try XCTUnwrap(Clock.parseISO8601("2026-07-01T21:30:00Z"))
        XCTAssertEqual(NotificationSchedule.nextDigest(.hourly, after: t, timeZone: "UTC"), try XCTUnwrap(Clock.parseISO8601("2026-07-01T22:00:00Z")))
        // 23:30 in Berlin: the next 08:00 there is 06:00 UTC the next day.
        XCTAssertEqual(NotificationSchedule.nextDigest(.daily, after: t, timeZone: "Europe/Berlin"), try XCTUnwrap(Clock.parseISO8601("2026-07-02T06:00:00Z")))
        XCTAssertEqual(NotificationSchedule.nextDigest(.daily, after: t, timeZone: "America/New_York"), try XCTUnwrap(Clock.parseISO8601("2026-07-02T12:00:00Z")))
        XCTAssertNil(NotificationSchedule.nextDigest(.none, after: t, timeZone: "UTC"))
    }
}
