import Foundation
import SwitchboardSupport
import SwitchboardTransport
import XCTest

/// The third-party plugin in plain C (Plugins/Relay), loaded into the real host.
final class RelayPluginTests: XCTestCase {
    var host: HostProcess!
    var gateway: FakeProvider!
    let sentIDs = Locked<[String: String]>([:])   // idempotency key → provider id

    override func setUpWithError() throws {
        let ids = sentIDs
        // The gateway's contract: POST /v1/messages, bearer token, form fields, Idempotency-Key.
        gateway = try FakeProvider { request in
            guard request.method == "POST", request.path == "/v1/messages" else { return .error(404, "not_found", request.path) }
            guard request.header("Authorization") == "Bearer gw-token" else { return .error(401, "unauthorized", "bad token") }
            guard request.header("Content-Type")?.hasPrefix("application/x-www-form-urlencoded") == true,
                  let key = request.header("Idempotency-Key"),
                  let form = try? FormURLEncoding.decode(request.text),
                  form.contains(where: { $0.name == "To" }), form.contains(where: { $0.name == "Body" }),
                  form.first(where: { $0.name == "From" })?.value == "+15550000000"
            else { return .error(400, "bad_request", "missing fields") }
            let id = ids.withLock { map -> String in
                if let existing = map[key] { return existing }
                let id = "rl_\(map.count + 1)"
                map[key] = id
                return id
            }
            return .json(201, ["id": .string(id), "status": "queued"])
        }
        host = try HostProcess()
        try host.putCredential("gw-token", "gw-token")
        try host.putCredential("gw-inbound", "inbound-secret")
        try host.addChannel("sms1", plugin: "relay", config: [
            "gateway_url": .string(gateway.baseURL), "token_credential": "gw-token",
            "inbound_secret_credential": "gw-inbound", "sender": "+15550000000"])
    }

    override func tearDown() {
        host?.stop()
        gateway?.stop()
    }

    func sms(_ id: String, from: String = "+15551234567", text: String, token: String = "inbound-secret") throws -> (status: Int, json: JSON, text: String) {
        let body = FormURLEncoding.encode([("MessageId", id), ("From", from), ("To", "+15550000000"), ("Body", text)])
        return try host.request("POST", "/hooks/sms1/inbound", body: body, headers: RelayAuth.headers(body: body, secret: token))
    }

    func testInboundAndOutboundThroughTheCPlugin() throws {
        XCTAssertEqual(try sms("SM1", text: "hi", token: "forged").status, 401)
        // The shared secret alone (the pre-1.3 scheme) no longer passes: the body must carry its HMAC.
        let unsigned = FormURLEncoding.encode([("MessageId", "SM1"), ("From", "+15551234567"), ("To", "+15550000000"), ("Body", "hi")])
        XCTAssertEqual(try host.request("POST", "/hooks/sms1/inbound", body: unsigned,
                                        headers: [("Content-Type", "application/x-www-form-urlencoded"), ("X-Relay-Token", "inbound-secret")]).status, 401)
        let stored = try sms("SM1", text: "Is the shop open on Sunday?")
        XCTAssertEqual(stored.status, 200, stored.text)
        let conversationID = try XCTUnwrap(stored.json["conversation_id"]?.stringValue)
        XCTAssertEqual(try sms("SM1", text: "Is the shop open on Sunday?").json["status"]?.stringValue, "duplicate")

        // A Markdown reply reaches an SMS channel as plain text.
        let reply = try host.request("POST", "/api/v1/conversations/\(conversationID)/messages",
                                     json: ["text": "Yes, **10-16**. See [hours](https://example.com/hours)", "format": "markdown"])
        XCTAssertEqual(reply.status, 202, reply.text)
        let sent = try host.eventually("the gateway to receive the reply") { gateway.received.withLock { $0.first } }
        let form = try FormURLEncoding.decode(sent.text)
        XCTAssertEqual(form.first { $0.name == "To" }?.value, "+15551234567")
        XCTAssertEqual(form.first { $0.name == "Body" }?.value, "Yes, 10-16. See hours (https://example.com/hours)")

        let messageID = try XCTUnwrap(reply.json["id"]?.intValue)
        let providerID = try host.eventually("the receipt id") { () -> String? in
            let m = try host.request("GET", "/api/v1/conversations/\(conversationID)/messages?after=\(messageID - 1)").json["messages"]?.arrayValue?.first
            return m?["delivery_status"]?.stringValue == "sent" ? m?["provider_message_id"]?.stringValue : nil
        }
        XCTAssertEqual(providerID, "rl_1")

        // The gateway's delivery receipt.
        let receipt = try host.request("POST", "/hooks/sms1/status", body: "MessageId=rl_1&Status=delivered",
                                       headers: RelayAuth.headers(body: "MessageId=rl_1&Status=delivered"))
        XCTAssertEqual(receipt.status, 200, receipt.text)
        let status = try host.request("GET", "/api/v1/conversations/\(conversationID)/messages?after=\(messageID - 1)").json["messages"]?.arrayValue?.first
        XCTAssertEqual(status?["delivery_status"]?.stringValue, "delivered")
    }

