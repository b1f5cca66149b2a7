import Foundation
import SwitchboardSupport
import XCTest

/// Retention policies through the real host across a simulated clock: the host is restarted with its
/// privacy worker's clock 15, 45 and 70 days ahead (`--clock-offset-days`), and each time exactly what
/// the policy names is gone, nothing else.
final class RetentionTests: XCTestCase {
    func testPoliciesDeleteAndAnonymizeExactlyWhatTheySayAcrossASimulatedClock() throws {
        var host = try HostProcess(plugins: ["api"])
        defer { host.stop() }
        try host.putCredential("k", "secret")
        try host.addChannel("api1", plugin: "api", config: ["api_key_credential": "k"])
        try host.addChannel("api2", plugin: "api", config: ["api_key_credential": "k"])
        func conversation(_ channel: String, _ customer: String, attachment: Bool = false) throws -> String {
            var body: JSONObject = ["external_id": .string(customer), "message_id": .string(UUID().uuidString), "text": .string("hello from \(customer)")]
            if attachment {
                body["attachments"] = [["url": .string("https://cdn.example/\(customer).pdf"), "name": "invoice.pdf", "content_type": "application/pdf", "size": 12]]
            }
            let r = try host.request("POST", "/hooks/\(channel)/messages", json: .object(body), key: "secret")
            XCTAssertEqual(r.status, 201, r.text)
            return try XCTUnwrap(r.json["conversation_id"]?.stringValue, r.text)
        }
        let closed = try conversation("api1", "ann", attachment: true)
        let archived = try conversation("api1", "bo")
        let active = try conversation("api1", "cy", attachment: true)
        let otherChannel = try conversation("api2", "di")
        XCTAssertEqual(try host.request("POST", "/api/v1/conversations/\(closed)/close").status, 200)
        XCTAssertEqual(try host.request("POST", "/api/v1/conversations/\(archived)/archive").status, 200)
        XCTAssertEqual(try host.request("POST", "/api/v1/conversations/\(otherChannel)/close").status, 200)

        // Bad input names the field; defaults keep everything.
        let tooShort = try host.request("PUT", "/api/v1/settings/retention", json: ["rules": [["closed_conversations": ["after_days": 0]]]])
        XCTAssertEqual(tooShort.status, 400)
        XCTAssertEqual(tooShort.json["field"], "rules[0].closed_conversations.after_days")
        let halfDay = try host.request("PUT", "/api/v1/settings/retention", json: ["rules": [["attachments": ["after_days": 0.5]]]])
        XCTAssertEqual(halfDay.json["field"], "rules[0].attachments.after_days")
        let badAction = try host.request("PUT", "/api/v1/settings/retention", json: ["rules": [["closed_conversations": ["after_days": 3, "action": "shred"]]]])
        XCTAssertEqual(badAction.json["field"], "rules[0].closed_conversations.action")
        let unknown = try host.request("PUT", "/api/v1/settings/retention", json: ["rules": [["channel_instance_id": "nope", "attachments": ["after_days": 3]]]])
        XCTAssertEqual(unknown.json["field"], "rules[0].channel_instance_id")
        XCTAssertEqual(try host.request("GET", "/api/v1/settings/retention").json["rules"], [])
        let agent = try host.addAgent("sam")
        XCTAssertEqual(try host.request("GET", "/api/v1/settings/retention", key: agent.key).status, 403)

        // The pass at start (no policy yet: only expired plugin state) is over before the policy comes.
        let initial = try lastRun(host, after: nil)["finished_at"]?.stringValue
        // Everywhere: closed or archived conversations go after 30 days, attachments after 10.
        // api2: its closed conversations are anonymized after 60 days instead.
        let set = try host.request("PUT", "/api/v1/settings/retention", json: ["rules": [
            ["channel_instance_id": .null, "closed_conversations": ["after_days": 30, "action": "delete"], "attachments": ["after_days": 10]],
            ["channel_instance_id": "api2", "closed_conversations": ["after_days": 60, "action": "anonymize"]],
        ]])
        XCTAssertEqual(set.status, 200, set.text)
        // Today: nothing is old enough.
        let today = try lastRun(host, after: initial)
        XCTAssertEqual(today["conversations_deleted"]?.intValue, 0)
        XCTAssertEqual(today["attachments_removed"]?.intValue, 0)

        func later(_ days: Int) throws -> JSON {
            let before = try host.request("GET", "/api/v1/settings/retention").json["last_run"]?["finished_at"]?.stringValue
            host.stop()
            host = try HostProcess(extraArguments: ["--clock-offset-days", "\(days)"], dataDirectory: host.dataDirectory, pluginsDirectory: host.pluginsDirectory)
            return try lastRun(host, after: before)
        }
        func exists(_ id: String) throws -> Bool { try host.request("GET", "/api/v1/conversations/\(id)").status == 200 }
        func messages(_ id: String) throws -> [JSON] { try host.request("GET", "/api/v1/conversations/\(id)/messages").json["messages"]?.arrayValue ?? [] }

        // 15 days on: every attachment older than 10 days is gone, the messages stay; no conversation goes.
        let day15 = try later(15)
        XCTAssertEqual(day15["attachments_removed"]?.intValue, 2, day15.serialized)
        XCTAssertEqual(day15["conversations_deleted"]?.intValue, 0)
        for id in [closed, archived, active, otherChannel] { XCTAssertTrue(try exists(id)) }
        let kept = try XCTUnwrap(messages(active).first)
        XCTAssertEqual(kept["text"], "hello from cy")
        let attachment = kept["attachments"]?.arrayValue?.first
        XCTAssertEqual(attachment?["removed"], true, kept.serialized)
        XCTAssertNil(attachment?["url"]?.stringValue)
        XCTAssertEqual(attachment?["name"], "invoice.pdf")

        // 45 days on: api1's closed and archived conversations are deleted; the active one and api2's stay.
        let day45 = try later(45)
        XCTAssertEqual(day45["conversations_deleted"]?.intValue, 2, day45.serialized)
        XCTAssertEqual(day45["conversations_anonymized"]?.intValue, 0)
        XCTAssertFalse(try exists(closed))
        XCTAssertFalse(try exists(archived))
        XCTAssertTrue(try exists(active))
        XCTAssertEqual(try messages(otherChannel).first?["text"], "hello from di")

        // 70 days on: api2's closed conversation is kept without its personal data.
        let day70 = try later(70)
        XCTAssertEqual(day70["conversations_anonymized"]?.intValue, 1, day70.serialized)
        XCTAssertTrue(try exists(otherChannel))
        XCTAssertEqual(try messages(otherChannel).first?["text"], "")
        XCTAssertTrue(try exists(active), "an active conversation is never touched")
        XCTAssertEqual(try messages(active).first?["text"], "hello from cy")
        let trail = try XCTUnwrap(host.request("GET", "/api/v1/audit").json["entries"]?.arrayValue)
        XCTAssertTrue(trail.contains { $0["action"] == "retention.run" })
        XCTAssertTrue(trail.contains { $0["action"] == "retention.policy" })
    }

