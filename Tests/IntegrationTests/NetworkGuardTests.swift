import Foundation
import SwitchboardSupport
import SwitchboardTransport
import XCTest

/// The SSRF guard through the real host: event-webhook receivers on loopback, private, link-local,
/// CGNAT, multicast, unspecified and cloud-metadata addresses are refused -- as literals when the
/// subscription is saved, and as the addresses a name resolves to when a delivery connects --
/// unless the operator allows the network; a redirect never leads a delivery elsewhere.
final class NetworkGuardTests: XCTestCase {
    var host: HostProcess!
    var receivers: [WebhookReceiver] = []

    override func tearDown() {
        host?.stop()
        receivers.forEach { $0.stop() }
    }

    func start(allowedNetworks: String?) throws {
        host = try HostProcess(plugins: ["api"], extraArguments: WebhookTests.fastRetries(maxAttempts: 2), allowedNetworks: allowedNetworks)
        try host.putCredential("api-key", "integrator-secret")
        try host.addChannel("api1", plugin: "api", config: ["api_key_credential": "api-key"])
    }

    func receiver(_ answer: @escaping @Sendable (Int) -> Int = { _ in 200 }) throws -> WebhookReceiver {
        let r = try WebhookReceiver(answer: answer)
        receivers.append(r)
        return r
    }

    func subscribe(_ url: String) throws -> (status: Int, json: JSON, text: String) {
        try host.request("POST", "/api/v1/webhooks", json: ["url": .string(url), "event_types": ["message.received"]])
    }

    func pushMessage(_ id: String) throws {
        let r = try host.request("POST", "/hooks/api1/messages", json: ["external_id": "c-1", "message_id": .string(id), "text": "hello"],
                                 key: "integrator-secret")
        XCTAssertEqual(r.status, 201, r.text)
    }

    func testLiteralNonPublicReceiversAreRefusedWhenSubscribing() throws {
        try start(allowedNetworks: nil)
        let refused: [(url: String, kind: String)] = [
            ("http://127.0.0.1:9/hook", "loopback"), ("http://[::1]/hook", "loopback"), ("http://[::ffff:127.0.0.1]/hook", "loopback"),
            ("http://169.254.169.254/latest/meta-data", "cloud-metadata"), ("http://[fd00:ec2::254]/", "cloud-metadata"),
            ("https://10.1.2.3/hook", "private"), ("https://172.20.0.1/hook", "private"), ("https://192.168.1.10/hook", "private"),
            ("https://[fd12:3456::1]/hook", "private (ULA)"), ("https://100.64.0.1/hook", "shared (CGNAT)"),
            ("https://169.254.10.10/hook", "link-local"), ("https://[fe80::1]/hook", "link-local"),
            ("https://224.0.0.1/hook", "multicast"), ("https://0.0.0.0/hook", "unspecified"),
        ]
        for (url, kind) in refused {
            let r = try subscribe(url)
            XCTAssertEqual(r.status, 400, "\(url): \(r.text)")
            XCTAssertEqual(r.json["field"]?.stringValue, "url", r.text)
            XCTAssertTrue(r.json["message"]?.stringValue?.contains("is a \(kind) address") ?? false, "\(url): \(r.text)")
        }
        XCTAssertEqual(try subscribe("https://hooks.example.com/switchboard").status, 201, "a public name is accepted")
        XCTAssertEqual(try subscribe("https://203.0.113.10/hook").status, 201, "a public address is accepted")
    }

    /// `localhost` resolves to loopback: accepted as a name, refused when the delivery connects.
    func testANameResolvingToLoopbackIsRefusedWhenTheDeliveryConnects() throws {
        try start(allowedNetworks: nil)
        let target = try receiver()
        let url = target.url.replacingOccurrences(of: "127.0.0.1", with: "localhost")
        let made = try subscribe(url)
        XCTAssertEqual(made.status, 201, made.text)
        let id = try XCTUnwrap(made.json["id"]?.stringValue)
        try pushMessage("m-1")
        let attempt = try host.eventually("the refused attempt recorded") { () -> JSON? in
            try host.request("GET", "/api/v1/webhooks/\(id)/deliveries").json["deliveries"]?.arrayValue?.first
        }
        let error = attempt["error"]?.stringValue ?? ""
        XCTAssertTrue(error.contains("refused:") && error.contains("is a loopback address"), "\(attempt)")
        XCTAssertTrue(attempt["status_code"]?.isNull ?? false, "\(attempt)")
        XCTAssertTrue(target.all.isEmpty, "nothing reached the loopback receiver")
    }

    /// With loopback allowed the same receiver gets its events (the allowance is the operator's).
    func testAnAllowedNetworkIsReached() throws {
        try start(allowedNetworks: "127.0.0.0/8")
        let target = try receiver()
        let made = try subscribe(target.url.replacingOccurrences(of: "127.0.0.1", with: "localhost"))
        XCTAssertEqual(made.status, 201, made.text)
        target.secret.withLock { $0 = made.json["secret"]?.stringValue ?? "" }
        try pushMessage("m-1")
        _ = try host.eventually("the event delivered") { target.delivered.isEmpty ? nil : true }
    }

    /// A receiver that answers with a redirect to a loopback service: the host does not follow it
    /// (the 3xx is the receiver's answer and the attempt fails), so the service is never reached --
    /// even though it is reachable here (loopback is allowed so that the redirector can be).
    func testARedirectToLoopbackIsNotFollowed() throws {
        try start(allowedNetworks: "127.0.0.1/32")
        let service = try receiver()
        let redirector = try FakeProvider { _ in
            HTTPResponse(status: 307, headers: [("Location", service.url)])
        }
        defer { redirector.stop() }
        let made = try subscribe(redirector.baseURL + "/hook")
        XCTAssertEqual(made.status, 201, made.text)
        let id = try XCTUnwrap(made.json["id"]?.stringValue)
        try pushMessage("m-1")
        let attempt = try host.eventually("the redirected attempt recorded") { () -> JSON? in
            try host.request("GET", "/api/v1/webhooks/\(id)/deliveries").json["deliveries"]?.arrayValue?.first
        }
        XCTAssertEqual(attempt["status_code"]?.intValue, 307, "\(attempt)")
        XCTAssertTrue(service.all.isEmpty, "the redirect target was not reached")
    }
}
