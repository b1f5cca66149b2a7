import TwilioPlatform
import XCTest

/// Segment counting (GSM-7, its extension table, UCS-2) and the 1,600-character split.
final class SegmentTests: XCTestCase {
    func testGSM7SingleAndConcatenated() {
        XCTAssertEqual(SMSSegments.count("").segments, 0)
        let full = SMSSegments.count(String(repeating: "a", count: 160))
        XCTAssertEqual([full.units, full.segments], [160, 1])
        XCTAssertEqual(full.encoding, .gsm7)
        XCTAssertNil(full.firstNonGSM)
        XCTAssertEqual(SMSSegments.count(String(repeating: "a", count: 161)).segments, 2)
        XCTAssertEqual(SMSSegments.count(String(repeating: "a", count: 306)).segments, 2)
        XCTAssertEqual(SMSSegments.count(String(repeating: "a", count: 307)).segments, 3)
        // The whole default alphabet is GSM-7, accents included.
        let s = SMSSegments.count("Hé, ça coûte 5€? Ñandú @ £10 ¿vale? ÄÖÜäöüß")
        XCTAssertEqual(s.encoding, .ucs2, "ç, û and ú are not in GSM 03.38")
        XCTAssertEqual(s.firstNonGSM?.character, "ç")
        XCTAssertEqual(s.firstNonGSM?.offset, 4)
        XCTAssertEqual(SMSSegments.count("Hé! Ñoño @ £10 ¿vale? ÄÖÜäöüß ù").encoding, .gsm7)
    }

    func testExtensionCharactersCountTwo() {
        let s = SMSSegments.count("^{}\\[~]|€")
        XCTAssertEqual(s.encoding, .gsm7)
        XCTAssertEqual(s.units, 18)
        // 80 braces = 160 septets: one message. 81 = 162: two parts.
        XCTAssertEqual(SMSSegments.count(String(repeating: "{", count: 80)).segments, 1)
        XCTAssertEqual(SMSSegments.count(String(repeating: "{", count: 81)).segments, 2)
        // An escape pair never straddles parts: 152 letters then "€" fills part one to 152, the
        // euro (2) would make 154 > 153, so it opens part two.
        XCTAssertEqual(SMSSegments.count(String(repeating: "a", count: 152) + "€" + String(repeating: "a", count: 152)).segments, 3)
        XCTAssertEqual(SMSSegments.count(String(repeating: "a", count: 151) + "€" + String(repeating: "a", count: 153)).segments, 2)
    }

    func testOneNonGSMCharacterSwitchesEverythingToUCS2() {
        let text = String(repeating: "a", count: 69) + "😀"
        let s = SMSSegments.count(text)
        XCTAssertEqual(s.encoding, .ucs2)
        XCTAssertEqual(s.units, 71)
        XCTAssertEqual(s.segments, 2)
        XCTAssertEqual(s.firstNonGSM?.character, "😀")
        XCTAssertEqual(s.firstNonGSM?.offset, 69)
        XCTAssertEqual(SMSSegments.count(String(repeating: "ж", count: 70)).segments, 1)
        XCTAssertEqual(SMSSegments.count(String(repeating: "ж", count: 71)).segments, 2)
        XCTAssertEqual(SMSSegments.count(String(repeating: "ж", count: 134)).segments, 2)
        XCTAssertEqual(SMSSegments.count(String(repeating: "ж", count: 135)).segments, 3)
        // A surrogate pair is not split: 66 units + an emoji (2) → the emoji opens part two.
        XCTAssertEqual(SMSSegments.count(String(repeating: "ж", count: 66) + "😀" + String(repeating: "ж", count: 66)).segments, 3)
    }

    func testTextUpTo1600IsOneMessage() {
        let text = String(repeating: "word ", count: 320).trimmingCharacters()
        XCTAssertEqual(text.utf16.count, 1_599)
        XCTAssertEqual(SMSTextSplit.split(text), [text])
    }

    func testLongerTextSplitsAtWordBoundaries() {
        let words = (0..<400).map { "word\($0)" }
        let text = words.joined(separator: " ")
        let parts = SMSTextSplit.split(text)
        XCTAssertGreaterThan(parts.count, 1)
        for part in parts { XCTAssertLessThanOrEqual(part.utf16.count, 1_600) }
        XCTAssertEqual(parts.joined(separator: " "), text, "nothing lost, no word cut")
        for part in parts { XCTAssertFalse(part.hasPrefix(" ") || part.hasSuffix(" ")) }
    }

    func testAWordLongerThanAMessageIsCut() {
        let text = String(repeating: "x", count: 1_700)
        let parts = SMSTextSplit.split(text)
        XCTAssertEqual(parts.map(\.count), [1_600, 100])
    }
}

private extension String {
    func trimmingCharacters() -> String { String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()) }
}
