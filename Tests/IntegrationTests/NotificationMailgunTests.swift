import Foundation
import SwitchboardSupport
import SwitchboardTransport
import XCTest

/// Notification e-mail through an e-mail channel's Mailgun domain (the plugin's admin operation
/// `notification.send`) instead of SMTP, through the real host and the loopback Mailgun, and the
/// unsubscribe link that asks before it acts.
final class NotificationMailgunTests: XCTestCase {
    var host: HostProcess!
    var mailgun: FakeMailgun!

    override func setUpWithError() throws {
        mailgun = try FakeMailgun()
        host = try HostProcess(plugins: ["email", "api"], extraArguments: ["--mail-batch-ms", "400", "--mail-retry-base-ms", "100"])
        try host.putCredential("mg-key", mailgun.apiKey)
        try host.putCredential("mg-signing", mailgun.signingKey)
        try host.putCredential("api-key", "integrator-secret")
        try host.addChannel("mail1", plugin: "email", config: [
            "support_address": "support@acme.example", "support_name": "Acme Support", "mailgun_domain": .string(mailgun.domain),
            "api_base_url": .string(mailgun.baseURL), "api_key_credential": "mg-key", "signing_key_credential": "mg-signing",
        ])
        try host.addChannel("web", plugin: "api", config: ["api_key_credential": "api-key"])
    }

    override func tearDown() {
        host?.stop()
        mailgun?.stop()
    }

    func customerWrites(_ externalID: String) throws -> String {
        let r = try host.request("POST", "/hooks/web/messages", json: ["external_id": .string(externalID), "message_id": .string(UUID().uuidString),
                                                                       "text": "I need help"], key: "integrator-secret")
        guard let id = r.json["conversation_id"]?.stringValue else { throw HostError("\(r.status) \(r.text)") }
        return id
    }

