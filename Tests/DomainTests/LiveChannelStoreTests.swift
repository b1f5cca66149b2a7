import SwitchboardDomain
import SwitchboardSupport
import XCTest

/// The store side of live channels (ABI 1.2): switching with a notice, replies that wait for the
/// customer, uploaded files, the customer-visible history and the details a customer gives.
final class LiveChannelStoreTests: StoreTestCase {
    func chat(_ id: String, text: String = "hi", details: [String: String] = [:]) -> InboundMessage {
        var message = InboundMessage(channelInstanceID: "chat", identity: Identity(kind: "webchat", value: "visitor-1"),
                                     providerMessageID: id, text: text)
        message.contactDetails = details
        return message
    }

    func testANoticeGoesAheadOfTheRepliesThatWaitedAndTheSwitchIsRecorded() throws {
        let id = try store.ingest(chat("m1")).conversationID
        let first = try store.queueReply(Reply(conversationID: id, authorKind: .agent, authorID: nil, text: "first"))
        let second = try store.queueReply(Reply(conversationID: id, authorKind: .agent, authorID: nil, text: "second"))
        // The widget held the first back (the visitor is away) until a minute from now.
        let held = try XCTUnwrap(store.dueOutboxHeads(now: Clock.nowMillis(), limit: 10).first)
        try store.postpone(held, reason: "visitor away", until: Clock.nowMillis() + 60_000)
        XCTAssertTrue(try store.dueOutboxHeads(now: Clock.nowMillis(), limit: 10).isEmpty)

        try store.switchChannel(conversationID: id, to: "sms", identity: Identity(kind: "phone", value: "+15551234567"),
                                actor: "channel:chat", reason: "idle", notice: "We moved to SMS.", waitingKind: "sms")

        let conversation = try XCTUnwrap(store.conversation(id: id))
        XCTAssertEqual(conversation.channelInstanceID, "sms")
        // Due again at once, the notice first, then the replies in their order.
        var order: [String] = []
        while let head = try store.dueOutboxHeads(now: Clock.nowMillis() + 1, limit: 10).first {
            order.append(try XCTUnwrap(store.message(id: head.messageID)).text)
            try store.markSent(head, channelInstanceID: "sms", providerMessageID: nil)
        }
        XCTAssertEqual(order, ["We moved to SMS.", "first", "second"])
        XCTAssertEqual(try store.message(id: first.id)?.deliveryStatus, .sent)
        XCTAssertEqual(try store.message(id: second.id)?.deliveryStatus, .sent)
        let switched = try store.events(after: 0, visibleTo: .everyone, conversationID: id, limit: 100).events
            .first { $0.type == "conversation.channel_switched" }
        let data = try XCTUnwrap(switched.flatMap { try JSON.parse($0.dataJSON).objectValue })
        XCTAssertEqual(data["reason"], .string("idle"))
        XCTAssertEqual(data["waiting_for_plugin"], .string("sms"))
        XCTAssertEqual(try store.identity(contactID: conversation.contactID, kinds: ["phone"])?.value, "+15551234567")
    }

    func testKickOffersWaitingRepliesNowAndOnlyThose() throws {
        let id = try store.ingest(chat("m1")).conversationID
        _ = try store.queueReply(Reply(conversationID: id, authorKind: .agent, authorID: nil, text: "hello"))
        let head = try XCTUnwrap(store.dueOutboxHeads(now: Clock.nowMillis(), limit: 10).first)
        try store.postpone(head, reason: "visitor away", until: Clock.nowMillis() + 60_000)
        XCTAssertEqual(try store.kickOutbox(conversationID: id), 1)
        XCTAssertEqual(try store.dueOutboxHeads(now: Clock.nowMillis(), limit: 10).first?.messageID, head.messageID)
        XCTAssertEqual(try store.dueOutboxHeads(now: Clock.nowMillis(), limit: 10).first?.attempts, 0, "waiting spends no attempt")
        XCTAssertEqual(try store.kickOutbox(conversationID: id), 0, "nothing left to wake")
    }

    func testAReplyTheCustomerHasOnScreenHoldsNothingBackAndComesRoundAgain() throws {
        let id = try store.ingest(chat("m1")).conversationID
        let first = try store.queueReply(Reply(conversationID: id, authorKind: .agent, authorID: nil, text: "first"))
        let second = try store.queueReply(Reply(conversationID: id, authorKind: .agent, authorID: nil, text: "second"))
        let head = try XCTUnwrap(store.dueOutboxHeads(now: Clock.nowMillis(), limit: 10).first)
        XCTAssertEqual(head.messageID, first.id)
        // Waiting unseen but not shown: it holds the second back.
        try store.postpone(head, reason: "away", until: Clock.nowMillis() + 60_000)
        XCTAssertTrue(try store.dueOutboxHeads(now: Clock.nowMillis(), limit: 10).isEmpty)
        // Shown, unconfirmed: the second may go; the first comes round again when due.
        try store.postpone(head, reason: "shown", until: Clock.nowMillis() + 60_000, shown: true)
        XCTAssertEqual(try store.dueOutboxHeads(now: Clock.nowMillis(), limit: 10).map(\.messageID), [second.id])
        XCTAssertEqual(Set(try store.dueOutboxHeads(now: Clock.nowMillis() + 61_000, limit: 10).map(\.messageID)), [first.id, second.id])
        XCTAssertNil(try store.message(id: second.id)?.deliveryDetail, "the second does not wait for the first")
    }

