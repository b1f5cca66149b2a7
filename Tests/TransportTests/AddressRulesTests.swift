import Foundation
@testable import SwitchboardTransport
import SwitchboardSupport
import XCTest

/// The rules under the SSRF guard and --trusted-proxies: networks, what is public, and which
/// forwarded address is the client's.
final class AddressRulesTests: XCTestCase {
    func testNetworksParseAndContain() throws {
        let ten = try XCTUnwrap(IPNetwork("10.0.0.0/8"))
        XCTAssertTrue(ten.contains(try XCTUnwrap(IPAddress("10.255.1.2"))))
        XCTAssertFalse(ten.contains(try XCTUnwrap(IPAddress("11.0.0.1"))))
        XCTAssertTrue(try XCTUnwrap(IPNetwork("fd00::/8")).contains(try XCTUnwrap(IPAddress("fdab::1"))))
        XCTAssertTrue(try XCTUnwrap(IPNetwork("172.16.0.0/12")).contains(try XCTUnwrap(IPAddress("172.31.255.255"))))
        XCTAssertFalse(try XCTUnwrap(IPNetwork("172.16.0.0/12")).contains(try XCTUnwrap(IPAddress("172.32.0.0"))))
        XCTAssertEqual(IPNetwork("192.0.2.7")?.prefixLength, 32, "one address")
        for bad in ["10.0.0.0/33", "::/129", "example.com", "10.0.0.0/-1", "10.0.0/8", ""] { XCTAssertNil(IPNetwork(bad), bad) }
        if case .failure(let error) = IPNetwork.list("127.0.0.0/8, nonsense") { XCTAssertEqual(error.entry, "nonsense") } else { XCTFail() }
        XCTAssertEqual(IPAddress("::ffff:10.1.2.3")?.description, "10.1.2.3", "an IPv4-mapped address is its IPv4 address")
    }

    func testWhatTheGuardRefusesAndWhatTheOperatorAllows() throws {
        let strict = NetworkGuard()
        let cases: [(String, String?)] = [
            ("127.0.0.1", "loopback"), ("::1", "loopback"), ("::ffff:127.0.0.1", "loopback"), ("10.0.0.1", "private"),
            ("169.254.169.254", "cloud-metadata"), ("fd00:ec2::254", "cloud-metadata"), ("169.254.1.1", "link-local"),
            ("100.100.0.1", "shared (CGNAT)"), ("239.1.1.1", "multicast"), ("0.0.0.0", "unspecified"), ("::", "unspecified"),
            ("fe80::1", "link-local"), ("fc00::1", "private (ULA)"),
            ("203.0.113.9", nil), ("8.8.8.8", nil), ("2606:4700::1111", nil), ("100.128.0.1", nil),
        ]
        for (text, kind) in cases {
            let refusal = strict.refusal(for: try XCTUnwrap(IPAddress(text)))
            if let kind { XCTAssertEqual(refusal, "\(IPAddress(text)!) is a \(kind) address", text) } else { XCTAssertNil(refusal, text) }
        }
        let allowing = NetworkGuard(allowed: [IPNetwork("10.1.0.0/16")!])
        XCTAssertNil(allowing.refusal(for: IPAddress("10.1.2.3")!))
        XCTAssertNotNil(allowing.refusal(for: IPAddress("10.2.0.1")!))
        XCTAssertNotNil(strict.refusal(forLiteralHost: "[::1]"))
        XCTAssertNil(strict.refusal(forLiteralHost: "localhost"), "names are judged when they resolve")
    }

    /// The HTTP client applies the guard to the address it connects to: a name resolving to loopback is refused.
    func testTheClientRefusesWhereANameResolves() throws {
        let request = HTTPClientRequest(url: "http://localhost:9/", timeoutMs: 2000, addressGuard: NetworkGuard())
        XCTAssertThrowsError(try HTTPClient.perform(request)) { error in
            guard case HTTPClientError.refused(let reason) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.contains("is a loopback address"), reason)
        }
    }

    func testTheClientIsTheRightmostUntrustedForwardedAddress() {
        let forwarded = ForwardedClient(trustedProxies: [IPNetwork("10.0.0.0/8")!])
        func resolve(peer: String, _ headers: [(String, String)]) -> HTTPRequest {
            var request = HTTPRequest(method: "GET", path: "/", headers: headers, query: [], body: UnsafeRawBufferPointer(start: nil, count: 0),
                                      remoteAddress: peer)
            forwarded.apply(to: &request)
            return request
        }
        let chain = resolve(peer: "10.0.0.2", [("X-Forwarded-For", "1.2.3.4, 203.0.113.5, 10.0.0.9"), ("X-Forwarded-Proto", "https")])
        XCTAssertEqual(chain.remoteAddress, "203.0.113.5", "the proxies are skipped; the client's own claim is not believed")
        XCTAssertEqual(chain.scheme, "https")
        let untrusted = resolve(peer: "198.51.100.1", [("X-Forwarded-For", "1.2.3.4"), ("X-Forwarded-Proto", "https")])
        XCTAssertEqual(untrusted.remoteAddress, "198.51.100.1")
        XCTAssertEqual(untrusted.scheme, "http")
        XCTAssertEqual(resolve(peer: "10.0.0.2", [("X-Forwarded-For", "[2001:db8::1]:443")]).remoteAddress, "2001:db8::1")
        XCTAssertEqual(resolve(peer: "10.0.0.2", [("X-Forwarded-For", "unknown")]).remoteAddress, "10.0.0.2", "nothing usable: the peer")
        XCTAssertEqual(resolve(peer: "10.0.0.2", [("X-Forwarded-For", "10.0.0.7")]).remoteAddress, "10.0.0.7", "all trusted: the leftmost")
    }
}