    /// Plugin bookkeeping with an expiry (ABI 1.3 kv_set_expiring) is pruned with no policy at all:
    /// the email plugin's idempotency record of a sent reply is gone a week later, its thread records stay.
    func testExpiredPluginStateIsAlwaysPruned() throws {
        let mailgun = try FakeMailgun()
        defer { mailgun.stop() }
        var host = try ErasureTests.emailHost(mailgun)
        defer { host.stop() }
        let mail = try mailgun.forward(to: host, instance: "mail1", mail: FakeMailgun.mail(
            from: "Ann <ann@customer.example>", to: "support@acme.example", subject: "Hi", plain: "Hello", stripped: "Hello", messageID: "p1@customer.example"))
        let conversation = try XCTUnwrap(mail.json["conversation_id"]?.stringValue, mail.text)
        XCTAssertEqual(try host.request("POST", "/api/v1/conversations/\(conversation)/messages", json: ["text": "Hello Ann"]).status, 202)
        _ = try host.eventually("the reply at Mailgun") { mailgun.sent.withLock { $0.isEmpty ? nil : $0[0] } }
        try host.eventually("the sent/ record") { try ErasureTests.pluginState(host, "mail1", all: true).contains { $0.hasPrefix("sent/") } ? true : nil }

        for (days, pruned) in [(3, false), (8, true)] {
            let before = try host.request("GET", "/api/v1/settings/retention").json["last_run"]?["finished_at"]?.stringValue
            host.stop()
            host = try ErasureTests.emailHost(mailgun, extra: ["--clock-offset-days", "\(days)"], dataDirectory: host.dataDirectory, pluginsDirectory: host.pluginsDirectory)
            let run = try lastRun(host, after: before)
            let keys = try ErasureTests.pluginState(host, "mail1", all: true)
            XCTAssertEqual(keys.contains { $0.hasPrefix("sent/") }, !pruned, "day \(days): \(keys)")
            XCTAssertTrue(keys.contains { $0.hasPrefix("thr/") }, "thread records have no expiry: \(keys)")
            if pruned { XCTAssertGreaterThanOrEqual(run["plugin_state_pruned"]?.intValue ?? 0, 1, run.serialized) }
        }
        XCTAssertEqual(try host.request("GET", "/api/v1/settings/retention").json["rules"], [], "no policy was set")
    }

