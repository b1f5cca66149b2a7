import Foundation
import SwitchboardSupport
import XCTest

/// Draft mode through the real host, on an email instance bound to a stack with `"mode": "draft"`:
/// the stack's turn writes a draft instead of mailing the customer, the conversation goes to
/// people marked "AI draft ready", and people approve it as is, edit then send it, or discard it;
/// a customer mail newer than the draft makes approving it a 409 until confirmed. The stack's
/// usage report counts how people decided.
final class StackDraftTests: XCTestCase {
    var host: HostProcess!
    var mailgun: FakeMailgun!
    let support = "support@acme.example"

    override func setUpWithError() throws {
        mailgun = try FakeMailgun()
        let port = try EmailChannelTests.freeLoopbackPort()
        host = try HostProcess(plugins: ["email"], extraArguments: ["--listen", "127.0.0.1:\(port)", "--public-url", "http://127.0.0.1:\(port)"])
        try host.putCredential("mg-key", mailgun.apiKey)
        try host.putCredential("mg-signing", mailgun.signingKey)
        try host.addChannel("mail1", plugin: "email", config: [
            "support_address": .string(support), "support_name": "Acme Support", "mailgun_domain": .string(mailgun.domain), "region": "eu",
            "api_base_url": .string(mailgun.baseURL), "api_key_credential": "mg-key", "signing_key_credential": "mg-signing"])
        try host.sql("INSERT INTO teams (id, name, created_at, updated_at) VALUES ('tier1', 'Tier 1', 0, 0)")
        XCTAssertEqual(try host.request("POST", "/api/v1/knowledge/import", json: ["collection": "help", "articles": [
            ["title": "Where is my order?", "body": "Every parcel gets a tracking link by email as soon as it ships."]]]).status, 200)
        let put = try host.request("PUT", "/api/v1/stacks/mailbot", json: [
            "id": "mailbot", "name": "Mail bot", "collections": ["help"], "handover_team": "tier1",
            "topics": [["name": "shipping", "examples": ["where is my order", "where is my parcel", "track my order", "has my order shipped"]]],
            "handover": ["min_confidence": 0.0]])
        XCTAssertTrue(put.status == 201 || put.status == 200, put.text)
        let bound = try host.request("PATCH", "/api/v1/channels/mail1", json: ["binding": ["kind": "stack", "ref": "mailbot", "mode": "draft"]])
        XCTAssertEqual(bound.status, 200, bound.text)
        XCTAssertEqual(bound.json["binding"]?["mode"], "draft")
    }

    override func tearDown() {
        host?.stop()
        mailgun?.stop()
    }

    /// A customer's mail; returns the conversation once its draft is ready.
    func mail(from: String, id: String, text: String = "Where is my order?", inReplyTo: String? = nil) throws -> (conversation: String, draft: JSON) {
        let r = try mailgun.forward(to: host, instance: "mail1", mail: FakeMailgun.mail(
            from: from, to: support, subject: "Where is my order?", plain: text, messageID: id, inReplyTo: inReplyTo))
        XCTAssertEqual(r.status, 200, r.text)
        let conversation = try XCTUnwrap(r.json["conversation_id"]?.stringValue)
        let draft = try host.eventually("the draft of \(conversation)") { () -> JSON? in
            let d = try host.request("GET", "/api/v1/conversations/\(conversation)").json["draft"]
            return d == .null ? Optional<JSON>.none : d
        }
        return (conversation, draft ?? .null)
    }

    func approve(_ conversation: String, _ draft: JSON, _ body: JSON = [:]) throws -> (status: Int, json: JSON, text: String) {
        try host.request("POST", "/api/v1/conversations/\(conversation)/drafts/\(draft["id"]?.intValue ?? 0)/approve", json: body)
    }

    func sentMessage(_ conversation: String) throws -> JSON? {
        try host.request("GET", "/api/v1/conversations/\(conversation)").json["messages"]?.arrayValue?.first { $0["direction"] == "outbound" }
    }

