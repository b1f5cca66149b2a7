import Foundation
import SwitchboardSupport
import XCTest

/// A web chat conversation moving to another channel: the visitor's own choice (email through the
/// loopback Mailgun; a planned kind whose replies wait), the automatic fallback when the visitor's
/// connection is dead, and a kind whose plugin is disabled, which is neither offered nor taken.
final class WebChatSwitchingTests: XCTestCase {
    var world: WebChatWorld!

    override func setUpWithError() throws { world = try WebChatWorld() }
    override func tearDown() { world?.stop() }

    func offeredKinds() throws -> [String] {
        let config = try world.widget("GET", "/config")
        return config.json["switch_destinations"]?.arrayValue?.compactMap { $0["kind"]?.stringValue } ?? []
    }

    func testTheVisitorMovesToEmailAndTheNextReplyGoesOutByMail() throws {
        try world.addEmailChannel()
        // Messenger needs a running Page to hand out its m.me link, so a planned Messenger is not offered.
        XCTAssertEqual(try offeredKinds(), ["email", "sms", "whatsapp"], "email runs; sms and whatsapp are planned")
        let visitor = try world.session(["name": "Ann Lee", "email": "ann@customer.example"])
        let first = try world.send(visitor.token, "Can you mail me the invoice?")
        let stream = try world.stream(visitor.token)
        _ = try stream.next(2) // the replay: the message and the status

        // The address is the one from the pre-chat form.
        let moved = try world.widget("POST", "/switch", json: ["kind": "email"], token: visitor.token)
        XCTAssertEqual(moved.status, 200, moved.text)
        XCTAssertEqual(moved.json["target"], "mail1")
        XCTAssertEqual(moved.json["waiting"], false)
        XCTAssertEqual(moved.json["identity_kind"], "email")
        XCTAssertEqual(moved.json["identity_value"], "ann@customer.example")
        let shown = try stream.next(1)[0]
        XCTAssertEqual(shown.event, "switched")
        XCTAssertEqual(shown.json["kind"], "email")
        XCTAssertEqual(shown.json["address"], "ann@customer.example")

        let conversation = try world.host.request("GET", "/api/v1/conversations/\(first.conversationID)").json
        XCTAssertEqual(conversation["channel_instance_id"], "mail1")
        let replyID = try world.reply(first.conversationID, "Here is your invoice.")
        let mail = try world.host.eventually("the reply at Mailgun") { world.mailgun.sent.withLock { $0.first } }
        XCTAssertEqual(mail.recipients, ["ann@customer.example"])
        XCTAssertTrue(mail.field("text")?.contains("Here is your invoice.") == true, mail.field("text") ?? "")
        try world.waitForStatus(first.conversationID, replyID, "sent")
        XCTAssertTrue(try stream.drain(for: 0.5).allSatisfy { $0.event != "message" }, "the reply went by mail, not to the widget")

        // The widget remembers where the conversation went, and still shows the whole history.
        let reloaded = try world.session(["visitor_token": .string(visitor.token)])
        XCTAssertEqual(reloaded.json["switched"]?["kind"], "email")
        let history = try world.widget("GET", "/messages", token: reloaded.token)
        XCTAssertEqual(history.json["messages"]?.arrayValue?.compactMap { $0["id"]?.intValue }, [first.messageID, replyID])
        XCTAssertEqual(history.json["conversation"]?["channel_kind"], "email")
        stream.close()
    }

    func testASwitchToAPlannedKindIsRecordedAndTheReplyWaitsVisibly() throws {
        let visitor = try world.session(["name": "Bo"])
        let first = try world.send(visitor.token, "Text me instead, please")
        let moved = try world.widget("POST", "/switch", json: ["kind": "sms", "address": "+1 555 010 9999"], token: visitor.token)
        XCTAssertEqual(moved.status, 200, moved.text)
        XCTAssertEqual(moved.json["waiting"], true)
        XCTAssertEqual(moved.json["identity_kind"], "phone")
        XCTAssertEqual(moved.json["identity_value"], "+15550109999")
        let events = try world.host.request("GET", "/api/v1/conversations/\(first.conversationID)/events").json
        let switchEvent = events["events"]?.arrayValue?.first { $0["type"]?.stringValue == "conversation.channel_switched" }
        XCTAssertEqual(switchEvent?["data"]?["reason"], "customer", events.serialized)

        let replyID = try world.reply(first.conversationID, "We'll text you.")
        _ = try world.host.eventually("the reply to wait for an SMS channel") { () -> Bool? in
            let m = try world.message(first.conversationID, replyID)
            return m?["delivery_status"]?.stringValue == "queued" && (m?["delivery_detail"]?.stringValue ?? "").contains("sms") ? true : nil
        }
        XCTAssertEqual(try world.session(["visitor_token": .string(visitor.token)]).json["switched"]?["waiting"], true)
    }