    /// Operators disable, re-enable and upgrade the plugin while a provider keeps sending
    /// (retrying whatever is not acknowledged, as providers do): nothing is lost or doubled.
    func testDisableEnableAndUpgradeWhileMessagesFlowLoseNothing() throws {
        let total = 300
        let acknowledged = Locked(Set<Int>())
        let url = host.baseURL + "/hooks/sms1/inbound"
        let sender = Thread {
            for i in 0..<total {
                let body = FormURLEncoding.encode([("MessageId", "flow-\(i)"), ("From", "+1555\(String(format: "%07d", i % 20))"),
                                                   ("To", "+15550000000"), ("Body", "message \(i)")])
                for _ in 0..<400 {
                    let request = HTTPClientRequest(method: "POST", url: url, headers: RelayAuth.headers(body: body), body: Array(body.utf8))
                    if let r = try? HTTPClient.perform(request), r.status == 200 { acknowledged.withLock { _ = $0.insert(i) }; break }
                    usleep(20_000)
                }
            }
        }
        sender.start()

        func waitFor(_ count: Int) throws { _ = try host.eventually("\(count) acknowledged", timeout: 60) { acknowledged.withLock { $0.count } >= count ? true : nil } }
        try waitFor(50)
        XCTAssertEqual(try host.request("POST", "/api/v1/plugins/relay/disable").status, 200)
        XCTAssertEqual(try sms("while-disabled", text: "x").status, 404, "a disabled channel takes nothing")
        usleep(300_000)
        XCTAssertEqual(try host.request("POST", "/api/v1/plugins/relay/enable").status, 200)
        try waitFor(150)

        // A new build: same code, different bytes, so a new content-addressed copy.
        let upgrade = host.pluginsDirectory + "/../relay-next"
        try FileManager.default.copyItem(atPath: host.pluginsDirectory + "/relay", toPath: upgrade)
        let library = upgrade + "/librelay.so"
        var bytes = try Data(contentsOf: URL(fileURLWithPath: library))
        bytes.append(contentsOf: Array("switchboard upgrade test".utf8))
        try bytes.write(to: URL(fileURLWithPath: library))
        var manifest = try JSON.parse(String(contentsOfFile: upgrade + "/plugin.json", encoding: .utf8)).objectValue!
        manifest["sha256"] = .string(Crypto.sha256Hex(Array(bytes)))
        try JSON.object(manifest).serialized.write(toFile: upgrade + "/plugin.json", atomically: true, encoding: .utf8)
        let before = try host.request("GET", "/api/v1/plugins/relay").json["sha256"]?.stringValue
        let upgraded = try host.request("POST", "/api/v1/plugins/relay/upgrade", json: ["path": .string(upgrade)])
        XCTAssertEqual(upgraded.status, 200, upgraded.text)
        XCTAssertNotEqual(upgraded.json["sha256"]?.stringValue, before)

        try waitFor(total)
        sender.cancel()
        var stored = 0
        var before_: Int64?
        repeat {
            let page = try host.request("GET", "/api/v1/conversations?limit=500" + (before_.map { "&before=\($0)" } ?? "")).json
            for c in page["conversations"]?.arrayValue ?? [] {
                let id = c["id"]!.stringValue!
                stored += try host.request("GET", "/api/v1/conversations/\(id)/messages?limit=1000").json["messages"]?.arrayValue?.count ?? 0
            }
            before_ = page["next_before"]?.intValue.map(Int64.init)
        } while before_ != nil
        XCTAssertEqual(stored, total, "every acknowledged message stored exactly once")
        XCTAssertTrue(host.log.contains("upgraded to 1.0.0"), host.log)
    }
}
