import Foundation
import SwitchboardDomain
import SwitchboardSupport
import XCTest

/// Erasure of a customer's data through the real host, on the email channel against the loopback
/// Mailgun: every trace a test can find goes (store, files, the plugin's thread records and
/// attachments, search, webhook dead letters), the anonymous record stays, the audit trail says
/// who asked, and the same person writing again starts a new contact.
final class ErasureTests: XCTestCase {
    let support = "support@acme.example"
    let customer = "Ann Lee <ann@customer.example>"

    func testErasureRemovesEveryTraceAndKeepsTheAnonymousRecord() throws {
        let mailgun = try FakeMailgun()
        defer { mailgun.stop() }
        let host = try Self.emailHost(mailgun, extra: ["--webhook-max-attempts", "1", "--webhook-retry-base-ms", "10"])
        defer { host.stop() }
        // A webhook receiver that is down: the customer's events end as dead letters, ready to be replayed.
        let hook = try host.request("POST", "/api/v1/webhooks", json: ["url": "http://127.0.0.1:9/down", "event_types": ["message.received"]])
        let hookID = try XCTUnwrap(hook.json["id"]?.stringValue, hook.text)

        // Ann mails with a receipt attached; an agent answers (the plugin records the thread).
        let receipt = MultipartFormData.Part(name: "attachment-1", filename: "receipt.txt", contentType: "text/plain", body: Array("card 4242 paid".utf8))
        let mail = try mailgun.forward(to: host, instance: "mail1", mail: FakeMailgun.mail(
            from: customer, to: support, subject: "Order 1001 to 1 Main St", plain: "Please ship to 1 Main St", stripped: "Please ship to 1 Main St",
            messageID: "m1@customer.example"), files: [receipt])
        XCTAssertEqual(mail.status, 200, mail.text)
        let conversation = try XCTUnwrap(mail.json["conversation_id"]?.stringValue)
        let detail = try host.request("GET", "/api/v1/conversations/\(conversation)").json
        let contact = try XCTUnwrap(detail["contact_id"]?.stringValue)
        let url = try XCTUnwrap(host.request("GET", "/api/v1/conversations/\(conversation)/messages").json["messages"]?.arrayValue?.first?["attachments"]?.arrayValue?.first?["url"]?.stringValue)
        XCTAssertEqual(try HTTPClient.perform(HTTPClientRequest(url: url)).status, 200)
        XCTAssertEqual(try host.request("POST", "/api/v1/conversations/\(conversation)/messages", json: ["text": "Shipping to 1 Main St today."]).status, 202)
        _ = try host.eventually("the reply at Mailgun") { mailgun.sent.withLock { $0.isEmpty ? nil : $0[0] } }
        _ = try host.eventually("a dead letter") { () -> Bool? in
            (try host.request("GET", "/api/v1/webhooks/\(hookID)/dead-letters").json["dead_letters"]?.arrayValue?.isEmpty == false) ? true : nil
        }
        XCTAssertFalse(try Self.pluginState(host, "mail1").isEmpty, "the plugin keeps thread records and the file")
        XCTAssertEqual(try host.request("GET", "/api/v1/inbox?q=Main%20St").json["items"]?.arrayValue?.count, 1)

        // Bad input and roles first.
        XCTAssertEqual(try host.request("POST", "/api/v1/contacts/ct_nobody/erase").status, 404)
        let agent = try host.addAgent("sam")
        XCTAssertEqual(try host.request("POST", "/api/v1/contacts/\(contact)/erase", key: agent.key).status, 403)
        let integrator = try XCTUnwrap(host.request("POST", "/api/v1/api-keys", json: ["name": "crm", "role": "integrator", "channel_instance_ids": ["mail1"]]).json["key"]?.stringValue)
        XCTAssertEqual(try host.request("POST", "/api/v1/contacts/\(contact)/erase", key: integrator).status, 403)

        let erased = try host.request("POST", "/api/v1/contacts/\(contact)/erase", json: ["reason": "request #77 by email"])
        XCTAssertEqual(erased.status, 200, erased.text)
        XCTAssertEqual(erased.json["identities"]?.intValue, 1)
        XCTAssertEqual(erased.json["conversations"]?.intValue, 1)
        XCTAssertEqual(erased.json["plugins_notified"], ["mail1"])

        // The anonymous record: the contact and conversation exist with their times and who handled them, nothing personal.
        let record = try host.request("GET", "/api/v1/contacts/\(contact)").json
        XCTAssertEqual(record["display_name"], .null, record.serialized)
        XCTAssertEqual(record["identities"]?.arrayValue?.count, 0)
        XCTAssertEqual(record["attributes"]?.objectValue?.count ?? 0, 0)
        let kept = try host.request("GET", "/api/v1/conversations/\(conversation)")
        XCTAssertEqual(kept.status, 200)
        XCTAssertNotNil(kept.json["created_at"]?.stringValue)
        let messages = try XCTUnwrap(host.request("GET", "/api/v1/conversations/\(conversation)/messages").json["messages"]?.arrayValue)
        XCTAssertEqual(messages.count, 2, "that there were two messages stays")
        XCTAssertEqual(messages.compactMap { $0["text"]?.stringValue }, ["", ""])
        XCTAssertTrue(messages.allSatisfy { ($0["attachments"]?.arrayValue ?? []).isEmpty })
        XCTAssertEqual(messages.map { $0["direction"]?.stringValue ?? "" }, ["inbound", "outbound"])
        let everything = try host.request("GET", "/api/v1/conversations/\(conversation)/events").text
        XCTAssertFalse(everything.contains("Main St"), everything)
        XCTAssertFalse(everything.contains("ann@customer.example"), everything)

        // Search finds nothing; the plugin forgot the thread and the file; the dead letters are gone.
        XCTAssertEqual(try host.request("GET", "/api/v1/inbox?q=Main%20St").json["items"]?.arrayValue?.count, 0)
        XCTAssertEqual(try host.request("GET", "/api/v1/inbox?q=ann%40customer").json["items"]?.arrayValue?.count, 0)
        do {
            try host.eventually("the plugin's records erased") { () -> Bool? in try Self.pluginState(host, "mail1").isEmpty ? true : nil }
        } catch {
            XCTFail("left in the plugin's state: \(try Self.pluginState(host, "mail1"))\n\(host.log.suffix(3000))")
        }
        XCTAssertEqual(try HTTPClient.perform(HTTPClientRequest(url: url)).status, 404)
        XCTAssertEqual(try host.request("GET", "/api/v1/webhooks/\(hookID)/dead-letters").json["dead_letters"]?.arrayValue?.count, 0)
        let db = try host.database()
        let leftovers = try db.queryOne("""
            SELECT (SELECT COUNT(*) FROM messages WHERE text LIKE '%Main St%') + (SELECT COUNT(*) FROM events WHERE data LIKE '%Main St%' OR data LIKE '%ann@%')
                 + (SELECT COUNT(*) FROM contact_identities WHERE value LIKE '%ann@%') + (SELECT COUNT(*) FROM contacts WHERE attributes LIKE '%Ann%' OR display_name LIKE '%Ann%')
            """) { $0.int(0) }
        XCTAssertEqual(leftovers, 0)

        // The audit trail says who asked and why; it cannot be undone.
        let trail = try XCTUnwrap(host.request("GET", "/api/v1/audit?subject=contact:\(contact)").json["entries"]?.arrayValue)
        XCTAssertEqual(trail.first?["action"], "contact.erased")
        XCTAssertTrue(trail.first?["actor"]?.stringValue?.hasPrefix("key:") == true)
        XCTAssertEqual(trail.first?["detail"]?["reason"], "request #77 by email")

        // Ann writes again, in the same thread: a new contact and a new conversation.
        let again = try mailgun.forward(to: host, instance: "mail1", mail: FakeMailgun.mail(
            from: customer, to: support, subject: "Re: Order", plain: "Me again", stripped: "Me again", messageID: "m2@customer.example",
            inReplyTo: "<m1@customer.example>"))
        XCTAssertEqual(again.status, 200, again.text)
        let newConversation = try XCTUnwrap(again.json["conversation_id"]?.stringValue)
        XCTAssertNotEqual(newConversation, conversation)
        let newContact = try host.request("GET", "/api/v1/conversations/\(newConversation)").json["contact_id"]?.stringValue
        XCTAssertNotEqual(newContact, contact)
    }

