import Foundation
import SwitchboardCommon
import TwilioPlatform
import XCTest

/// The cases in segment_cases.json, which the web app's composer counter
/// (Host/Web/app/js/sms-segments.js) is held to in the browser test: the two counts stay one.
final class SegmentCaseTests: XCTestCase {
    func testEveryCaseCountsAsTheFileSays() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("segment_cases.json").path
        let cases = try XCTUnwrap(try JSON.parse(String(contentsOfFile: path, encoding: .utf8)).arrayValue)
        XCTAssertGreaterThan(cases.count, 15)
        for entry in cases {
            let name = entry["name"]?.stringValue ?? "?"
            let counted = SMSSegments.count(try XCTUnwrap(entry["text"]?.stringValue))
            XCTAssertEqual(counted.encoding.rawValue, entry["encoding"]?.stringValue, name)
            XCTAssertEqual(counted.units, entry["units"]?.intValue, name)
            XCTAssertEqual(counted.segments, entry["segments"]?.intValue, name)
            XCTAssertEqual(counted.firstNonGSM.map { String($0.character) }, entry["first_non_gsm"]?.stringValue, name)
            XCTAssertEqual(counted.firstNonGSM?.offset, entry["offset"]?.intValue, name)
        }
    }
}
