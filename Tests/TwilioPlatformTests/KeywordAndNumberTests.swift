import TwilioPlatform
import XCTest

final class KeywordAndNumberTests: XCTestCase {
    func testOptOutWords() {
        for word in ["STOP", "stop", " Stop\n", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"] {
            XCTAssertEqual(ConsentKeyword.classify(body: word, optOutType: nil), .optOut, word)
        }
        for word in ["START", "unstop", "Yes"] { XCTAssertEqual(ConsentKeyword.classify(body: word, optOutType: nil), .optIn, word) }
        for word in ["HELP", "info"] { XCTAssertEqual(ConsentKeyword.classify(body: word, optOutType: nil), .help, word) }
        for text in ["please stop", "STOP IT", "", "stopp"] { XCTAssertNil(ConsentKeyword.classify(body: text, optOutType: nil), text) }
        // Advanced Opt-Out: Twilio says which kind it saw.
        XCTAssertEqual(ConsentKeyword.classify(body: "ARRET", optOutType: "STOP"), .optOut)
        XCTAssertEqual(ConsentKeyword.classify(body: "stop", optOutType: "START"), .optIn)
    }

    func testE164AndMMSRegions() {
        XCTAssertTrue(PhoneNumber.isE164("+14155550100"))
        XCTAssertTrue(PhoneNumber.isE164("+447700900123"))
        for bad in ["14155550100", "+0123456789", "+1415555", "+1415555010012345", "+1 415 555 0100", ""] {
            XCTAssertFalse(PhoneNumber.isE164(bad), bad)
        }
        XCTAssertTrue(PhoneNumber.receivesMMS("+14155550100"))   // US
        XCTAssertTrue(PhoneNumber.receivesMMS("+16045550100"))   // Canada
        XCTAssertTrue(PhoneNumber.receivesMMS("+17875550100"))   // Puerto Rico (US)
        XCTAssertFalse(PhoneNumber.receivesMMS("+18765550100"))  // Jamaica
        XCTAssertFalse(PhoneNumber.receivesMMS("+447700900123")) // UK
    }

    func testErrorMeanings() {
        XCTAssertEqual(TwilioError(httpStatus: 400, code: 21211, message: "The 'To' number x is not a valid phone number.").description,
                       "Twilio 21211 (invalid number): The 'To' number x is not a valid phone number.")
        XCTAssertTrue(TwilioError(httpStatus: 400, code: 21610, message: "").isOptOut)
        XCTAssertFalse(TwilioError(httpStatus: 400, code: 21211, message: "").isTemporary)
        XCTAssertTrue(TwilioError(httpStatus: 503, message: "").isTemporary)
        XCTAssertTrue(TwilioError(httpStatus: 429, code: 20429, message: "").isTemporary)
        XCTAssertEqual(TwilioErrorCode.describe("30003"), "30003 (carrier: unreachable destination handset)")
        XCTAssertEqual(TwilioErrorCode.describe("30008"), "30008 (carrier: unknown error)")
        XCTAssertEqual(TwilioErrorCode.describe("21408"), "21408 (region not enabled for this account)")
    }
}
