import SwitchboardDomain
import SwitchboardSupport
import XCTest

/// RFC 6238 appendix B's SHA-1 vectors (the last six of its eight digits), base32 (RFC 4648), and
/// the store's one-use rule.
final class TOTPTests: StoreTestCase {
    let rfcSecret = Array("12345678901234567890".utf8)

    func testRFC6238Vectors() {
        for (seconds, code) in [(59, "287082"), (1_111_111_109, "081804"), (1_111_111_111, "050471"), (1_234_567_890, "005924"),
                                (2_000_000_000, "279037"), (20_000_000_000, "353130")] as [(Int64, String)] {
            XCTAssertEqual(TOTP.code(secret: rfcSecret, step: TOTP.step(at: seconds * 1000)), code, "T = \(seconds)")
        }
    }

    func testDriftIsOneStepEitherWay() {
        let now: Int64 = 1_111_111_109_000
        let step = TOTP.step(at: now)
        XCTAssertEqual(TOTP.matchingStep(TOTP.code(secret: rfcSecret, step: step - 1), secret: rfcSecret, now: now), step - 1)
        XCTAssertEqual(TOTP.matchingStep(TOTP.code(secret: rfcSecret, step: step + 1), secret: rfcSecret, now: now), step + 1)
        XCTAssertNil(TOTP.matchingStep(TOTP.code(secret: rfcSecret, step: step + 2), secret: rfcSecret, now: now))
        XCTAssertNil(TOTP.matchingStep(TOTP.code(secret: rfcSecret, step: step - 2), secret: rfcSecret, now: now))
        XCTAssertNil(TOTP.matchingStep("12a456", secret: rfcSecret, now: now))
    }

    func testBase32RoundTrip() {
        XCTAssertEqual(Base32.encode(Array("foobar".utf8)), "MZXW6YTBOI")
        XCTAssertEqual(Base32.decode("mzxw6ytboi"), Array("foobar".utf8))
        XCTAssertNil(Base32.decode("MZXW1"))
        let random = Crypto.randomBytes(20)
        XCTAssertEqual(Base32.decode(Base32.encode(random)), random)
    }

    func testACodeIsAcceptedOnceAndRecoveryCodesOnce() throws {
        let agent = try store.createAgent(AgentDraft(email: "sam@example.com", name: "Sam"))
        let now: Int64 = 1_700_000_000_000
        let enrolment = try store.beginTOTPEnrolment(agentID: agent.id, now: now)
        let step = TOTP.step(at: now)
        XCTAssertThrowsError(try store.confirmTOTPEnrolment(agentID: agent.id, code: "abc", now: now)) {
            XCTAssertEqual($0 as? PeopleError, .invalid(field: "code", "does not match: enter the 6-digit code your authenticator app shows now"))
        }
        let codes = try store.confirmTOTPEnrolment(agentID: agent.id, code: TOTP.code(secret: enrolment.secret, step: step), now: now)
        XCTAssertEqual(codes.count, 10)
        XCTAssertFalse(try store.spendSecondFactor(agentID: agent.id, code: TOTP.code(secret: enrolment.secret, step: step), recoveryCode: nil, now: now))
        XCTAssertFalse(try store.spendSecondFactor(agentID: agent.id, code: TOTP.code(secret: enrolment.secret, step: step - 1), recoveryCode: nil, now: now))
        XCTAssertTrue(try store.spendSecondFactor(agentID: agent.id, code: TOTP.code(secret: enrolment.secret, step: step + 1), recoveryCode: nil, now: now + 30_000))
        XCTAssertTrue(try store.spendSecondFactor(agentID: agent.id, code: nil, recoveryCode: codes[0], now: now))
        XCTAssertFalse(try store.spendSecondFactor(agentID: agent.id, code: nil, recoveryCode: codes[0], now: now))
        XCTAssertEqual(try store.twoFactorStatus(agentID: agent.id, role: .agent).recoveryCodesLeft, 9)
    }
}
