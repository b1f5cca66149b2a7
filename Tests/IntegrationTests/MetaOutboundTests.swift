import Foundation
import MetaFake
import SwitchboardSupport
import XCTest

/// Replies on Messenger through the real host and a Graph API fake that enforces Meta's window:
/// RESPONSE inside 24 h, HUMAN_AGENT for people up to 7 days, Agent Stacks refused past 24 h,
/// everything refused after 7 days (before Meta is called); receipts only forward; echoes; a
/// revoked token; taking a Page over; and the web chat's "continue on Messenger".
final class MetaOutboundTests: XCTestCase {
    var world: MetaWorld!

    override func tearDown() { world?.stop() }

    private func start(plugins: [String] = ["messenger", "instagram"]) throws {
        world = try MetaWorld(plugins: plugins)
        try world.addAllChannels()
    }

    /// A customer message on Page A written `hoursAgo` (Meta's timestamp), and its conversation.
    private func customerWrote(_ user: String, hoursAgo: Double, page: String = MetaWorld.pageA, instance: String = "fb-a",
                               mid: String? = nil) throws -> String {
        let batch = MetaPayloads.messengerBatch([(pageID: page, events: [
            MetaPayloads.text(from: user, to: page, mid: mid ?? "m.\(user).\(hoursAgo)", text: "Hello from \(user)",
                              timestampMs: MetaWorld.time(hoursAgo: hoursAgo))])])
        XCTAssertEqual(try world.post(batch).status, 200)
        return try world.host.eventually("\(user)'s conversation") { () -> String? in
            try world.conversations(on: instance).first { c in
                (try? world.conversation(c["id"]?.stringValue ?? ""))?["contact"]?["identities"]?.arrayValue?.first?["value"]?.stringValue == user
            }?["id"]?.stringValue
        }
    }

    func testInsideTheWindowAReplyGoesAsAResponseAndReceiptsOnlyMoveForward() throws {
        try start()
        let conversation = try customerWrote("u-1", hoursAgo: 1)
        XCTAssertEqual(try world.conversation(conversation)["reply_window"]?["state"], "open")
        let id = try world.reply(conversation, "Your parcel left our warehouse today.")
        let sent = try world.settled(conversation, id)
        XCTAssertEqual(sent["delivery_status"], "sent", "\(sent)")
        let call = try XCTUnwrap(world.graph.sent.last)
        XCTAssertEqual(call.assetID, MetaWorld.pageA)
        XCTAssertEqual(call.recipientID, "u-1")
        XCTAssertEqual(call.messagingType, "RESPONSE")
        XCTAssertNil(call.tag)
        XCTAssertEqual(sent["provider_message_id"]?.stringValue, call.messageID)

        // An agent typing shows as Meta's typing indicator.
        XCTAssertEqual(try world.host.request("POST", "/api/v1/conversations/\(conversation)/typing").json["relayed"], true)
        let typing = try world.host.eventually("typing_on") { world.graph.sent.first { $0.senderAction == "typing_on" } }
        XCTAssertEqual(typing.recipientID, "u-1")

        // Meta echoes our own send: no second message. A reply typed in Meta's inbox is kept, by "Meta inbox".
        let now = MetaWorld.time()
        XCTAssertEqual(try world.post(MetaPayloads.messengerBatch([(pageID: MetaWorld.pageA, events: [
            MetaPayloads.echo(from: MetaWorld.pageA, to: "u-1", mid: call.messageID, text: "Your parcel left our warehouse today.", appID: "1234", timestampMs: now),
            MetaPayloads.echo(from: MetaWorld.pageA, to: "u-1", mid: "m.inbox", text: "Sent from the Page inbox", appID: nil, timestampMs: now + 1),
        ])])).status, 200)
        let echoed = try world.host.eventually("the inbox echo") { () -> JSON? in
            try world.messages(conversation).first { $0["provider_message_id"] == "m.inbox" }
        }
        XCTAssertEqual(echoed["direction"], "outbound")
        XCTAssertEqual(echoed["author_id"], "Meta inbox")
        XCTAssertEqual(echoed["delivery_status"], "sent")
        XCTAssertEqual(try world.messages(conversation).filter { $0["provider_message_id"]?.stringValue == call.messageID }.count, 1)
        XCTAssertEqual(world.graph.sent.filter { $0.senderAction == nil }.count, 1, "an echo is never sent again")

        // Read, then a late "delivered": the message stays read.
        let later = MetaWorld.time() + 1_000
        XCTAssertEqual(try world.post(MetaPayloads.messengerBatch([(pageID: MetaWorld.pageA, events: [
            MetaPayloads.read(from: "u-1", to: MetaWorld.pageA, watermark: later)])])).status, 200)
        _ = try world.host.eventually("read") { try world.settled(conversation, id)["delivery_status"] == "read" ? true : nil }
        XCTAssertEqual(try world.post(MetaPayloads.messengerBatch([(pageID: MetaWorld.pageA, events: [
            MetaPayloads.delivery(from: "u-1", to: MetaWorld.pageA, mids: [call.messageID], watermark: later)])])).status, 200)
        usleep(300_000)
        XCTAssertEqual(try world.settled(conversation, id)["delivery_status"], "read")
    }

