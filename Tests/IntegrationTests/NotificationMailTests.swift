import Foundation
import SwitchboardSupport
import XCTest

/// Notification e-mail through the real host and a loopback SMTP server (aiosmtpd): a burst becomes one
/// mail, the one-click unsubscribe link works, an SMTP outage loses nothing, and digests come due.
final class NotificationMailTests: XCTestCase {
    var host: HostProcess!

    func startHost(dataDirectory: String? = nil, pluginsDirectory: String? = nil, extra: [String] = []) throws {
        host = try HostProcess(plugins: ["api"], extraArguments: ["--mail-batch-ms", "400", "--mail-retry-base-ms", "100"] + extra,
                               dataDirectory: dataDirectory, pluginsDirectory: pluginsDirectory)
    }

    override func tearDown() { host?.stop() }

    func customerWrites(_ externalID: String, _ text: String = "I need help") throws -> String {
        let r = try host.request("POST", "/hooks/web/messages", json: ["external_id": .string(externalID), "message_id": .string(UUID().uuidString),
                                                                       "text": .string(text)], key: "integrator-secret")
        guard let id = r.json["conversation_id"]?.stringValue else { throw HostError("\(r.status) \(r.text)") }
        return id
    }

    func setUpWorld(sink: MailSink) throws -> (id: String, key: String) {
        try host.putCredential("api-key", "integrator-secret")
        try host.addChannel("web", plugin: "api", config: ["api_key_credential": "api-key"])
        try host.putCredential("smtp-password", "s3cret")
        let refused = try host.request("PUT", "/api/v1/notifications/email-settings", json: ["smtp_url": .string(sink.url), "from": "notify@example.com",
                                                                                              "password_credential": "nope"])
        XCTAssertEqual(refused.json["field"]?.stringValue, "password_credential", refused.text)
        XCTAssertEqual(try host.request("PUT", "/api/v1/notifications/email-settings", json: ["smtp_url": "http://x", "from": "notify@example.com"])
            .json["field"]?.stringValue, "smtp_url")
        let saved = try host.request("PUT", "/api/v1/notifications/email-settings", json: ["smtp_url": .string(sink.url), "starttls": false,
                                                                                            "from": "notify@example.com"])
        XCTAssertEqual(saved.status, 200, saved.text)
        let support = try host.addTeam("Support", isDefault: true)
        return try host.addAgent("ann", capacity: 10, teams: [support])
    }