    func testNotificationMailGoesThroughTheEmailChannelsMailgunDomain() throws {
        func put(_ body: JSON) throws -> (status: Int, json: JSON, text: String) {
            try host.request("PUT", "/api/v1/notifications/email-settings", json: body)
        }
        XCTAssertEqual(try put(["transport": "email_channel"]).json["field"]?.stringValue, "channel_instance_id")
        XCTAssertEqual(try put(["transport": "email_channel", "channel_instance_id": "nope"]).json["field"]?.stringValue, "channel_instance_id")
        let wrongPlugin = try put(["transport": "email_channel", "channel_instance_id": "web"])
        XCTAssertEqual(wrongPlugin.status, 400)
        XCTAssertEqual(wrongPlugin.json["field"]?.stringValue, "channel_instance_id", wrongPlugin.text)
        XCTAssertEqual(try put(["transport": "pigeon"]).json["field"]?.stringValue, "transport")
        let saved = try put(["transport": "email_channel", "channel_instance_id": "mail1"])
        XCTAssertEqual(saved.status, 200, saved.text)
        XCTAssertEqual(try host.request("GET", "/api/v1/notifications/email-settings").json,
                       ["transport": "email_channel", "channel_instance_id": "mail1"])

        let support = try host.addTeam("Support", isDefault: true)
        let ann = try host.addAgent("ann", capacity: 10, teams: [support])
        XCTAssertEqual(try host.request("PUT", "/api/v1/notification-rules", json: ["rules": [["event": "assigned", "via": ["app", "email"]]]],
                                        key: ann.key).status, 200)

        // Mailgun is down for the first attempt: the mail waits with the reason, then goes out once.
        mailgun.failNext.withLock { $0 = [503] }
        let conversation = try customerWrites("c1")
        _ = try host.eventually("the failure in the delivery log") { () -> Bool? in
            let all = try host.request("GET", "/api/v1/notifications/deliveries").json["deliveries"]?.arrayValue ?? []
            return all.contains { $0["channel"] == "email" && ($0["last_error"]?.stringValue ?? "").contains("503") } ? true : nil
        }
        let sent = try host.eventually("the mail through Mailgun", timeout: 15) { self.mailgun.sent.withLock { $0.first } }
        XCTAssertEqual(sent.field("from"), "\"Acme Support\" <support@acme.example>")
        XCTAssertEqual(sent.field("to"), "\"Ann\" <ann@example.com>")
        XCTAssertTrue(sent.field("subject")?.hasPrefix("Assigned to you") ?? false, sent.field("subject") ?? "")
        XCTAssertTrue(sent.field("text")?.contains("/app/c/\(conversation)") ?? false, sent.field("text") ?? "")
        XCTAssertEqual(sent.field("h:List-Unsubscribe-Post"), "List-Unsubscribe=One-Click")
        XCTAssertEqual(sent.field("h:Auto-Submitted"), "auto-generated")
        _ = try host.eventually("recorded as sent") { () -> Bool? in
            let all = try host.request("GET", "/api/v1/notifications/deliveries?status=sent").json["deliveries"]?.arrayValue ?? []
            return all.contains { $0["channel"] == "email" } ? true : nil
        }
        usleep(500_000)
        XCTAssertEqual(mailgun.sent.withLock { $0.count }, 1, "sent once")

        // The link asks first: a GET (a mail scanner, a link preview) changes nothing.
        let header = try XCTUnwrap(sent.field("h:List-Unsubscribe"))
        let link = String(header.dropFirst().dropLast())
        let path = String(link[link.range(of: "/api/v1/")!.lowerBound...])
        let page = try host.request("GET", path, key: "")
        XCTAssertEqual(page.status, 200)
        XCTAssertTrue(page.text.contains("<form method=\"post\"") && page.text.contains("assigned"), page.text)
        func effectiveEmail() throws -> Bool {
            let effective = try host.request("GET", "/api/v1/notification-rules", key: ann.key).json["effective"]?.arrayValue ?? []
            return effective.first { $0["event"] == "assigned" }?["via"]?.arrayValue?.contains("email") ?? false
        }
        XCTAssertTrue(try effectiveEmail(), "a GET unsubscribes nobody")
        XCTAssertEqual(try host.request("GET", path.replacingOccurrences(of: "token=", with: "token=x"), key: "").status, 400, "a forged token")

        // The page's button (a browser's form POST) applies it and answers with a page.
        let done = try host.request("POST", path, body: "List-Unsubscribe=One-Click", key: "",
                                    headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "text/html")])
        XCTAssertEqual(done.status, 200, done.text)
        XCTAssertTrue(done.text.contains("Unsubscribed"), done.text)
        XCTAssertFalse(try effectiveEmail())
    }

    func testTheOperationChecksItsArguments() throws {
        func call(_ args: JSON) throws -> (status: Int, json: JSON, text: String) {
            try host.request("POST", "/api/v1/channels/mail1/operations/notification.send", json: args)
        }
        XCTAssertEqual(try call(["subject": "s", "text": "t"]).json["field"]?.stringValue, "to")
        XCTAssertEqual(try call(["to": "not an address", "subject": "s", "text": "t"]).json["field"]?.stringValue, "to")
        XCTAssertEqual(try call(["to": "a@example.com", "subject": "two\r\nlines", "text": "t"]).json["field"]?.stringValue, "subject")
        XCTAssertEqual(try call(["to": "a@example.com", "subject": "s", "text": "t", "list_unsubscribe": "javascript:alert(1)"])
            .json["field"]?.stringValue, "list_unsubscribe")
        XCTAssertEqual(mailgun.sent.withLock { $0.count }, 0, "nothing reached Mailgun")
        let ok = try call(["to": "a@example.com", "subject": "Test", "text": "Hello"])
        XCTAssertEqual(ok.status, 200, ok.text)
        XCTAssertNotNil(ok.json["id"]?.stringValue)
        mailgun.failNext.withLock { $0 = [401] }
        XCTAssertEqual(try call(["to": "a@example.com", "subject": "Test", "text": "Hello"]).status, 502)
    }
}