    func testAFileInAReplyIsUploadedToMetaAndSentByItsAttachmentID() throws {
        try start()
        // The customer's photo is in the host's file store: the agent sends it back with the reply.
        let photo: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 42, count: 500)
        let cdn = world.graph.hostMedia(photo, contentType: "image/png")
        XCTAssertEqual(try world.post(MetaPayloads.messengerBatch([(pageID: MetaWorld.pageA, events: [
            MetaPayloads.attachment(from: "u-file", to: MetaWorld.pageA, mid: "m.file", type: "image", url: cdn, timestampMs: MetaWorld.time())])])).status, 200)
        let conversation = try world.onlyConversation(on: "fb-a")
        let stored = try XCTUnwrap(try world.messages(conversation).first?["attachments"]?.arrayValue?.first)
        let reply = try world.host.request("POST", "/api/v1/conversations/\(conversation)/messages", json: [
            "text": "Is this the box you mean?", "attachments": [stored]])
        XCTAssertEqual(reply.status, 202, reply.text)
        let id = try XCTUnwrap(reply.json["id"]?.intValue)
        XCTAssertEqual(try world.settled(conversation, id)["delivery_status"], "sent")
        let upload = try XCTUnwrap(world.graph.uploads.last)
        XCTAssertEqual(upload.assetID, MetaWorld.pageA)
        XCTAssertEqual(upload.type, "image")
        XCTAssertEqual(upload.bytes, photo, "the file itself went to Meta: the host need not be reachable from the internet")
        let sent = world.graph.sent.filter { $0.recipientID == "u-file" }
        XCTAssertEqual(sent.map(\.text), ["Is this the box you mean?", nil])
        XCTAssertEqual(sent.last?.attachmentID, upload.attachmentID)
    }

    func testPastADayOnlyAPersonMayReplyTaggedHumanAgentAndAfterAWeekNobody() throws {
        try start()
        let lateButOpen = try customerWrote("u-30h", hoursAgo: 30)
        let window = try world.conversation(lateButOpen)["reply_window"]
        XCTAssertEqual(window?["state"], "human_only", "\(String(describing: window))")
        let id = try world.reply(lateButOpen, "Sorry for the wait: a refund is on its way.")
        XCTAssertEqual(try world.settled(lateButOpen, id)["delivery_status"], "sent")
        let call = try XCTUnwrap(world.graph.sent.last)
        XCTAssertEqual(call.messagingType, "MESSAGE_TAG")
        XCTAssertEqual(call.tag, "HUMAN_AGENT")

        let closed = try customerWrote("u-8d", hoursAgo: 8 * 24)
        XCTAssertEqual(try world.conversation(closed)["reply_window"]?["state"], "closed")
        let before = world.graph.sent.count
        let refused = try world.settled(closed, try world.reply(closed, "Hello again?"))
        XCTAssertEqual(refused["delivery_status"], "failed")
        XCTAssertTrue(refused["delivery_detail"]?.stringValue?.contains("reply window") == true, "\(refused)")
        XCTAssertEqual(world.graph.sent.count, before, "refused before Meta is called")
    }

    func testAnAgentStacksReplyPastADayIsRefusedWithAVisibleReason() throws {
        try start()
        let imported = try world.host.request("POST", "/api/v1/knowledge/import", json: ["collection": "help", "articles": [
            ["title": "Returns", "body": "Return any pair of shoes within 30 days with the prepaid label in the box."]]])
        XCTAssertEqual(imported.status, 200, imported.text)
        let stack: JSON = ["id": "shoes-bot", "name": "Shoe assistant", "greeting": "Hi, I'm Acme's assistant.", "collections": ["help"],
                           "handover": ["min_confidence": 0.99, "message": "A colleague will take it from here."]]
        let put = try world.host.request("PUT", "/api/v1/stacks/shoes-bot", json: stack)
        XCTAssertTrue([200, 201].contains(put.status), put.text)
        XCTAssertEqual(try world.host.request("PATCH", "/api/v1/channels/fb-b", json: ["binding": ["kind": "stack", "ref": "shoes-bot"]]).status, 200)
        let conversation = try customerWrote("u-stack", hoursAgo: 30, page: MetaWorld.pageB, instance: "fb-b")
        let failed = try world.host.eventually("the stack's reply refused", timeout: 15) { () -> JSON? in
            try world.messages(conversation).first { $0["author_kind"] == "stack" && $0["delivery_status"] == "failed" }
        }
        XCTAssertTrue(failed["delivery_detail"]?.stringValue?.contains("automated reply") == true, "\(failed)")
        XCTAssertFalse(world.graph.sent.contains { $0.recipientID == "u-stack" }, "nothing reached Meta")
    }

    func testARevokedTokenPutsTheInstanceInNeedsReconnectWithoutARetryStorm() throws {
        try start()
        let conversation = try customerWrote("u-r", hoursAgo: 1)
        world.graph.revokeToken()
        let failed = try world.settled(conversation, try world.reply(conversation, "Are you there?"))
        XCTAssertEqual(failed["delivery_status"], "failed", "\(failed)")
        let status = try world.host.eventually("needs_reconnect") { () -> JSON? in
            let s = try world.channelStatus("fb-a")["plugin_status"]
            return s?["needs_reconnect"] == true ? s : nil
        }
        XCTAssertNotEqual(status["reason"], .null)
        let calls = world.graph.received.filter { $0.method == "POST" && $0.path.hasSuffix("/messages") }.count
        let second = try world.settled(conversation, try world.reply(conversation, "Hello?"))
        XCTAssertEqual(second["delivery_status"], "failed")
        XCTAssertEqual(world.graph.received.filter { $0.method == "POST" && $0.path.hasSuffix("/messages") }.count, calls,
                       "while reconnecting, replies fail without calling Meta")
    }

    func testARateLimitIsRetriedAndAnUnavailablePersonFailsWithMetasReason() throws {
        try start()
        let conversation = try customerWrote("u-busy", hoursAgo: 1)
        world.graph.rateLimitNext(2)
        let retried = try world.settled(conversation, try world.reply(conversation, "Thanks for waiting."))
        XCTAssertEqual(retried["delivery_status"], "sent", "\(retried)")
        XCTAssertEqual(world.graph.sent.filter { $0.recipientID == "u-busy" }.count, 1)

        let gone = try customerWrote("u-gone", hoursAgo: 1)
        world.graph.makeUnavailable(userID: "u-gone")
        let failed = try world.settled(gone, try world.reply(gone, "Hello?"))
        XCTAssertEqual(failed["delivery_status"], "failed")
        XCTAssertTrue(failed["delivery_detail"]?.stringValue?.contains("isn't available") == true, "\(failed)")
        XCTAssertEqual(try world.channelStatus("fb-a")["plugin_status"]?["needs_reconnect"], false, "one unavailable person is no reason to reconnect")
    }

    func testASecondInstanceForAClaimedPageIsRefusedUnlessTheOperatorTakesItOver() throws {
        try start()
        let refused = try world.host.request("POST", "/api/v1/channels", json: [
            "id": "fb-new", "plugin_id": "messenger", "config": world.config("page_id", MetaWorld.pageA)])
        XCTAssertEqual(refused.status, 409, refused.text)
        XCTAssertEqual(refused.json["field"], "config.page_id")
        XCTAssertTrue(refused.text.contains("fb-a"), refused.text)
        XCTAssertEqual(try world.host.request("GET", "/api/v1/channels/fb-new").status, 404, "nothing stays stored")

        let taken = try world.host.request("POST", "/api/v1/channels", json: [
            "id": "fb-new", "plugin_id": "messenger", "config": world.config("page_id", MetaWorld.pageA), "take_over": true])
        XCTAssertEqual(taken.status, 201, taken.text)
        XCTAssertEqual(taken.json["state"], "running")
        let previous = try world.channelStatus("fb-a")
        XCTAssertEqual(previous["state"], "disconnected")
        XCTAssertTrue(previous["reason"]?.stringValue?.contains("fb-new") == true, "\(previous)")
        let moved = try world.host.request("GET", "/api/v1/events?types=channel.asset_moved").json["events"]?.arrayValue ?? []
        XCTAssertEqual(moved.first?["data"]?["from"], "fb-a")
        XCTAssertEqual(moved.first?["actor"]?.stringValue?.hasPrefix("key:"), true)

        // The Page's events now land on the new instance.
        _ = try customerWrote("u-after", hoursAgo: 0.1, instance: "fb-new")
        XCTAssertEqual(try world.conversations(on: "fb-a").count, 0)
        // Enabling the old instance again does not steal the Page back.
        let again = try world.host.request("POST", "/api/v1/channels/fb-a/enable")
        XCTAssertEqual(again.status, 409, again.text)
    }

    func testTheWebChatVisitorContinuesOnMessengerThroughTheLink() throws {
        try start(plugins: ["messenger", "instagram", "webchat"])
        try world.host.putCredential("widget-secret", WebChatWorld.secret)
        try world.host.addChannel("site", plugin: "webchat", config: WebChatWorld.config(["switch_destinations": ["messenger"]]))
        func widget(_ method: String, _ path: String, json: JSON? = nil, token: String? = nil) throws -> (status: Int, json: JSON, text: String) {
            try world.host.request(method, "/hooks/site" + path, json: json, headers: token.map { [("Authorization", "Bearer \($0)")] } ?? [])
        }
        let session = try widget("POST", "/session", json: ["name": "Ann"])
        let token = try XCTUnwrap(session.json["visitor_token"]?.stringValue)
        let sent = try widget("POST", "/messages", json: ["text": "Can we talk on Messenger?", "client_message_id": "c1"], token: token)
        let conversation = try XCTUnwrap(sent.json["conversation_id"]?.stringValue, sent.text)
        let offered = try widget("GET", "/config").json["switch_destinations"]?.arrayValue?.compactMap { $0["kind"]?.stringValue }
        XCTAssertEqual(offered, ["messenger"])

        let moved = try world.host.eventually("the m.me link") { () -> JSON? in
            let r = try widget("POST", "/switch", json: ["kind": "messenger"], token: token)
            return r.status == 200 ? r.json : nil
        }
        let link = try XCTUnwrap(moved["link"]?.stringValue)
        XCTAssertTrue(link.hasPrefix("https://m.me/\(MetaWorld.pageA)?ref=sbswitch."), link)
        let ref = String(link.split(separator: "=", maxSplits: 1)[1])

        // A forged ticket starts an ordinary conversation.
        XCTAssertEqual(try world.post(MetaPayloads.messengerBatch([(pageID: MetaWorld.pageA, events: [
            MetaPayloads.messageWithReferral(from: "u-forger", to: MetaWorld.pageA, mid: "m.forged", text: "hi", ref: "sbswitch.0000", source: "SHORTLINK",
                                             timestampMs: MetaWorld.time())])])).status, 200)
        // The visitor arrives with the real one: the same conversation, now on Messenger.
        XCTAssertEqual(try world.post(MetaPayloads.messengerBatch([(pageID: MetaWorld.pageA, events: [
            MetaPayloads.messageWithReferral(from: "u-ann", to: MetaWorld.pageA, mid: "m.ann", text: "It's me, from the website", ref: ref,
                                             source: "SHORTLINK", timestampMs: MetaWorld.time())])])).status, 200)
        let detail = try world.host.eventually("the conversation on Messenger") { () -> JSON? in
            let c = try world.conversation(conversation)
            return c["channel_instance_id"] == "fb-a" ? c : Optional<JSON>.none
        }
        XCTAssertEqual(detail["messages"]?.arrayValue?.compactMap { $0["text"]?.stringValue }.first, "Can we talk on Messenger?")
        XCTAssertEqual(detail["messages"]?.arrayValue?.last?["text"], "It's me, from the website")
        let forged = try world.conversations(on: "fb-a").compactMap { $0["id"]?.stringValue }.filter { $0 != conversation }
        XCTAssertEqual(forged.count, 1, "the forged ref opened its own conversation")
        // Used once only.
        XCTAssertEqual(try world.post(MetaPayloads.messengerBatch([(pageID: MetaWorld.pageA, events: [
            MetaPayloads.messageWithReferral(from: "u-mallory", to: MetaWorld.pageA, mid: "m.replay", text: "me too", ref: ref, source: "SHORTLINK",
                                             timestampMs: MetaWorld.time())])])).status, 200)
        XCTAssertEqual(try world.conversations(on: "fb-a").count, 3)
    }
}