    func testADraftIsWrittenQueuedForPeopleAndApprovedAsIsOrEdited() throws {
        let (first, draft) = try mail(from: "Ann <ann@customer.example>", id: "a1@customer.example")
        XCTAssertTrue(draft["text"]?.stringValue?.contains("tracking link") == true, "\(draft)")
        XCTAssertEqual(draft["stack_id"], "mailbot")
        XCTAssertEqual(draft["state"], "pending")
        XCTAssertNotEqual(draft["confidence"], .null)
        XCTAssertEqual(draft["passages"]?.arrayValue?.first?["title"], "Where is my order?", "the passages it used")
        let c = try host.request("GET", "/api/v1/conversations/\(first)").json
        XCTAssertEqual(c["agent_stack"], .null, "people have it")
        XCTAssertEqual(c["team_id"], "tier1")
        XCTAssertNotEqual(c["queued_at"], .null, "queued for people like a handover")
        XCTAssertNil(try sentMessage(first), "nothing went to the customer")
        XCTAssertTrue(mailgun.sent.withLock { $0.isEmpty })
        let handover = try XCTUnwrap((try host.request("GET", "/api/v1/conversations/\(first)/events").json["events"]?.arrayValue ?? [])
            .first { $0["type"] == "stack.handover" })
        XCTAssertEqual(handover["data"]?["reason"], "draft_ready")
        let ready = try host.request("GET", "/api/v1/inbox?draft=ready").json["items"]?.arrayValue ?? []
        XCTAssertEqual(ready.map { $0["id"] }, [.string(first)], "the inbox filters \"AI draft ready\"")
        XCTAssertEqual(ready.first?["draft_ready"], true)
        XCTAssertEqual(try host.request("GET", "/api/v1/inbox?draft=soon").status, 400)

        // Approved as is: the customer gets the draft, the message says it was AI-drafted and by whom approved.
        let approved = try approve(first, draft)
        XCTAssertEqual(approved.status, 200, approved.text)
        XCTAssertEqual(approved.json["draft"]?["state"], "approved")
        let approvedMail = try host.eventually("the approved mail") { mailgun.sent.withLock { $0.first } }
        XCTAssertTrue(approvedMail.field("text")?.contains("tracking link") == true)
        let sent = try XCTUnwrap(try sentMessage(first))
        XCTAssertEqual(sent["author_kind"], "agent")
        XCTAssertEqual(sent["ai_draft"]?["edited"], false)
        XCTAssertEqual(sent["ai_draft"]?["stack_id"], "mailbot")
        XCTAssertTrue(sent["ai_draft"]?["approved_by"]?.stringValue?.hasPrefix("key:") == true, "\(sent)")
        XCTAssertEqual(try approve(first, draft).status, 409, "decided already")
        XCTAssertEqual(try host.request("GET", "/api/v1/inbox?draft=ready").json["items"]?.arrayValue?.count, 0)

        // Edited, then sent.
        let (second, secondDraft) = try mail(from: "Bob <bob@customer.example>", id: "b1@customer.example")
        let edited = try approve(second, secondDraft, ["text": "Hi Bob, your parcel left today: the tracking link is in your mail."])
        XCTAssertEqual(edited.status, 200, edited.text)
        XCTAssertEqual(edited.json["draft"]?["state"], "edited")
        let editedMail = try host.eventually("the edited mail") { mailgun.sent.withLock { $0.count == 2 ? $0[1] : nil } }
        XCTAssertTrue(editedMail.field("text")?.contains("Hi Bob, your parcel left today") == true, editedMail.field("text") ?? "")
        XCTAssertEqual(try sentMessage(second)?["ai_draft"]?["edited"], true)
        XCTAssertEqual(try approve(second, secondDraft, ["text": ""]).status, 400, "empty text: discard instead")
        let events = try host.request("GET", "/api/v1/conversations/\(second)/events").json["events"]?.arrayValue ?? []
        XCTAssertEqual(events.filter { $0["type"] == "draft.approved" }.first?["data"]?["edited"], true)
    }

