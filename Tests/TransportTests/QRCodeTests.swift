import XCTest
import SwitchboardSupport

final class QRCodeTests: XCTestCase {
    /// The three 7×7 finder patterns: a dark ring, a light ring, a dark 3×3 core.
    func testFinderPatternsSitInThreeCorners() throws {
        let code = try XCTUnwrap(QRCode("https://wa.me/15550001111?text=ref%3Aabc"))
        XCTAssertEqual((code.size - 17) % 4, 0, "a QR side is 17 + 4 × version")
        for (top, left) in [(0, 0), (0, code.size - 7), (code.size - 7, 0)] {
            for r in 0..<7 {
                for c in 0..<7 {
                    let ring = max(abs(r - 3), abs(c - 3))
                    XCTAssertEqual(code.isDark(row: top + r, column: left + c), ring != 2, "finder at \(top),\(left) module \(r),\(c)")
                }
            }
        }
    }

    func testLongerTextNeedsALargerCodeAndTooLongIsRefused() throws {
        let short = try XCTUnwrap(QRCode("otpauth://totp/x"))
        let long = try XCTUnwrap(QRCode(String(repeating: "a", count: 600)))
        XCTAssertGreaterThan(long.size, short.size)
        XCTAssertNotEqual(QRCode("otpauth://totp/y")?.modules, short.modules)
        XCTAssertNil(QRCode(String(repeating: "a", count: 5000)))
    }

    func testSVGHasAQuietZoneAndATitle() throws {
        let code = try XCTUnwrap(QRCode("hello"))
        let svg = code.svg(title: "Scan <me>")
        XCTAssertTrue(svg.contains("viewBox=\"0 0 \(code.size + 8) \(code.size + 8)\""), svg)
        XCTAssertTrue(svg.contains("<title>Scan &lt;me&gt;</title>"), svg)
        XCTAssertTrue(svg.contains("M4 4h7v1h-7z"), "the top-left finder's first row starts at the quiet zone")
    }
}
