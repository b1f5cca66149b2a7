@testable import MetaPlatform
import PluginKit
import XCTest

/// The GET handshake and the POST signature Meta's webhooks carry.
final class WebhookVerificationTests: XCTestCase {
    // printf '%s' '<body>' | openssl dgst -sha256 -hmac 'app-secret-42'
    let secret = "app-secret-42"
    let body = #"{"object":"page","entry":[{"id":"1","time":1,"messaging":[]}]}"#
    let signature = "sha256=fde52f649bfe9664ee4d1397f6672a3c61cdf6bef2c98963159aa3b4f5872cce"
    /// Meta signs the body as sent, with non-ASCII escaped: the escape itself is what is signed.
    let escapedBody = #"{"text":"\u00e4"}"#
    let escapedSignature = "sha256=7e95fa6a982c1735e2f0040192477e329f8ed092f96678f3c39f491118f29549"

    func testAKnownSignatureVerifiesOverTheRawBytes() {
        XCTAssertTrue(WebhookVerification.isSigned(body: Array(body.utf8), header: signature, appSecret: secret))
        XCTAssertTrue(WebhookVerification.isSigned(body: Array(escapedBody.utf8), header: escapedSignature, appSecret: secret))
        XCTAssertTrue(WebhookVerification.isSigned(body: Array(body.utf8), header: signature.uppercased().replacing("SHA256=", with: "sha256="),
                                                   appSecret: secret), "hex case does not matter")
    }

    func testAnythingElseFails() {
        XCTAssertFalse(WebhookVerification.isSigned(body: Array(body.utf8), header: signature, appSecret: "other"))
        XCTAssertFalse(WebhookVerification.isSigned(body: Array((body + " ").utf8), header: signature, appSecret: secret))
        XCTAssertFalse(WebhookVerification.isSigned(body: Array(body.utf8), header: String(signature.dropFirst(7)), appSecret: secret),
                       "the sha256= prefix is required")
        XCTAssertFalse(WebhookVerification.isSigned(body: Array(body.utf8), header: nil, appSecret: secret))
        XCTAssertFalse(WebhookVerification.isSigned(body: Array(escapedBody.replacing(#"\u00e4"#, with: "ä").utf8),
                                                    header: escapedSignature, appSecret: secret), "re-encoded JSON is not what Meta signed")
    }

    func testAnUnsignedOrMissignedPostIsAnswered401WithJSON() throws {
        let missing = try XCTUnwrap(WebhookVerification.rejectUnsigned(PluginHTTPRequest(method: "POST", path: "/webhook", body: Array(body.utf8)),
                                                                       appSecret: secret))
        XCTAssertEqual(missing.status, 401)
        XCTAssertEqual(missing.contentType, "application/json")
        let wrong = try XCTUnwrap(WebhookVerification.rejectUnsigned(
            PluginHTTPRequest(method: "POST", path: "/webhook", headers: [("x-hub-signature-256", "sha256=00")], body: Array(body.utf8)),
            appSecret: secret))
        XCTAssertEqual(wrong.status, 401)
        XCTAssertNil(WebhookVerification.rejectUnsigned(
            PluginHTTPRequest(method: "POST", path: "/webhook", headers: [("X-Hub-Signature-256", signature)], body: Array(body.utf8)),
            appSecret: secret))
    }

    func testTheHandshakeEchoesExactlyTheChallengeWhenTheTokenMatches() {
        let ok = WebhookVerification.handshake(query: "hub.mode=subscribe&hub.verify_token=tok%20en&hub.challenge=1158201444", verifyToken: "tok en")
        XCTAssertEqual(ok.status, 200)
        XCTAssertEqual(ok.contentType, "text/plain")
        XCTAssertEqual(String(decoding: ok.body, as: UTF8.self), "1158201444")
    }

    func testTheHandshakeRefusesAWrongTokenModeOrMissingChallenge() {
        for query in ["hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1", "hub.mode=unsubscribe&hub.verify_token=tok&hub.challenge=1",
                      "hub.mode=subscribe&hub.verify_token=tok", "", "hub.mode=subscribe&hub.verify_token=%ZZ&hub.challenge=1"] {
            XCTAssertEqual(WebhookVerification.handshake(query: query, verifyToken: "tok").status, 403, query)
        }
    }
}
