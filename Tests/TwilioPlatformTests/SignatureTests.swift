import TwilioFake
import TwilioPlatform
import XCTest

/// X-Twilio-Signature against Twilio's published test vector and the SDKs' port rules.
final class SignatureTests: XCTestCase {
    // twilio-python tests/unit/test_request_validator.py
    let token = "12345"
    let url = "https://mycompany.com/myapp.php?foo=1&bar=2"
    let params: [(name: String, value: String)] = [("CallSid", "CA1234567890ABCDE"), ("Caller", "+14158675309"), ("Digits", "1234"),
                                                   ("From", "+14158675309"), ("To", "+18005551212")]

    func testTwiliosPublishedVector() {
        XCTAssertEqual(TwilioSignature.compute(url: url, params: params, authToken: token), "RSOYDt4T1cUTdK1PDd93/VVr8B8=")
        XCTAssertTrue(TwilioSignature.isValid(signature: "RSOYDt4T1cUTdK1PDd93/VVr8B8=", url: url, params: params, authToken: token))
    }

    func testParameterOrderDoesNotMatter() {
        XCTAssertTrue(TwilioSignature.isValid(signature: "RSOYDt4T1cUTdK1PDd93/VVr8B8=", url: url, params: params.reversed(), authToken: token))
    }

    func testAWrongTokenValueURLOrMissingSignatureFails() {
        let good = "RSOYDt4T1cUTdK1PDd93/VVr8B8="
        XCTAssertFalse(TwilioSignature.isValid(signature: good, url: url, params: params, authToken: "54321"))
        XCTAssertFalse(TwilioSignature.isValid(signature: good, url: url + "&x=1", params: params, authToken: token))
        var changed = params
        changed[2].value = "1235"
        XCTAssertFalse(TwilioSignature.isValid(signature: good, url: url, params: changed, authToken: token))
        XCTAssertFalse(TwilioSignature.isValid(signature: nil, url: url, params: params, authToken: token))
        XCTAssertFalse(TwilioSignature.isValid(signature: "", url: url, params: params, authToken: token))
    }

    /// The SDKs accept the URL with the port removed or the default port added, whichever Twilio signed.
    func testDefaultPortsEitherWay() {
        let withPort = "https://mycompany.com:443/myapp.php?foo=1&bar=2"
        let signedWithPort = TwilioSignature.compute(url: withPort, params: params, authToken: token)
        XCTAssertEqual(signedWithPort, "kvajT1Ptam85bY51eRf/AJRuM3w=")
        // Configured without a port, Twilio signed with :443.
        XCTAssertTrue(TwilioSignature.isValid(signature: signedWithPort, url: url, params: params, authToken: token))
        // Configured with :443, Twilio signed without.
        XCTAssertTrue(TwilioSignature.isValid(signature: "RSOYDt4T1cUTdK1PDd93/VVr8B8=", url: withPort, params: params, authToken: token))
        // http and :80.
        let http = "http://example.com/hook"
        let signed80 = TwilioSignature.compute(url: "http://example.com:80/hook", params: params, authToken: token)
        XCTAssertTrue(TwilioSignature.isValid(signature: signed80, url: http, params: params, authToken: token))
        // Another port is not a default port: signed with :8443, checked against :9443 fails.
        let other = TwilioSignature.compute(url: "https://example.com:8443/hook", params: params, authToken: token)
        XCTAssertFalse(TwilioSignature.isValid(signature: other, url: "https://example.com:9443/hook", params: params, authToken: token))
        XCTAssertTrue(TwilioSignature.isValid(signature: other, url: "https://example.com:8443/hook", params: params, authToken: token))
    }

    func testURLCandidates() {
        XCTAssertEqual(TwilioSignature.urlCandidates("https://a.example/x?y=1"), ["https://a.example/x?y=1", "https://a.example:443/x?y=1"])
        XCTAssertEqual(TwilioSignature.urlCandidates("http://a.example:8080/x"), ["http://a.example/x", "http://a.example:8080/x"])
        XCTAssertEqual(TwilioSignature.urlCandidates("http://[::1]/x"), ["http://[::1]/x", "http://[::1]:80/x"])
        XCTAssertEqual(TwilioSignature.urlCandidates("http://[::1]:81/x"), ["http://[::1]/x", "http://[::1]:81/x"])
    }

    /// Repeated names: each distinct value, values sorted (the SDKs' sorted(set(values))).
    func testRepeatedParameters() {
        let repeated: [(name: String, value: String)] = [("MediaUrl", "https://b"), ("Body", "hi"), ("MediaUrl", "https://a")]
        let expected = TwilioRequestSigner.signature(url: "https://h/x", params: repeated.map { ($0.name, $0.value) }, authToken: "t")
        XCTAssertEqual(TwilioSignature.compute(url: "https://h/x", params: repeated, authToken: "t"), expected)
        // HMAC-SHA1("t", "https://h/xBodyhiMediaUrlhttps://aMediaUrlhttps://b"), worked out with Python's hmac.
        XCTAssertEqual(expected, "1x5FpzHKOyLNK9Y4q+zI36bLIWM=")
    }

    func testUnicodeValues() {
        let p: [(name: String, value: String)] = [("Body", "Grüße 👋"), ("From", "+4915112345678")]
        let signature = TwilioSignature.compute(url: "https://h/sms", params: p, authToken: "tok")
        XCTAssertEqual(signature, TwilioRequestSigner.signature(url: "https://h/sms", params: p.map { ($0.name, $0.value) }, authToken: "tok"))
        XCTAssertTrue(TwilioSignature.isValid(signature: signature, url: "https://h/sms", params: p, authToken: "tok"))
    }
}
