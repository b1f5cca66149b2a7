@testable import SwitchboardTransport
import XCTest

final class DueCheckTests: XCTestCase {
    func testLooksAtOnceThenAtTheDueTimeOrWithinASecond() {
        var check = DueCheck()
        XCTAssertTrue(check.isDue(now: 0), "a new check looks at once")

        check.looked(now: 10_000, found: false, nextDueAt: 10_300)
        XCTAssertFalse(check.isDue(now: 10_299))
        XCTAssertTrue(check.isDue(now: 10_300))
        XCTAssertEqual(check.waitMs(now: 10_100, limit: 1_000), 200)

        check.looked(now: 20_000, found: false, nextDueAt: nil)
        XCTAssertFalse(check.isDue(now: 20_999), "nothing waits: the next look is a second later")
        XCTAssertTrue(check.isDue(now: 21_000))
        XCTAssertEqual(check.waitMs(now: 20_000, limit: 5_000), 1_000)

        check.looked(now: 30_000, found: false, nextDueAt: 90_000)
        XCTAssertTrue(check.isDue(now: 31_000), "a far due time still gets a look every second")

        check.looked(now: 40_000, found: false, nextDueAt: nil)
        check.expectRows()
        XCTAssertTrue(check.isDue(now: 40_001), "rows queued meanwhile: look at once")

        check.looked(now: 50_000, found: true, nextDueAt: 50_000)
        XCTAssertTrue(check.isDue(now: 50_000), "rows found: more may be due")
        XCTAssertEqual(check.waitMs(now: 50_000, limit: 1_000), 5, "never a busy loop")
    }
}