    func testADeadConnectionMovesTheConversationToTheFallbackWithItsNotice() throws {
        try world.addEmailChannel()
        try world.reconfigure(["idle_fallback_channel": "email", "idle_fallback_message": "You left the chat; we continue by email.",
                               "reconnect_grace_seconds": 1])
        let visitor = try world.session(["name": "Cy", "email": "cy@customer.example"])
        let first = try world.send(visitor.token, "Quick question")
        let stream = try world.stream(visitor.token)
        _ = try stream.next(2)

        // With a fallback, a reply shown in the widget is delivered once the visitor has seen it.
        let shownID = try world.reply(first.conversationID, "Ask away!")
        XCTAssertEqual(try stream.next(1)[0].eventID, Int64(shownID))
        Thread.sleep(forTimeInterval: 0.5)
        XCTAssertEqual(try world.message(first.conversationID, shownID)?["delivery_status"], "queued", "not seen yet")
        XCTAssertEqual(try world.widget("POST", "/seen", json: ["message_id": .from(shownID)], token: visitor.token).status, 202)
        try world.waitForStatus(first.conversationID, shownID, "read")

        // The tab closes for good: past the reconnect grace the next reply moves the conversation to email, notice first.
        stream.close()
        Thread.sleep(forTimeInterval: 3)
        let replyID = try world.reply(first.conversationID, "Did that help?")
        let mails = try world.host.eventually("the notice and the reply at Mailgun") { () -> [FakeMailgun.Sent]? in
            world.mailgun.sent.withLock { $0.count >= 2 ? $0 : nil }
        }
        XCTAssertTrue(mails[0].field("text")?.contains("we continue by email") == true, mails[0].field("text") ?? "")
        XCTAssertTrue(mails[1].field("text")?.contains("Did that help?") == true, mails[1].field("text") ?? "")
        XCTAssertEqual(mails[1].recipients, ["cy@customer.example"])
        try world.waitForStatus(first.conversationID, replyID, "sent")
        XCTAssertEqual(try world.host.request("GET", "/api/v1/conversations/\(first.conversationID)").json["channel_instance_id"], "mail1")
        let events = try world.host.request("GET", "/api/v1/conversations/\(first.conversationID)/events").json["events"]?.arrayValue ?? []
        XCTAssertEqual(events.first { $0["type"]?.stringValue == "conversation.channel_switched" }?["data"]?["reason"], "idle")
    }

    func testRepliesQueuedBehindOneHeldUntilSeenAreShownAtOnce() throws {
        try world.addEmailChannel()
        try world.reconfigure(["idle_fallback_channel": "email", "idle_fallback_message": "We continue by email."])
        let visitor = try world.session(["name": "Di", "email": "di@customer.example"])
        let first = try world.send(visitor.token, "Two questions")
        let stream = try world.stream(visitor.token)
        _ = try stream.next(2)

        // Held until seen, the first reply would hold the second back in the outbox: both are shown now.
        let a = try world.reply(first.conversationID, "First answer")
        let b = try world.reply(first.conversationID, "Second answer")
        let shown = try stream.next(2)
        XCTAssertEqual(shown.map(\.eventID), [Int64(a), Int64(b)])
        XCTAssertEqual(try world.message(first.conversationID, b)?["delivery_status"], "queued", "not seen yet")
        // Seeing both delivers both, in order, and nothing is pushed twice.
        XCTAssertEqual(try world.widget("POST", "/seen", json: ["message_id": .from(b)], token: visitor.token).status, 202)
        try world.waitForStatus(first.conversationID, a, "read")
        try world.waitForStatus(first.conversationID, b, "read")
        XCTAssertTrue(try stream.drain(for: 0.5).filter { $0.event == "message" }.isEmpty)
    }

    func testAKindWhosePluginIsDisabledIsNeitherOfferedNorTaken() throws {
        try world.addEmailChannel()
        let visitor = try world.session(["email": "di@customer.example"])
        let first = try world.send(visitor.token, "hello")
        XCTAssertTrue(try offeredKinds().contains("email"))
        XCTAssertEqual(try world.host.request("POST", "/api/v1/plugins/email/disable").status, 200)
        XCTAssertFalse(try offeredKinds().contains("email"))
        let refused = try world.widget("POST", "/switch", json: ["kind": "email"], token: visitor.token)
        XCTAssertEqual(refused.status, 409, refused.text)
        XCTAssertEqual(refused.json["field"], "kind")
        XCTAssertEqual(try world.host.request("GET", "/api/v1/conversations/\(first.conversationID)").json["channel_instance_id"], "site")
    }
}
