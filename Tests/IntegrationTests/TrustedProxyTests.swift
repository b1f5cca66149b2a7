import Foundation
import SwitchboardSupport
import XCTest

/// `--trusted-proxies`: X-Forwarded-For and X-Forwarded-Proto are believed from those peers only,
/// so the sign-in throttle keys on the real client and the session cookie is Secure behind TLS.
final class TrustedProxyTests: XCTestCase {
    let password = "correct horse battery"

    /// 50 failed sign-ins (each with its own email, so only the per-address limit counts) from `client`.
    func failFromOneAddress(_ host: HostProcess, forwardedFor client: (Int) -> String) throws {
        for n in 0..<50 {
            let r = try host.browser("POST", "/api/v1/session", json: ["email": .string("nobody\(n)@example.com"), "password": "wrong password!"],
                                     headers: [("X-Forwarded-For", client(n))])
            XCTAssertEqual(r.status, 401, r.text)
        }
    }

    func signInAttempt(_ host: HostProcess, forwardedFor client: String) throws -> Int {
        try host.browser("POST", "/api/v1/session", json: ["email": "someone@example.com", "password": "wrong password!"],
                         headers: [("X-Forwarded-For", client)]).status
    }

    func testFromATrustedProxyTheThrottleKeysOnTheForwardedClient() throws {
        let host = try HostProcess(extraArguments: ["--trusted-proxies", "127.0.0.1/32"])
        defer { host.stop() }
        // The client put a fake entry first; the proxy appended the address it saw: that one counts.
        try failFromOneAddress(host) { n in "198.51.100.\(n + 1), 203.0.113.5" }
        XCTAssertEqual(try signInAttempt(host, forwardedFor: "203.0.113.5"), 429, "the forwarded client is throttled")
        XCTAssertEqual(try signInAttempt(host, forwardedFor: "203.0.113.6"), 401, "another client behind the same proxy is not")
    }

    func testFromAnUntrustedPeerForwardingHeadersAreIgnored() throws {
        let host = try HostProcess()
        defer { host.stop() }
        // A client spoofing a new address on every try is still one address: its own.
        try failFromOneAddress(host) { n in "198.51.100.\(n + 1)" }
        XCTAssertEqual(try signInAttempt(host, forwardedFor: "203.0.113.99"), 429, "the spoofed header did not escape the throttle")
    }

    func testTheSessionCookieIsSecureWhenATrustedProxySaysHTTPS() throws {
        for trusted in [true, false] {
            let host = try HostProcess(extraArguments: trusted ? ["--trusted-proxies", "127.0.0.0/8,::1"] : [])
            defer { host.stop() }
            _ = try host.createAgent("sam@example.com", name: "Sam", password: password)
            let r = try host.browser("POST", "/api/v1/session", json: ["email": "sam@example.com", "password": .string(password)],
                                     headers: [("X-Forwarded-Proto", "https"), ("X-Forwarded-For", "203.0.113.7")])
            XCTAssertEqual(r.status, 201, r.text)
            let cookie = try XCTUnwrap(r.header("Set-Cookie"))
            XCTAssertEqual(cookie.contains("; Secure"), trusted, "trusted: \(trusted): \(cookie)")
            let plain = try host.browser("POST", "/api/v1/session", json: ["email": "sam@example.com", "password": .string(password)])
            XCTAssertFalse(try XCTUnwrap(plain.header("Set-Cookie")).contains("Secure"), "without the header the request was plain http")
        }
    }

    /// Public URLs are needed outside requests, so forwarded headers never supply them: behind a proxy
    /// the operator sets --public-url, and the host says so when it is missing.
    func testTrustedProxiesWithoutAPublicURLAreWarnedAbout() throws {
        let bare = try HostProcess(extraArguments: ["--trusted-proxies", "127.0.0.1/32"])
        defer { bare.stop() }
        XCTAssertTrue(bare.log.contains("--trusted-proxies is set without --public-url"), bare.log)
        let named = try HostProcess(extraArguments: ["--trusted-proxies", "127.0.0.1/32", "--public-url", "https://support.example.com"])
        defer { named.stop() }
        XCTAssertFalse(named.log.contains("without --public-url"), named.log)
    }
}