    func testFilesAreKeptByUnguessableIdAndBadOnesRefused() throws {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 1, 2, 3]
        let id = try store.storeFile(instanceID: "chat", name: "shot.png", contentType: "image/png", data: png)
        XCTAssertGreaterThanOrEqual(id.count, 33)
        let file = try XCTUnwrap(store.storedFile(id: id))
        XCTAssertEqual(file.data, png)
        XCTAssertEqual(file.contentType, "image/png")
        XCTAssertNotEqual(try store.storeFile(instanceID: "chat", name: "shot.png", contentType: "image/png", data: png), id)
        XCTAssertNil(try store.storedFile(id: "f0000"))
        for (name, type, data) in [("a.png", "image/png", [UInt8]()), ("../a.png", "image/png", png), ("a.png", "png", png)] {
            XCTAssertThrowsError(try store.storeFile(instanceID: "chat", name: name, contentType: type, data: data), name)
        }
    }

    func testHistoryShowsWhatTheCustomerSeesToTheInstancesThatCarriedIt() throws {
        let id = try store.ingest(chat("m1", text: "question")).conversationID
        _ = try store.queueReply(Reply(conversationID: id, authorKind: .agent, authorID: nil, text: "answer"))
        _ = try store.addComment(Comment(text: "internal only", authorAgentID: nil), conversationID: id, viewer: .everyone, actor: "test")
        let history = try XCTUnwrap(store.customerHistory(conversationID: id, instanceID: "chat", after: 0, limit: 100))
        XCTAssertEqual(history.messages.map(\.message.text), ["question", "answer"])
        let later = try XCTUnwrap(store.customerHistory(conversationID: id, instanceID: "chat", after: history.messages[0].message.id, limit: 100))
        XCTAssertEqual(later.messages.map(\.message.text), ["answer"])
        XCTAssertNil(try store.customerHistory(conversationID: id, instanceID: "other", after: 0, limit: 100), "another channel never carried it")
        XCTAssertNil(try store.customerHistory(conversationID: "cv-none", instanceID: "chat", after: 0, limit: 100))
    }

    func testDetailsTheCustomerGivesBecomeContactAttributes() throws {
        let id = try store.ingest(chat("m1", details: ["name": "Ann", "email": "ann@example.com", "tier": "gold", "bad key": "x"])).conversationID
        let contact = try XCTUnwrap(store.contact(id: try XCTUnwrap(store.conversation(id: id)).contactID))
        XCTAssertEqual(contact.displayName, "Ann")
        let attributes = ContactAttributes.parse(contact.attributesJSON)
        XCTAssertEqual(attributes["email"], .string("ann@example.com"))
        XCTAssertNil(attributes["tier"], "the account tier is never taken from what a customer typed")
        XCTAssertNil(attributes["bad key"])
    }

    func testAddressShapes() {
        XCTAssertNil(ChannelKind.addressProblem(identityKind: "email", value: "ann@example.com"))
        XCTAssertNotNil(ChannelKind.addressProblem(identityKind: "email", value: "ann@example"))
        XCTAssertNotNil(ChannelKind.addressProblem(identityKind: "email", value: "ann example.com"))
        XCTAssertNil(ChannelKind.addressProblem(identityKind: "phone", value: "+15551234567"))
        XCTAssertNotNil(ChannelKind.addressProblem(identityKind: "phone", value: "5551234567"))
        XCTAssertNotNil(ChannelKind.addressProblem(identityKind: "whatsapp", value: "+1555abc"))
        // WhatsApp users may be known by their business-scoped user id alone; a phone identity may not.
        XCTAssertNil(ChannelKind.addressProblem(identityKind: "whatsapp", value: "US.13491208655302741918"))
        XCTAssertNil(ChannelKind.addressProblem(identityKind: "whatsapp", value: "US.ENT.11815799212886844830"))
        XCTAssertNotNil(ChannelKind.addressProblem(identityKind: "phone", value: "US.13491208655302741918"))
        XCTAssertNotNil(ChannelKind.addressProblem(identityKind: "whatsapp", value: "us.1349 1208"))
    }
}