    /// The real host with an email instance "mail1" on the loopback Mailgun.
    static func emailHost(_ mailgun: FakeMailgun, extra: [String] = [], dataDirectory: String? = nil, pluginsDirectory: String? = nil) throws -> HostProcess {
        let port = try EmailChannelTests.freeLoopbackPort()
        let host = try HostProcess(plugins: ["email", "api"], extraArguments: ["--listen", "127.0.0.1:\(port)", "--public-url", "http://127.0.0.1:\(port)"] + extra,
                                   dataDirectory: dataDirectory, pluginsDirectory: pluginsDirectory)
        guard dataDirectory == nil else { return host }
        try host.putCredential("mg-key", mailgun.apiKey)
        try host.putCredential("mg-signing", mailgun.signingKey)
        try host.addChannel("mail1", plugin: "email", config: [
            "support_address": "support@acme.example", "support_name": "Acme Support", "mailgun_domain": .string(mailgun.domain), "region": "eu",
            "api_base_url": .string(mailgun.baseURL), "api_key_credential": "mg-key", "signing_key_credential": "mg-signing", "max_attachment_bytes": 2048])
        return host
    }

    /// The instance's key-value entries, read from the host's database.
    static func pluginState(_ host: HostProcess, _ instance: String, all: Bool = false) throws -> [String] {
        let db = try host.database()
        if all { return try db.query("SELECT key FROM plugin_state WHERE instance_id = ? ORDER BY key", [.text(instance)]) { $0.text(0) } }
        // Not about the customer: the webhook guard's replay records (sig/, sgc/: expiring) and delivery
        // idempotency records (sent/<host key> → Mailgun's message id).
        return try db.query("SELECT key FROM plugin_state WHERE instance_id = ? AND key NOT LIKE 'sig/%' AND key NOT LIKE 'sgc/%' AND key NOT LIKE 'sent/%' ORDER BY key", [.text(instance)]) { $0.text(0) }
    }
}