    /// A conversation retention deletes is forgotten by its channel too: the email plugin's thread
    /// records and stored attachment go (the same durable notice as an erasure, without identities).
    func testDeletedConversationsAreForgottenByTheirChannel() throws {
        let mailgun = try FakeMailgun()
        defer { mailgun.stop() }
        var host = try ErasureTests.emailHost(mailgun)
        defer { host.stop() }
        let receipt = MultipartFormData.Part(name: "attachment-1", filename: "r.txt", contentType: "text/plain", body: Array("paid".utf8))
        let mail = try mailgun.forward(to: host, instance: "mail1", mail: FakeMailgun.mail(
            from: "Ann <ann@customer.example>", to: "support@acme.example", subject: "Hi", plain: "Hello", stripped: "Hello", messageID: "r1@customer.example"),
            files: [receipt])
        let conversation = try XCTUnwrap(mail.json["conversation_id"]?.stringValue, mail.text)
        XCTAssertEqual(try host.request("POST", "/api/v1/conversations/\(conversation)/close").status, 200)
        let thread = { (keys: [String]) in keys.filter { ["thr/", "rt/", "tok/", "mid/", "att/", "atm/"].contains(where: $0.hasPrefix) } }
        XCTAssertFalse(thread(try ErasureTests.pluginState(host, "mail1", all: true)).isEmpty)
        XCTAssertEqual(try host.request("PUT", "/api/v1/settings/retention", json: ["rules": [["closed_conversations": ["after_days": 1]]]]).status, 200)
        host.stop()
        host = try ErasureTests.emailHost(mailgun, extra: ["--clock-offset-days", "2"], dataDirectory: host.dataDirectory, pluginsDirectory: host.pluginsDirectory)
        // The pass at start, two days on (the pass the policy change asked for, today, removed nothing).
        try host.eventually("the pass two days on") { () -> Bool? in
            try host.request("GET", "/api/v1/settings/retention").json["last_run"]?["conversations_deleted"]?.intValue == 1 ? true : nil
        }
        XCTAssertEqual(try host.request("GET", "/api/v1/conversations/\(conversation)").status, 404)
        try host.eventually("the channel's records of it gone") { () -> Bool? in
            thread(try ErasureTests.pluginState(host, "mail1", all: true)).isEmpty ? true : nil
        }
    }

    /// The report of a retention pass finished after `after` (the previous one's finished_at).
    func lastRun(_ host: HostProcess, after: String?) throws -> JSON {
        try host.eventually("a retention pass") { () -> JSON? in
            let run = try host.request("GET", "/api/v1/settings/retention").json["last_run"]
            guard let run, let finished = run["finished_at"]?.stringValue, finished != after else { return .none }
            return .some(run)
        }
    }
}
