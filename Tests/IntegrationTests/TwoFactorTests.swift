import Foundation
import SwitchboardSupport
import XCTest

/// Two-factor sign-in through the real host: enrolment with a QR code and a first code, sign-in
/// with a code (computed here from the secret, RFC 6238), replay refused, recovery codes, the
/// admins' requirement, an admin's reset in the audit trail, and throttling of the second step.
final class TwoFactorTests: XCTestCase {
    let password = "correct horse battery"

    func testEnrolmentSignInWithACodeNoReplayAndRecoveryCodes() throws {
        let host = try HostProcess(plugins: ["api"])
        defer { host.stop() }
        let sam = try XCTUnwrap(host.createAgent("sam@example.com", name: "Sam", password: password)["id"]?.stringValue)
        let session = try host.signIn("sam@example.com", password)
        let token = try XCTUnwrap(host.browser("POST", "/api/v1/agents/\(sam)/tokens", json: ["name": "laptop"], cookie: session.cookie,
                                               csrf: session.csrf).json["key"]?.stringValue)

        // Enrolment: a secret, its otpauth URI and a QR code drawn by the host.
        let begun = try host.browser("POST", "/api/v1/me/two-factor/totp", cookie: session.cookie, csrf: session.csrf)
        XCTAssertEqual(begun.status, 201, begun.text)
        let secret = try XCTUnwrap(begun.json["secret"]?.stringValue)
        XCTAssertEqual(begun.json["otpauth_uri"]?.stringValue,
                       "otpauth://totp/Switchboard:sam%40example.com?secret=\(secret)&issuer=Switchboard&algorithm=SHA1&digits=6&period=30")
        XCTAssertTrue(begun.json["qr_svg"]?.stringValue?.hasPrefix("<svg") == true)
        let key = try XCTUnwrap(TestTOTP.base32(secret))
        XCTAssertEqual(key.count, 20)

        // A wrong first code: 400 naming `code`; nothing is on yet.
        let now = TestTOTP.step()
        let wrong = TestTOTP.anyCodeBut((now - 1...now + 1).map { TestTOTP.code(key, step: $0) })
        let refused = try host.browser("POST", "/api/v1/me/two-factor/totp/confirm", json: ["code": .string(wrong)], cookie: session.cookie, csrf: session.csrf)
        XCTAssertEqual(refused.status, 400, refused.text)
        XCTAssertEqual(refused.json["field"]?.stringValue, "code")
        XCTAssertEqual(try host.browser("GET", "/api/v1/me", cookie: session.cookie).json["two_factor"]?["enabled"]?.boolValue, false)

        // The right one: on, with ten distinct recovery codes shown this once.
        let firstStep = TestTOTP.step()
        let first = TestTOTP.code(key, step: firstStep)
        let confirmed = try host.browser("POST", "/api/v1/me/two-factor/totp/confirm", json: ["code": .string(first)], cookie: session.cookie, csrf: session.csrf)
        XCTAssertEqual(confirmed.status, 200, confirmed.text)
        let recovery = try XCTUnwrap(confirmed.json["recovery_codes"]?.arrayValue?.compactMap(\.stringValue))
        XCTAssertEqual(Set(recovery).count, 10)
        XCTAssertEqual(confirmed.json["two_factor"]?["enabled"]?.boolValue, true)
        XCTAssertEqual(try host.request("GET", "/api/v1/agents/\(sam)").json["two_factor_enabled"]?.boolValue, true)
        // A second enrolment cannot replace it behind an admin's back.
        XCTAssertEqual(try host.browser("POST", "/api/v1/me/two-factor/totp", cookie: session.cookie, csrf: session.csrf).status, 409)

        // The password alone is no longer a session: a challenge, no cookie.
        let challenged = try host.browser("POST", "/api/v1/session", json: ["email": "sam@example.com", "password": .string(password)])
        XCTAssertEqual(challenged.status, 202, challenged.text)
        XCTAssertNil(challenged.header("Set-Cookie"))
        XCTAssertEqual(challenged.json["second_factor_required"]?.boolValue, true)
        let challenge = try XCTUnwrap(challenged.json["challenge"]?.stringValue)

        // The code that confirmed the enrolment was spent: 401, even within its window.
        let replayed = try host.browser("POST", "/api/v1/session/second-factor", json: ["challenge": .string(challenge), "code": .string(first)])
        XCTAssertEqual(replayed.status, 401, replayed.text)
        // A newer step's code (within ±1 step of now) signs in.
        let nextStep = max(TestTOTP.step(), firstStep) + 1
        let next = TestTOTP.code(key, step: nextStep)
        let signedIn = try host.browser("POST", "/api/v1/session/second-factor", json: ["challenge": .string(challenge), "code": .string(next)])
        XCTAssertEqual(signedIn.status, 201, signedIn.text)
        XCTAssertTrue(signedIn.header("Set-Cookie")?.hasPrefix("sb_session=sbs_") == true)
        XCTAssertEqual(signedIn.json["agent"]?["id"]?.stringValue, sam)
        // The challenge is spent, and the code too.
        XCTAssertEqual(try host.browser("POST", "/api/v1/session/second-factor", json: ["challenge": .string(challenge), "code": .string(next)]).status, 401)
        let again = try XCTUnwrap(host.browser("POST", "/api/v1/session", json: ["email": "sam@example.com", "password": .string(password)]).json["challenge"]?.stringValue)
        XCTAssertEqual(try host.browser("POST", "/api/v1/session/second-factor", json: ["challenge": .string(again), "code": .string(next)]).status, 401,
                       "a used code cannot be replayed within its window")

        // A recovery code works once, typed in any case.
        let byRecovery = try host.browser("POST", "/api/v1/session/second-factor", json: ["challenge": .string(again), "recovery_code": .string(recovery[3].uppercased())])
        XCTAssertEqual(byRecovery.status, 201, byRecovery.text)
        let third = try XCTUnwrap(host.browser("POST", "/api/v1/session", json: ["email": "sam@example.com", "password": .string(password)]).json["challenge"]?.stringValue)
        XCTAssertEqual(try host.browser("POST", "/api/v1/session/second-factor", json: ["challenge": .string(third), "recovery_code": .string(recovery[3])]).status, 401)
        XCTAssertEqual(try host.request("GET", "/api/v1/me", key: token).json["two_factor"]?["recovery_codes_left"]?.doubleValue, 9)
        // Bad input names the field.
        let neither = try host.browser("POST", "/api/v1/session/second-factor", json: ["challenge": .string(third)])
        XCTAssertEqual(neither.status, 400)
        XCTAssertEqual(neither.json["field"]?.stringValue, "code")

        // The personal token is not asked for a code: it is already a second thing to hold.
        XCTAssertEqual(try host.request("GET", "/api/v1/conversations", key: token).status, 200)
    }