    func testABurstIsOneMailUnsubscribeWorksAndAnOutageLosesNothing() throws {
        try startHost()
        let sink = try MailSink()
        let ann = try setUpWorld(sink: sink)
        let rules = try host.request("PUT", "/api/v1/notification-rules", json: ["rules": [["event": "assigned", "via": ["app", "email"]],
                                                                                           ["event": "bogus", "via": ["email"]]]], key: ann.key)
        XCTAssertEqual(rules.json["field"]?.stringValue, "rules[1].event")
        XCTAssertEqual(try host.request("PUT", "/api/v1/notification-rules", json: ["rules": [["event": "assigned", "via": ["app", "email"], "digest": "weekly"]]],
                                        key: ann.key).json["field"]?.stringValue, "rules[0].digest")
        XCTAssertEqual(try host.request("PUT", "/api/v1/notification-rules", json: ["rules": [["event": "assigned", "via": ["app", "email"]]]], key: ann.key).status, 200)

        // The SMTP server is down: three assignments wait, retried, with the reason in the admin's log.
        let conversations = try (1...3).map { try customerWrites("c\($0)") }
        let pending = try host.eventually("the failure in the delivery log") { () -> [JSON]? in
            let all = try host.request("GET", "/api/v1/notifications/deliveries?status=pending").json["deliveries"]?.arrayValue ?? []
            let failed = all.filter { $0["channel"] == "email" && ($0["attempts"]?.intValue ?? 0) >= 1 && $0["last_error"]?.stringValue != nil }
            return failed.count == 3 ? failed : nil
        }
        XCTAssertTrue(pending[0]["last_error"]?.stringValue?.lowercased().contains("connect") ?? false, pending[0].serialized)

        // It comes up: the burst arrives as one mail, nothing lost.
        try sink.start()
        let mail = try host.eventually("the mail", timeout: 15) { sink.mails().first }
        XCTAssertEqual(sink.mails().count, 1, "a burst is one mail")
        XCTAssertEqual(mail["rcpt_tos"], ["ann@example.com"])
        XCTAssertEqual(mail["subject"]?.stringValue, "3 new notifications in Switchboard")
        let body = try XCTUnwrap(mail["body"]?.stringValue)
        for conversation in conversations { XCTAssertTrue(body.contains("/app/c/\(conversation)"), body) }
        XCTAssertEqual(mail["headers"]?["List-Unsubscribe-Post"]?.stringValue, "List-Unsubscribe=One-Click")
        _ = try host.eventually("all three sent") { () -> Bool? in
            let sent = try host.request("GET", "/api/v1/notifications/deliveries?status=sent").json["deliveries"]?.arrayValue ?? []
            return sent.filter { $0["channel"] == "email" }.count == 3 ? true : nil
        }

        // One click on the link: no more mail for assignments, the centre still hears of them.
        let header = try XCTUnwrap(mail["headers"]?["List-Unsubscribe"]?.stringValue)
        let link = String(header.dropFirst().dropLast())
        let path = String(link[link.range(of: "/api/v1/")!.lowerBound...])
        XCTAssertEqual(try host.request("GET", path.replacingOccurrences(of: "token=", with: "token=x")).status, 400, "a forged token")
        let page = try host.request("GET", path, key: "")
        XCTAssertTrue(page.status == 200 && page.text.contains("<form method=\"post\""), "a GET only asks: \(page.text)")
        XCTAssertEqual(try host.request("GET", "/api/v1/notification-rules", key: ann.key).json["effective"]?.arrayValue?
            .first { $0["event"] == "assigned" }?["via"], ["app", "email"], "a GET unsubscribes nobody")
        let done = try host.request("POST", path, key: "")
        XCTAssertEqual(done.status, 200, done.text)
        XCTAssertEqual(done.json["event"]?.stringValue, "assigned")
        let effective = try host.request("GET", "/api/v1/notification-rules", key: ann.key).json["effective"]?.arrayValue ?? []
        XCTAssertEqual(effective.first { $0["event"] == "assigned" }?["via"], ["app"])
        let later = try customerWrites("c4")
        _ = try host.eventually("the centre hears of it") { () -> Bool? in
            let items = try host.request("GET", "/api/v1/notifications", key: ann.key).json["notifications"]?.arrayValue ?? []
            return items.contains { $0["conversation_id"]?.stringValue == later } ? true : nil
        }
        usleep(800_000)
        XCTAssertEqual(sink.mails().count, 1, "unsubscribed: no mail")
    }

    func testDigestsGatherUntilTheirTime() throws {
        try startHost()
        let sink = try MailSink()
        try sink.start()
        let ann = try setUpWorld(sink: sink)
        XCTAssertEqual(try host.request("PUT", "/api/v1/notification-rules", json: ["rules": [["event": "assigned", "via": ["app", "email"], "digest": "daily"]]],
                                        key: ann.key).status, 200)
        let first = try customerWrites("d1"), second = try customerWrites("d2")
        _ = try host.eventually("both in the centre") { () -> Bool? in
            (try host.request("GET", "/api/v1/notifications", key: ann.key).json["notifications"]?.arrayValue?.count ?? 0) == 2 ? true : nil
        }
        usleep(800_000)
        XCTAssertEqual(sink.mails().count, 0, "a digest waits for its time")

        // A day later (the host's clock injection): the digest goes out, both in one mail.
        host.stop()
        try startHost(dataDirectory: host.dataDirectory, pluginsDirectory: host.pluginsDirectory, extra: ["--clock-offset-days", "1"])
        let mail = try host.eventually("the daily digest", timeout: 15) { sink.mails().first }
        XCTAssertEqual(mail["subject"]?.stringValue, "Your daily Switchboard digest: 2 notifications")
        let body = try XCTUnwrap(mail["body"]?.stringValue)
        XCTAssertTrue(body.contains("/app/c/\(first)") && body.contains("/app/c/\(second)"), body)
        usleep(500_000)
        XCTAssertEqual(sink.mails().count, 1)
    }
}
