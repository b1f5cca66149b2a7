import Foundation
import SwitchboardSupport
import SwitchboardTransport
import XCTest

/// The email channel (Plugins/Email) in the real host, against the loopback Mailgun: customers
/// mail the support address, replies go out through Mailgun and answers thread back; side
/// conversations with vendors stay off the customer's thread.
final class EmailChannelTests: XCTestCase {
    var host: HostProcess!
    var mailgun: FakeMailgun!
    let support = "support@acme.example"
    let customer = "Ann Lee <ann@customer.example>"

    override func setUpWithError() throws {
        mailgun = try FakeMailgun()
        // A known port, so the public URL (in attachment links) is where the host really listens.
        let port = try Self.freeLoopbackPort()
        host = try HostProcess(plugins: ["email", "api"], extraArguments: ["--max-body", "4194304", "--listen", "127.0.0.1:\(port)",
                                                                         "--public-url", "http://127.0.0.1:\(port)"])
        try host.putCredential("mg-key", mailgun.apiKey)
        try host.putCredential("mg-signing", mailgun.signingKey)
        try host.addChannel("mail1", plugin: "email", config: config())
    }

    override func tearDown() {
        host?.stop()
        mailgun?.stop()
    }

    static func freeLoopbackPort() throws -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw HostError("no free port") }
        return UInt16(bigEndian: address.sin_port)
    }

    func config(_ extra: JSONObject = [:]) -> JSON {
        var object: JSONObject = ["support_address": .string(support), "support_name": "Acme Support", "mailgun_domain": .string(mailgun.domain),
                                  "region": "eu", "api_base_url": .string(mailgun.baseURL), "api_key_credential": "mg-key",
                                  "signing_key_credential": "mg-signing", "max_attachment_bytes": 2048]
        for (k, v) in extra { object[k] = v }
        return .object(object)
    }

    /// The customer's first mail: stored, a new conversation.
    func firstMail(subject: String = "Order 1001 missing", id: String = "m1@customer.example") throws -> String {
        let r = try mailgun.forward(to: host, instance: "mail1", mail: FakeMailgun.mail(
            from: customer, to: support, subject: subject,
            plain: "Where is my order?\n\nOn Sat, Ann wrote:\n> old text", stripped: "Where is my order?", messageID: id))
        XCTAssertEqual(r.status, 200, r.text)
        XCTAssertEqual(r.json["status"], "stored")
        return try XCTUnwrap(r.json["conversation_id"]?.stringValue)
    }

    func messages(_ conversation: String) throws -> [JSON] {
        try host.request("GET", "/api/v1/conversations/\(conversation)/messages").json["messages"]?.arrayValue ?? []
    }

    func waitForMail(_ count: Int) throws -> FakeMailgun.Sent {
        try host.eventually("\(count) mails at Mailgun") { mailgun.sent.withLock { $0.count >= count ? $0[count - 1] : nil } }
    }

    func testCustomerMailReplyAndAnswerFromTheirMailClientStayInOneConversation() throws {
        let conversation = try firstMail()
        var stored = try messages(conversation)
        XCTAssertEqual(stored.count, 1)
        XCTAssertEqual(stored[0]["text"], "Where is my order?", "the quoted history is gone (Mailgun's stripped-text)")
        XCTAssertEqual(stored[0]["rich"]?["subject"], "Order 1001 missing")
        let contact = try host.request("GET", "/api/v1/conversations/\(conversation)").json["contact"]
        XCTAssertEqual(contact?["display_name"], "Ann Lee")

        // An agent answers in Markdown: HTML and plain parts, threading headers, the reply address.
        let reply = try host.request("POST", "/api/v1/conversations/\(conversation)/messages",
                                     json: ["text": "We're on it: **tracking** [here](https://t.example/1)", "format": "markdown"])
        XCTAssertEqual(reply.status, 202, reply.text)
        let mail = try waitForMail(1)
        XCTAssertEqual(mail.field("from"), "\"Acme Support\" <\(support)>")
        XCTAssertEqual(mail.all("to"), ["ann@customer.example"])
        XCTAssertEqual(mail.field("subject"), "Re: Order 1001 missing")
        XCTAssertEqual(mail.field("h:In-Reply-To"), "<m1@customer.example>")
        XCTAssertEqual(mail.field("h:References"), "<m1@customer.example>")
        let replyTo = try XCTUnwrap(mail.field("h:Reply-To"))
        XCTAssertTrue(replyTo.hasPrefix("reply+") && replyTo.hasSuffix("@\(mailgun.domain)"), replyTo)
        XCTAssertTrue(mail.field("html")?.contains("<strong>tracking</strong>") == true, mail.field("html") ?? "")
        XCTAssertTrue(mail.field("html")?.contains("<a href=\"https://t.example/1\">here</a>") == true)
        XCTAssertEqual(mail.field("text"), "We're on it: tracking here (https://t.example/1)")
        XCTAssertTrue(mail.contentType.hasPrefix("application/x-www-form-urlencoded"))
        let sentID = try host.eventually("the reply marked sent") { () -> String? in
            let m = try messages(conversation).last
            return m?["delivery_status"] == "sent" ? m?["provider_message_id"]?.stringValue : nil
        }
        XCTAssertEqual(sentID, mail.id, "Mailgun's Message-Id is the provider id (without brackets)")

        // The customer answers from their mail client: to the Reply-To, with In-Reply-To and References.
        let answer = try mailgun.forward(to: host, instance: "mail1", mail: FakeMailgun.mail(
            from: customer, to: replyTo, subject: "Re: Order 1001 missing", plain: "Thanks!\n\n> We're on it", stripped: "Thanks!",
            messageID: "m2@customer.example", inReplyTo: "<\(mail.id)>", references: "<m1@customer.example> <\(mail.id)>"))
        XCTAssertEqual(answer.status, 200, answer.text)
        XCTAssertEqual(answer.json["conversation_id"]?.stringValue, conversation)
        XCTAssertEqual(answer.json["created_conversation"], false)

        // Mailgun retries the same mail (a new signature): stored once.
        let retry = try mailgun.forward(to: host, instance: "mail1", mail: FakeMailgun.mail(
            from: customer, to: replyTo, subject: "Re: Order 1001 missing", plain: "Thanks!", stripped: "Thanks!",
            messageID: "m2@customer.example", inReplyTo: "<\(mail.id)>"))
        XCTAssertEqual(retry.json["status"], "duplicate", retry.text)

        // Headers lost (a client that drops them): the reply address alone finds the conversation.
        let bare = try mailgun.forward(to: host, instance: "mail1", mail: FakeMailgun.mail(
            from: customer, to: replyTo, subject: "one more thing", plain: "Also: gift wrap?", messageID: "m3@customer.example"))
        XCTAssertEqual(bare.json["conversation_id"]?.stringValue, conversation, bare.text)

        // The second reply threads on the whole chain.
        XCTAssertEqual(try host.request("POST", "/api/v1/conversations/\(conversation)/messages", json: ["text": "Sure."]).status, 202)
        let second = try waitForMail(2)
        XCTAssertEqual(second.field("h:In-Reply-To"), "<m3@customer.example>")
        XCTAssertEqual(second.field("h:References"), "<m1@customer.example> <\(mail.id)> <m2@customer.example> <m3@customer.example>")
        XCTAssertEqual(second.field("h:Reply-To"), replyTo, "one reply address per conversation")

        // Mailgun's delivered event is the first reply's receipt.
        let event = try mailgun.event(to: host, instance: "mail1", name: "delivered", messageID: mail.id)
        XCTAssertEqual(event.status, 200, event.text)
        stored = try messages(conversation)
        XCTAssertEqual(stored.first { $0["provider_message_id"]?.stringValue == mail.id }?["delivery_status"], "delivered")
        XCTAssertEqual(stored.filter { $0["direction"] == "inbound" }.count, 3)

        // A new mail that answers nothing starts its own conversation.
        let fresh = try firstMail(subject: "Another question", id: "m9@customer.example")
        XCTAssertNotEqual(fresh, conversation)
    }

    func testAnAgentStackAnswersByMailAndTheCustomersAnswerThreads() throws {
        let imported = try host.request("POST", "/api/v1/knowledge/import", json: ["collection": "help", "articles": [
            ["title": "Where is my order?", "body": "Every parcel gets a tracking link by email as soon as it ships."]]])
        XCTAssertEqual(imported.status, 200, imported.text)
        let stack: JSON = ["id": "mailbot", "name": "Mail bot", "collections": ["help"],
                           "topics": [["name": "shipping", "examples": ["where is my order", "where is my parcel", "track my order",
                                                                        "has my order shipped", "when will my parcel arrive"]]],
                           "handover": ["min_confidence": 0.0]]
        let put = try host.request("PUT", "/api/v1/stacks/mailbot", json: stack)
        XCTAssertTrue(put.status == 201 || put.status == 200, put.text)
        XCTAssertEqual(try host.request("PATCH", "/api/v1/channels/mail1", json: ["binding": ["kind": "stack", "ref": "mailbot"]]).status, 200)

        let conversation = try firstMail(subject: "Where is my order?")
        let mail = try waitForMail(1)
        XCTAssertTrue(mail.field("text")?.contains("tracking link") == true, mail.field("text") ?? "")
        XCTAssertEqual(mail.field("h:In-Reply-To"), "<m1@customer.example>")
        let stackReply = try XCTUnwrap(try messages(conversation).first { $0["direction"] == "outbound" })
        XCTAssertEqual(stackReply["author_kind"], "stack")

        let answer = try mailgun.forward(to: host, instance: "mail1", mail: FakeMailgun.mail(
            from: customer, to: try XCTUnwrap(mail.field("h:Reply-To")), subject: "Re: Where is my order?", plain: "Got it, thanks",
            messageID: "m2@customer.example", inReplyTo: "<\(mail.id)>"))
        XCTAssertEqual(answer.json["conversation_id"]?.stringValue, conversation, answer.text)
    }

    func testSideConversationWithAVendorNeverReachesTheCustomer() throws {
        let conversation = try firstMail()
        let agent = try host.addAgent("dana")
        XCTAssertEqual(try host.request("POST", "/api/v1/conversations/\(conversation)/assign", json: ["agent_id": .string(agent.id)]).status, 200)
        let before = try host.request("GET", "/api/v1/conversations/\(conversation)").json
        XCTAssertEqual(before["engagement"], "pending")

        // The agent opens a side conversation with the courier.
        let started = try host.request("POST", "/api/v1/conversations/\(conversation)/side-conversations", json: [
            "subject": "Parcel for order 1001", "to": [["name": "Courier desk", "address": "desk@courier.example"]],
            "text": "Can you confirm where parcel **1001** is?", "format": "markdown"], key: agent.key)
        XCTAssertEqual(started.status, 201, started.text)
        let side = try XCTUnwrap(started.json["id"]?.stringValue)
        XCTAssertEqual(started.json["channel_instance_id"], "mail1")
        let mail = try waitForMail(1)
        XCTAssertEqual(mail.all("to"), ["\"Courier desk\" <desk@courier.example>"])
        XCTAssertEqual(mail.field("subject"), "Parcel for order 1001")
        XCTAssertNil(mail.field("h:In-Reply-To"), "a new thread")
        XCTAssertTrue(mail.field("html")?.contains("<strong>1001</strong>") == true)
        let sideReplyTo = try XCTUnwrap(mail.field("h:Reply-To"))
        XCTAssertFalse(mail.recipients.contains { $0.contains("ann@customer.example") })

        // The vendor answers; it lands in the side thread.
        let vendor = try mailgun.forward(to: host, instance: "mail1", mail: FakeMailgun.mail(
            from: "Courier desk <desk@courier.example>", to: sideReplyTo, subject: "Re: Parcel for order 1001",
            plain: "It is at the depot, out tomorrow.\n\nOn Sun, Acme wrote:\n> Can you confirm", stripped: "It is at the depot, out tomorrow.",
            messageID: "v1@courier.example", inReplyTo: "<\(mail.id)>"))
        XCTAssertEqual(vendor.status, 200, vendor.text)
        XCTAssertEqual(vendor.json["side_conversation_id"]?.stringValue, side)

        let opened = try host.request("GET", "/api/v1/side-conversations/\(side)", key: agent.key)
        XCTAssertEqual(opened.status, 200, opened.text)
        let thread = opened.json["messages"]?.arrayValue ?? []
        XCTAssertEqual(thread.map { $0["direction"]?.stringValue ?? "" }, ["outbound", "inbound"])
        XCTAssertEqual(thread.last?["text"], "It is at the depot, out tomorrow.")
        XCTAssertEqual(thread.last?["author_id"], "desk@courier.example")
        XCTAssertEqual(thread.first?["delivery_status"], "sent")
        let listed = try host.request("GET", "/api/v1/conversations/\(conversation)/side-conversations", key: agent.key)
        XCTAssertEqual(listed.json["side_conversations"]?.arrayValue?.map { $0["id"]?.stringValue }, [side])

        // The agent answers in the side thread: threaded on the vendor's mail.
        XCTAssertEqual(try host.request("POST", "/api/v1/side-conversations/\(side)/messages", json: ["text": "Thanks!"], key: agent.key).status, 202)
        let second = try waitForMail(2)
        XCTAssertEqual(second.field("h:In-Reply-To"), "<v1@courier.example>")
        XCTAssertEqual(second.field("subject"), "Re: Parcel for order 1001")
        XCTAssertEqual(second.field("h:Reply-To"), sideReplyTo)

        // The customer's conversation is untouched: no new message, engagement as it was.
        let after = try host.request("GET", "/api/v1/conversations/\(conversation)").json
        XCTAssertEqual(after["messages"]?.arrayValue?.count, 1)
        XCTAssertEqual(after["engagement"], "pending")
        XCTAssertEqual(after["updated_at"], before["updated_at"])
        XCTAssertFalse(mailgun.sent.withLock { $0 }.contains { $0.recipients.contains { $0.contains("ann@customer.example") } },
                       "nothing was mailed to the customer")

        // The team sees the events; an integrator key on the same channel sees none of it.
        let events = try host.request("GET", "/api/v1/conversations/\(conversation)/events").json["events"]?.arrayValue ?? []
        XCTAssertEqual(events.filter { $0["type"] == "side_conversation.started" }.count, 1)
        XCTAssertEqual(events.filter { $0["type"] == "side_conversation.message" }.count, 3)
        let integrator = try host.request("POST", "/api/v1/api-keys", json: ["name": "crm", "role": "integrator", "channel_instance_ids": ["mail1"]])
        let crm = try XCTUnwrap(integrator.json["key"]?.stringValue)
        let seen = try host.request("GET", "/api/v1/conversations/\(conversation)/events", key: crm)
        XCTAssertEqual(seen.status, 200, seen.text)
        XCTAssertFalse(seen.json["events"]?.arrayValue?.isEmpty ?? true)
        XCTAssertFalse(seen.json["events"]?.arrayValue?.contains { $0["type"]?.stringValue?.hasPrefix("side_conversation.") == true } ?? true)
        XCTAssertEqual(try host.request("GET", "/api/v1/conversations/\(conversation)/side-conversations", key: crm).status, 403)
        XCTAssertEqual(try host.request("GET", "/api/v1/side-conversations/\(side)", key: crm).status, 403)

        // Another agent, who may not see the conversation, may not see its side conversations either.
        let other = try host.addAgent("omar")
        XCTAssertEqual(try host.request("GET", "/api/v1/side-conversations/\(side)", key: other.key).status, 404)
        XCTAssertEqual(try host.request("GET", "/api/v1/conversations/\(conversation)/side-conversations", key: other.key).status, 404)
    }

    func testSideConversationCanCopyTheCustomerOnRequest() throws {
        let conversation = try firstMail()
        let started = try host.request("POST", "/api/v1/conversations/\(conversation)/side-conversations", json: [
            "subject": "Your parcel", "to": [["address": "desk@courier.example"]], "cc_customer": true,
            "text": "Courier: please contact the customer directly."])
        XCTAssertEqual(started.status, 201, started.text)
        XCTAssertEqual(started.json["participants"]?.arrayValue?.last?["customer"], true)
        let mail = try waitForMail(1)
        XCTAssertEqual(mail.all("cc"), ["\"Ann Lee\" <ann@customer.example>"])

        // Refusals: no recipient; a channel that carries no side conversations; a bad recipient address.
        XCTAssertEqual(try host.request("POST", "/api/v1/conversations/\(conversation)/side-conversations",
                                        json: ["subject": "x", "text": "y"]).status, 400)
        try host.putCredential("api-key", "integrator-secret")
        try host.addChannel("api1", plugin: "api", config: ["api_key_credential": "api-key"])
        let wrong = try host.request("POST", "/api/v1/conversations/\(conversation)/side-conversations",
                                     json: ["subject": "x", "text": "y", "to": [["address": "a@b.example"]], "channel_instance_id": "api1"])
        XCTAssertEqual(wrong.status, 409, wrong.text)
        let bad = try host.request("POST", "/api/v1/conversations/\(conversation)/side-conversations",
                                   json: ["subject": "x", "text": "y", "to": [["address": "not-an-address"]]])
        XCTAssertEqual(bad.status, 201, "the model takes any address; the email channel refuses it at delivery")
        let sideID = try XCTUnwrap(bad.json["id"]?.stringValue)
        let failed = try host.eventually("the bad address to fail") { () -> JSON? in
            let m = try host.request("GET", "/api/v1/side-conversations/\(sideID)").json["messages"]?.arrayValue?.first
            return m?["delivery_status"] == "failed" ? m : nil
        }
        XCTAssertTrue(failed["delivery_detail"]?.stringValue?.contains("not an email address") == true, "\(failed)")
    }

    func testBadSignatureStaleTimestampReusedTokenAndNoSenderAreRefusedAndNothingIsStored() throws {
        let mail = FakeMailgun.mail(from: customer, to: support, subject: "Hi", plain: "Hello", messageID: "bad1@customer.example")
        XCTAssertEqual(try mailgun.forward(to: host, instance: "mail1", mail: mail, signed: mailgun.signature(key: "not-the-key")).status, 401)
        let stale = mailgun.signature(timestamp: Int64(Date().timeIntervalSince1970) - 86_400)
        XCTAssertEqual(try mailgun.forward(to: host, instance: "mail1", mail: mail, signed: stale).status, 406)
        var tampered = mailgun.signature()
        tampered[2].value = String(tampered[2].value.reversed())
        XCTAssertEqual(try mailgun.forward(to: host, instance: "mail1", mail: mail, signed: tampered).status, 401)

        // A signature is good for one mail: the same token with another body is a replay.
        let signed = mailgun.signature()
        let first = try mailgun.forward(to: host, instance: "mail1", mail: mail, signed: signed)
        XCTAssertEqual(first.status, 200, first.text)
        let other = FakeMailgun.mail(from: "Mallory <m@evil.example>", to: support, subject: "Hi", plain: "Pay here", messageID: "evil@evil.example")
        XCTAssertEqual(try mailgun.forward(to: host, instance: "mail1", mail: other, signed: signed).status, 406)
        // The same request again (Mailgun retrying after a lost answer) is fine, and stores nothing new.
        XCTAssertEqual(try mailgun.forward(to: host, instance: "mail1", mail: mail, signed: signed).json["status"], "duplicate")

        // No usable sender: refused for good, with the reason in the log.
        var nobody = FakeMailgun.mail(from: "undisclosed-recipients:;", to: support, subject: "?", plain: "x", messageID: "nobody@x.example")
        nobody = nobody.map { $0.name == "sender" ? ($0.name, "") : $0 }
        let refused = try mailgun.forward(to: host, instance: "mail1", mail: nobody)
        XCTAssertEqual(refused.status, 406, refused.text)
        XCTAssertTrue(host.log.contains("no usable sender"), host.log)

        // An auto-reply is refused too, so an out-of-office cannot loop with an Agent Stack.
        let ooo = FakeMailgun.mail(from: customer, to: support, subject: "Out of office", plain: "Away", messageID: "ooo@customer.example",
                                   extraHeaders: [("Auto-Submitted", "auto-replied")])
        XCTAssertEqual(try mailgun.forward(to: host, instance: "mail1", mail: ooo).status, 406)

        // Event webhooks are held to the same signature.
        XCTAssertEqual(try host.request("POST", "/hooks/mail1/events", body: #"{"signature":{"timestamp":"1","token":"t","signature":"x"},"event-data":{"event":"delivered"}}"#,
                                        headers: [("Content-Type", "application/json")]).status, 401)

        let conversations = try host.request("GET", "/api/v1/conversations").json["conversations"]?.arrayValue ?? []
        XCTAssertEqual(conversations.count, 1, "only the one good mail was stored")
        let stored = try messages(try XCTUnwrap(conversations.first?["id"]?.stringValue))
        XCTAssertEqual(stored.map { $0["text"]?.stringValue ?? "" }, ["Hello"])
    }

    func testAttachmentsAreKeptAndAnOversizedOneIsDroppedWithANote() throws {
        let small = MultipartFormData.Part(name: "attachment-1", filename: "receipt.txt", contentType: "text/plain", body: Array("paid 12.00".utf8))
        let big = MultipartFormData.Part(name: "attachment-2", filename: "photo.jpg", contentType: "image/jpeg", body: [UInt8](repeating: 7, count: 5000))
        let r = try mailgun.forward(to: host, instance: "mail1", mail: FakeMailgun.mail(
            from: customer, to: support, subject: "Receipt", plain: "See attached", stripped: "See attached", messageID: "att@customer.example"),
            files: [small, big])
        XCTAssertEqual(r.status, 200, r.text)
        let conversation = try XCTUnwrap(r.json["conversation_id"]?.stringValue)
        let message = try XCTUnwrap(try messages(conversation).first)
        XCTAssertEqual(message["text"], "See attached\n\n[Attachment not kept: photo.jpg (5000 bytes) is over the 2048-byte limit]")
        let attachments = message["attachments"]?.arrayValue ?? []
        XCTAssertEqual(attachments.count, 1)
        XCTAssertEqual(attachments.first?["name"], "receipt.txt")
        XCTAssertEqual(attachments.first?["size"], 10)
        let url = try XCTUnwrap(attachments.first?["url"]?.stringValue)
        let file = try HTTPClient.perform(HTTPClientRequest(url: url))
        XCTAssertEqual(file.status, 200)
        XCTAssertEqual(file.text, "paid 12.00")
        XCTAssertEqual(file.header("Content-Type"), "text/plain")

        // An agent forwards the customer's file in a reply: it goes to Mailgun as a multipart file part.
        XCTAssertEqual(try host.request("POST", "/api/v1/conversations/\(conversation)/messages", json: [
            "text": "Here is your receipt back", "attachments": [["name": "receipt.txt", "url": .string(url), "content_type": "text/plain"]]]).status, 202)
        let mail = try waitForMail(1)
        XCTAssertTrue(mail.contentType.hasPrefix("multipart/form-data"), mail.contentType)
        XCTAssertEqual(mail.files.map { $0.filename ?? "" }, ["receipt.txt"])
        XCTAssertEqual(mail.files.first?.text, "paid 12.00")
    }

    func testTheInstanceShowsItsDNSRecordsAndWhetherTheyAreVerified() throws {
        let status = try host.eventually("the domain status") { () -> JSON? in
            let s = try host.request("GET", "/api/v1/channels/mail1").json["plugin_status"]
            return s?["dns_records"] != nil ? s : nil
        }
        XCTAssertEqual(status["verified"], false)
        XCTAssertEqual(status["state"], "unverified")
        let records = status["dns_records"]?.arrayValue ?? []
        XCTAssertEqual(Set(records.compactMap { $0["use"]?.stringValue }), ["spf", "dkim", "mx", "tracking"])
        XCTAssertTrue(records.allSatisfy { $0["valid"] == false })

        // The operator fixed DNS; a configuration change (or the next check) shows it verified.
        mailgun.dnsValid.withLock { $0 = true }
        XCTAssertEqual(try host.request("PATCH", "/api/v1/channels/mail1", json: ["config": config(["support_name": "Acme Help"])]).status, 200)
        _ = try host.eventually("verified") { () -> Bool? in
            try host.request("GET", "/api/v1/channels/mail1").json["plugin_status"]?["verified"] == true ? true : nil
        }
    }

    func testPermanentFailureEventsAndMailgunOutagesShowOnTheMessage() throws {
        let conversation = try firstMail()
        mailgun.failNext.withLock { $0 = [503] }
        XCTAssertEqual(try host.request("POST", "/api/v1/conversations/\(conversation)/messages", json: ["text": "Hello"]).status, 202)
        let mail = try waitForMail(1)
        let stored = try host.eventually("sent after the retry") { () -> JSON? in
            let m = try messages(conversation).last
            return m?["delivery_status"] == "sent" ? m : nil
        }
        XCTAssertEqual(stored["provider_message_id"]?.stringValue, mail.id)
        let bounce = try mailgun.event(to: host, instance: "mail1", name: "failed", messageID: mail.id, severity: "permanent", reason: "bounce")
        XCTAssertEqual(bounce.status, 200, bounce.text)
        let failed = try XCTUnwrap(try messages(conversation).last)
        XCTAssertEqual(failed["delivery_status"], "failed")
        XCTAssertTrue(failed["delivery_detail"]?.stringValue?.contains("bounce") == true, "\(failed)")
        // A temporary failure is Mailgun still trying: no receipt. An unknown id is not ours: ignored.
        XCTAssertEqual(try mailgun.event(to: host, instance: "mail1", name: "failed", messageID: mail.id, severity: "temporary").json["status"], "ignored")
        XCTAssertEqual(try mailgun.event(to: host, instance: "mail1", name: "delivered", messageID: "other@elsewhere").json["status"], "ignored")
    }

    /// The fake itself holds to Mailgun's contract, so a plugin that drifts from it fails here.
    func testTheFakeMailgunEnforcesTheContract() throws {
        let base = mailgun.baseURL
        func post(_ path: String, auth: String?, body: String, type: String = "application/x-www-form-urlencoded") throws -> HTTPClientResponse {
            try HTTPClient.perform(HTTPClientRequest(method: "POST", url: base + path, headers: [("Content-Type", type)], body: Array(body.utf8),
                                                     basicAuth: auth))
        }
        let good = "from=a%40acme.example&to=b%40c.example&subject=s&text=t"
        XCTAssertEqual(try post("/v3/\(mailgun.domain)/messages", auth: "api:wrong", body: good).status, 401)
        XCTAssertEqual(try post("/v3/\(mailgun.domain)/messages", auth: nil, body: good).status, 401)
        XCTAssertEqual(try post("/v3/other.example/messages", auth: "api:\(mailgun.apiKey)", body: good).status, 404)
        XCTAssertEqual(try post("/v3/\(mailgun.domain)/messages", auth: "api:\(mailgun.apiKey)", body: "from=a%40acme.example&to=b%40c.example&text=t").status, 400)
        XCTAssertEqual(try post("/v3/\(mailgun.domain)/messages", auth: "api:\(mailgun.apiKey)", body: good + "&bogus=1").status, 400)
        XCTAssertEqual(try post("/v3/\(mailgun.domain)/messages", auth: "api:\(mailgun.apiKey)", body: good + "&attachment=x").status, 400)
        let ok = try post("/v3/\(mailgun.domain)/messages", auth: "api:\(mailgun.apiKey)", body: good + "&h:In-Reply-To=%3Cx%40y%3E&v:k=1")
        XCTAssertEqual(ok.status, 200)
        XCTAssertTrue((try JSON.parse(ok.body))["id"]?.stringValue?.hasPrefix("<") == true)
    }
}