    func testADraftIsDiscardedAndAStaleOneNeedsConfirmation() throws {
        // Integrators' review flows hear of drafts through signed event webhooks.
        let receiver = try WebhookReceiver()
        defer { receiver.stop() }
        let subscribed = try host.request("POST", "/api/v1/webhooks", json: ["url": .string(receiver.url), "event_types": ["draft.*"]])
        XCTAssertEqual(subscribed.status, 201, subscribed.text)
        receiver.secret.withLock { $0 = subscribed.json["secret"]?.stringValue ?? "" }
        let (first, draft) = try mail(from: "Ann <ann@customer.example>", id: "a1@customer.example")
        let discarded = try host.request("POST", "/api/v1/conversations/\(first)/drafts/\(draft["id"]?.intValue ?? 0)/discard")
        XCTAssertEqual(discarded.status, 200, discarded.text)
        XCTAssertEqual(discarded.json["state"], "discarded")
        XCTAssertEqual(try host.request("GET", "/api/v1/conversations/\(first)").json["draft"], .null)
        XCTAssertEqual(try host.request("POST", "/api/v1/conversations/\(first)/drafts/99999/approve", json: [:]).status, 404)
        XCTAssertEqual(try host.request("POST", "/api/v1/conversations/\(first)/drafts/x/approve", json: [:]).status, 400)

        // The customer writes again while the draft waits: approving it asks for confirmation.
        let (second, secondDraft) = try mail(from: "Bob <bob@customer.example>", id: "b1@customer.example")
        let again = try mailgun.forward(to: host, instance: "mail1", mail: FakeMailgun.mail(
            from: "Bob <bob@customer.example>", to: support, subject: "Re: Where is my order?", plain: "Actually, I need it by Friday.",
            messageID: "b2@customer.example", inReplyTo: "<b1@customer.example>"))
        XCTAssertEqual(again.json["conversation_id"]?.stringValue, second, again.text)
        let stale = try approve(second, secondDraft)
        XCTAssertEqual(stale.status, 409, stale.text)
        XCTAssertEqual(stale.json["error"], "stale_draft", stale.text)
        XCTAssertTrue(mailgun.sent.withLock { $0.isEmpty }, "nothing sent")
        let confirmed = try approve(second, secondDraft, ["confirm": true])
        XCTAssertEqual(confirmed.status, 200, confirmed.text)
        _ = try host.eventually("the confirmed mail") { mailgun.sent.withLock { $0.first } }

        // An integrator's own draft through REST, and the stack's approval figures.
        let created = try host.request("POST", "/api/v1/conversations/\(first)/drafts", json: ["text": "We are on it."])
        XCTAssertEqual(created.status, 201, created.text)
        XCTAssertEqual(created.json["stack_id"], .null)
        XCTAssertEqual(try host.request("POST", "/api/v1/conversations/\(first)/drafts", json: [:]).status, 400)
        let usage = try host.request("GET", "/api/v1/stacks/mailbot/usage").json
        XCTAssertEqual(usage["drafts"], ["written": 2, "approved_unchanged": 1, "edited": 0, "discarded": 1, "pending": 0])
        // Bounded by UTC days: today's drafts are in today, none in the days after (a range of times on both stores).
        let today = String(Clock.iso8601(Clock.nowMillis()).prefix(10)), later = String(Clock.iso8601(Clock.nowMillis() + 86_400_000).prefix(10))
        XCTAssertEqual(try host.request("GET", "/api/v1/stacks/mailbot/usage?from=\(today)&to=\(today)").json["drafts"]?["written"], 2)
        XCTAssertEqual(try host.request("GET", "/api/v1/stacks/mailbot/usage?from=\(later)").json["drafts"]?["written"], 0)
        XCTAssertEqual(try host.request("GET", "/api/v1/stacks/mailbot/usage?to=\(today)").json["drafts"]?["written"], 2)

        let delivered = try host.eventually("the draft events at the webhook") { () -> [String]? in
            let types = receiver.delivered.map(\.type)
            return types.count >= 5 ? types : nil
        }
        XCTAssertEqual(delivered.sorted(), ["draft.approved", "draft.created", "draft.created", "draft.created", "draft.discarded"])
        XCTAssertTrue(receiver.all.allSatisfy(\.signed))
    }
}
