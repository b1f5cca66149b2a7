@testable import SwitchboardTransport
@testable import SwitchboardDomain
import SwitchboardSupport
import XCTest

/// What one webhook attempt puts on the wire.
final class WebhookRequestTests: XCTestCase {
    let job = WebhookJob(
        subscriptionID: "whk_1", url: "https://crm.example/hooks", secret: "whsec_abc",
        event: WebhookEvent(event: Event(id: 42, conversationID: "cnv_9", type: "message.received", actor: "customer",
                                         dataJSON: #"{"message_id":7}"#, createdAt: 1_767_225_600_123),
                            channelInstanceID: "api1"),
        attempt: 3, replay: false, expectedCursor: 41)

    func testHeadersBodyAndSignature() throws {
        let request = WebhookRequest.make(job, timestamp: 1_767_225_601, timeoutMs: 10_000)
        func header(_ name: String) -> String? { request.headers.first { $0.0 == name }?.1 }
        XCTAssertEqual(request.method, "POST")
        XCTAssertEqual(request.url, "https://crm.example/hooks")
        XCTAssertEqual(request.timeoutMs, 10_000)
        XCTAssertEqual(request.connectTimeoutMs, 3_000)
        XCTAssertEqual(header("Content-Type"), "application/json")
        XCTAssertEqual(header("X-Switchboard-Delivery"), "whk_1-42")
        XCTAssertEqual(header("X-Switchboard-Event"), "message.received")
        XCTAssertEqual(header("X-Switchboard-Timestamp"), "1767225601")

        let body = String(decoding: request.body, as: UTF8.self)
        XCTAssertEqual(body, #"{"id":"whk_1-42","event":{"id":42,"conversation_id":"cnv_9","type":"message.received","actor":"customer","data":{"message_id":7},"created_at":"2026-01-01T00:00:00.123Z"}}"#)
        let signature = try XCTUnwrap(header("X-Switchboard-Signature"))
        XCTAssertTrue(signature.hasPrefix("v1="))
        XCTAssertEqual(signature.count, 3 + 64)
        XCTAssertEqual(signature, "v1=" + Crypto.hmacSHA256Hex(key: "whsec_abc", message: "1767225601." + body))
        XCTAssertTrue(WebhookSignature.verify(secret: "whsec_abc", timestamp: "1767225601", body: body, signature: signature))
    }

    /// The worked example of docs/integrator-webhooks.md, byte for byte.
    func testTheDocumentedWorkedExample() {
        let documented = WebhookJob(
            subscriptionID: "whk_5f2c0e9a1b3d4f6a7c8e", url: "https://crm.example.com/switchboard/events", secret: "whsec_test",
            event: WebhookEvent(event: Event(id: 1042, conversationID: "cnv_8d1e2f3a4b5c6d7e8f90", type: "message.received", actor: "customer",
                                             dataJSON: #"{"message_id":5011,"channel_instance_id":"crm"}"#, createdAt: 1_767_225_600_000)),
            attempt: 1, replay: false, expectedCursor: 1041)
        let request = WebhookRequest.make(documented, timestamp: 1_767_225_600, timeoutMs: 10_000)
        XCTAssertEqual(String(decoding: request.body, as: UTF8.self),
                       #"{"id":"whk_5f2c0e9a1b3d4f6a7c8e-1042","event":{"id":1042,"conversation_id":"cnv_8d1e2f3a4b5c6d7e8f90","type":"message.received","actor":"customer","data":{"message_id":5011,"channel_instance_id":"crm"},"created_at":"2026-01-01T00:00:00.000Z"}}"#)
        XCTAssertEqual(request.body.count, 243)
        XCTAssertEqual(request.headers.first { $0.0 == "X-Switchboard-Signature" }?.1,
                       "v1=d40401b7e5910c0300101cd3e43dc49fe9ad1be24f827b4df1756247474ba258")
    }

    func testAShortTimeoutBoundsTheConnectToo() {
        XCTAssertEqual(WebhookRequest.make(job, timestamp: 1, timeoutMs: 500).connectTimeoutMs, 500)
    }

    func testExcerptsAreOneBoundedLine() {
        XCTAssertEqual(WebhookRequest.excerpt("down\nfor\tmaintenance"), "down for maintenance")
        let long = WebhookRequest.excerpt(String(repeating: "é", count: 300))
        XCTAssertEqual(long.unicodeScalars.count, 201)
        XCTAssertTrue(long.hasSuffix("…"))
    }
}