    func testTheSecondStepIsThrottledLikeThePassword() throws {
        let host = try HostProcess(plugins: ["api"])
        defer { host.stop() }
        _ = try host.createAgent("sam@example.com", name: "Sam", password: password)
        let session = try host.signIn("sam@example.com", password)
        let key = try enrol(host, session)
        func challenge() throws -> String {
            try XCTUnwrap(host.browser("POST", "/api/v1/session", json: ["email": "sam@example.com", "password": .string(password)]).json["challenge"]?.stringValue)
        }
        let (a, b, c) = (try challenge(), try challenge(), try challenge())
        let valid = (TestTOTP.step() - 1...TestTOTP.step() + 2).map { TestTOTP.code(key, step: $0) }
        let wrong = TestTOTP.anyCodeBut(valid)
        for attempt in 1...5 {
            XCTAssertEqual(try host.browser("POST", "/api/v1/session/second-factor", json: ["challenge": .string(a), "code": .string(wrong)]).status, 401, "attempt \(attempt)")
        }
        // Five wrong codes end that challenge.
        let dead = try host.browser("POST", "/api/v1/session/second-factor", json: ["challenge": .string(a), "code": .string(TestTOTP.code(key, step: TestTOTP.step() + 1))])
        XCTAssertEqual(dead.json["error"]?.stringValue, "challenge_expired")
        for _ in 1...5 {
            XCTAssertEqual(try host.browser("POST", "/api/v1/session/second-factor", json: ["challenge": .string(b), "code": .string(wrong)]).status, 401)
        }
        // Ten failures for the email: even the right code and the right password wait.
        let throttled = try host.browser("POST", "/api/v1/session/second-factor", json: ["challenge": .string(c), "code": .string(TestTOTP.code(key, step: TestTOTP.step() + 1))])
        XCTAssertEqual(throttled.status, 429, throttled.text)
        XCTAssertNotNil(throttled.header("Retry-After"))
        XCTAssertEqual(try host.browser("POST", "/api/v1/session", json: ["email": "sam@example.com", "password": .string(password)]).status, 429)
    }

    func testRequiredTwoFactorLeadsToEnrolmentAndAnAdminResetIsAudited() throws {
        let host = try HostProcess(plugins: ["api"])
        defer { host.stop() }
        let kim = try XCTUnwrap(host.createAgent("kim@example.com", name: "Kim", password: password)["id"]?.stringValue)
        _ = try host.createAgent("ops@example.com", name: "Ops", password: password, role: "admin")

        let bad = try host.request("PUT", "/api/v1/settings/two-factor", json: ["required_roles": ["integrator"]])
        XCTAssertEqual(bad.status, 400)
        XCTAssertEqual(bad.json["field"]?.stringValue, "required_roles")
        let set = try host.request("PUT", "/api/v1/settings/two-factor", json: ["required_roles": ["agent"]])
        XCTAssertEqual(set.status, 200, set.text)
        XCTAssertEqual(try host.request("GET", "/api/v1/settings/two-factor").json["required_roles"], ["agent"])

        // Kim's password leads to enrolment: the session can enrol, read itself and sign out, nothing else.
        let signedIn = try host.browser("POST", "/api/v1/session", json: ["email": "kim@example.com", "password": .string(password)])
        XCTAssertEqual(signedIn.status, 201, signedIn.text)
        XCTAssertEqual(signedIn.json["two_factor"]?["must_enrol"]?.boolValue, true)
        let session = try host.signIn("kim@example.com", password)
        let blocked = try host.browser("GET", "/api/v1/conversations", cookie: session.cookie)
        XCTAssertEqual(blocked.status, 403)
        XCTAssertEqual(blocked.json["error"]?.stringValue, "two_factor_enrolment_required")
        XCTAssertEqual(try host.browser("GET", "/api/v1/me", cookie: session.cookie).status, 200)
        _ = try enrol(host, session)
        XCTAssertEqual(try host.browser("GET", "/api/v1/conversations", cookie: session.cookie).status, 200, "enrolled: the same session goes on")

        // Admins are not covered by this policy: their password is enough.
        let ops = try host.signIn("ops@example.com", password)
        XCTAssertEqual(try host.browser("GET", "/api/v1/conversations", cookie: ops.cookie).status, 200)

        // An admin resets Kim's second factor: Kim's sessions end and the audit trail says who did it.
        let reset = try host.browser("DELETE", "/api/v1/agents/\(kim)/two-factor", cookie: ops.cookie, csrf: ops.csrf)
        XCTAssertEqual(reset.status, 200, reset.text)
        XCTAssertEqual(reset.json["had_second_factor"]?.boolValue, true)
        XCTAssertEqual(try host.browser("GET", "/api/v1/me", cookie: session.cookie).status, 401)
        let opsID = try XCTUnwrap(host.browser("GET", "/api/v1/me", cookie: ops.cookie).json["agent"]?["id"]?.stringValue)
        let trail = try XCTUnwrap(host.request("GET", "/api/v1/audit?action=two_factor.*").json["entries"]?.arrayValue)
        XCTAssertEqual(trail.first?["action"]?.stringValue, "two_factor.reset")
        XCTAssertEqual(trail.first?["subject"]?.stringValue, "agent:\(kim)")
        XCTAssertEqual(trail.first?["actor"]?.stringValue, "agent:\(opsID)")
        XCTAssertEqual(trail.last?["action"]?.stringValue, "two_factor.policy")
        XCTAssertEqual(try host.request("GET", "/api/v1/audit", key: "nonsense").status, 401)

        // The next sign-in asks Kim to enrol again, not for a code.
        let afterReset = try host.browser("POST", "/api/v1/session", json: ["email": "kim@example.com", "password": .string(password)])
        XCTAssertEqual(afterReset.status, 201, afterReset.text)
        XCTAssertEqual(afterReset.json["two_factor"]?["must_enrol"]?.boolValue, true)

        // Everyone: now admins too.
        XCTAssertEqual(try host.request("PUT", "/api/v1/settings/two-factor", json: ["required_roles": ["admin", "agent"]]).status, 200)
        let opsAgain = try host.signIn("ops@example.com", password)
        XCTAssertEqual(try host.browser("GET", "/api/v1/conversations", cookie: opsAgain.cookie).status, 403)
        // API keys are never asked.
        XCTAssertEqual(try host.request("GET", "/api/v1/conversations").status, 200)
    }

    /// Enrol the session's agent; the TOTP key.
    func enrol(_ host: HostProcess, _ session: BrowserSession) throws -> [UInt8] {
        let begun = try host.browser("POST", "/api/v1/me/two-factor/totp", cookie: session.cookie, csrf: session.csrf)
        let key = try XCTUnwrap(begun.json["secret"]?.stringValue.flatMap(TestTOTP.base32), begun.text)
        let confirmed = try host.browser("POST", "/api/v1/me/two-factor/totp/confirm", json: ["code": .string(TestTOTP.code(key, step: TestTOTP.step()))],
                                         cookie: session.cookie, csrf: session.csrf)
        XCTAssertEqual(confirmed.status, 200, confirmed.text)
        return key
    }
}

/// RFC 6238 as an authenticator app computes it, written here from the RFC (not the host's code).
enum TestTOTP {
    static func step(_ date: Date = Date()) -> Int64 { Int64(date.timeIntervalSince1970) / 30 }

    static func code(_ key: [UInt8], step: Int64) -> String {
        var counter = [UInt8](repeating: 0, count: 8)
        for i in 0..<8 { counter[7 - i] = UInt8((step >> (8 * Int64(i))) & 0xFF) }
        let mac = Crypto.hmacSHA1(key: key, message: counter)
        let o = Int(mac[19] & 0x0F)
        let n = (Int(mac[o]) & 0x7F) << 24 | Int(mac[o + 1]) << 16 | Int(mac[o + 2]) << 8 | Int(mac[o + 3])
        return String(format: "%06d", n % 1_000_000)
    }

    static func base32(_ text: String) -> [UInt8]? {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        var bits = "", out: [UInt8] = []
        for c in text {
            guard let v = alphabet.firstIndex(of: c) else { return nil }
            let b = String(v, radix: 2)
            bits += String(repeating: "0", count: 5 - b.count) + b
        }
        var i = bits.startIndex
        while bits.distance(from: i, to: bits.endIndex) >= 8 {
            let j = bits.index(i, offsetBy: 8)
            out.append(UInt8(bits[i..<j], radix: 2)!)
            i = j
        }
        return out
    }

    static func anyCodeBut(_ valid: [String]) -> String {
        (0..<10).map { String(repeating: String($0), count: 6) }.first { !valid.contains($0) }!
    }
}
