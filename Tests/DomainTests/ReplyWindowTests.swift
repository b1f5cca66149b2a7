import SwitchboardDomain
import SwitchboardSupport
import XCTest

/// Reply windows (Messenger: 24 h for anyone, 7 days for a person) and receipts that only move forward.
final class ReplyWindowTests: StoreTestCase {
    let messenger = ReplyWindowRule(standardHours: 24, humanHours: 168)
    let hour: Int64 = 3_600_000

    func testTheWindowOpensForEveryoneThenForPeopleThenCloses() {
        let last: Int64 = 1_700_000_000_000
        XCTAssertEqual(messenger.state(lastCustomerAt: last, now: last + 23 * hour), .open(closesAt: last + 24 * hour, humanClosesAt: last + 168 * hour))
        XCTAssertEqual(messenger.state(lastCustomerAt: last, now: last + 24 * hour), .humanOnly(closesAt: last + 168 * hour))
        XCTAssertEqual(messenger.state(lastCustomerAt: last, now: last + 168 * hour), .closed(closedAt: last + 168 * hour))
        XCTAssertEqual(messenger.state(lastCustomerAt: nil, now: last), .closed(closedAt: nil))
        let whatsapp = ReplyWindowRule(standardHours: 24)
        XCTAssertEqual(whatsapp.state(lastCustomerAt: last, now: last + 25 * hour), .closed(closedAt: last + 24 * hour))
    }

    func testOnlyAPersonMayReplyInTheExtensionAndNobodyOnceClosed() {
        let human = ReplyWindowState.humanOnly(closesAt: 0)
        XCTAssertNil(human.refusal(authorKind: .agent, channel: "Messenger"))
        XCTAssertNotNil(human.refusal(authorKind: .stack, channel: "Messenger"))
        XCTAssertNotNil(human.refusal(authorKind: .system, channel: "Messenger"))
        XCTAssertNil(ReplyWindowState.open(closesAt: 0, humanClosesAt: nil).refusal(authorKind: .stack, channel: "Messenger"))
        XCTAssertNotNil(ReplyWindowState.closed(closedAt: 0).refusal(authorKind: .agent, channel: "Messenger"))
        XCTAssertNil(ReplyWindowState.none.refusal(authorKind: .stack, channel: "API"))
    }

    func testAMessageFromAnAdOpensSeventyTwoHours() {
        let whatsapp = ReplyWindowRule(standardHours: 24, referralHours: 72)
        let last: Int64 = 1_700_000_000_000
        XCTAssertEqual(whatsapp.state(lastCustomerAt: last, lastReferralAt: last, now: last + 30 * hour), .open(closesAt: last + 72 * hour, humanClosesAt: nil))
        XCTAssertEqual(whatsapp.state(lastCustomerAt: last, lastReferralAt: last, now: last + 73 * hour), .closed(closedAt: last + 72 * hour))
        XCTAssertEqual(whatsapp.state(lastCustomerAt: last, lastReferralAt: nil, now: last + 30 * hour), .closed(closedAt: last + 24 * hour))
        XCTAssertEqual(messenger.state(lastCustomerAt: last, lastReferralAt: last, now: last + 30 * hour), .humanOnly(closesAt: last + 168 * hour),
                       "a channel without referral_hours ignores referrals")
    }

    func testOnlyAPersonsTemplatePassesWhatsAppsClosedWindow() {
        let whatsapp = ReplyWindowRule(standardHours: 24, closedWindowRichType: "whatsapp_template")
        let template = #"{"type": "whatsapp_template", "name": "order_update", "language": "en_US"}"#
        XCTAssertTrue(whatsapp.passesClosedWindow(richJSON: template, authorKind: .agent))
        XCTAssertTrue(whatsapp.passesClosedWindow(richJSON: template, authorKind: .system))
        XCTAssertFalse(whatsapp.passesClosedWindow(richJSON: template, authorKind: .stack), "a stack never sends a template on its own")
        XCTAssertFalse(whatsapp.passesClosedWindow(richJSON: #"{"quick_replies": ["Yes"]}"#, authorKind: .agent))
        XCTAssertFalse(whatsapp.passesClosedWindow(richJSON: nil, authorKind: .agent))
        XCTAssertFalse(messenger.passesClosedWindow(richJSON: template, authorKind: .agent), "Messenger declares no such type")
    }

    func testTheWindowCountsFromTheProvidersTimeOfTheCustomersLastMessage() throws {
        let sentAt: Int64 = 1_700_000_000_000
        let stored = try store.ingest(InboundMessage(channelInstanceID: "fb", identity: Identity(kind: "messenger_psid", value: "42"),
                                                     providerMessageID: "m1", text: "hi", sentAt: sentAt))
        XCTAssertEqual(try store.lastCustomerMessageAt(conversationID: stored.conversationID, instanceID: "fb"), sentAt)
        XCTAssertEqual(try store.replyWindow(messenger, conversationID: stored.conversationID, instanceID: "fb", now: sentAt + 30 * hour),
                       .humanOnly(closesAt: sentAt + 168 * hour))
        XCTAssertEqual(try store.replyWindow(nil, conversationID: stored.conversationID, instanceID: "fb"), .none)
        XCTAssertNil(try store.lastCustomerMessageAt(conversationID: stored.conversationID, instanceID: "other"))
    }

    func testReceiptsOnlyMoveForwardAndFailedIsFinal() {
        XCTAssertTrue(DeliveryStatus.sent.accepts(.delivered))
        XCTAssertTrue(DeliveryStatus.sent.accepts(.read))
        XCTAssertTrue(DeliveryStatus.delivered.accepts(.read))
        XCTAssertFalse(DeliveryStatus.read.accepts(.delivered))
        XCTAssertFalse(DeliveryStatus.read.accepts(.read))
        XCTAssertFalse(DeliveryStatus.failed.accepts(.delivered))
        XCTAssertFalse(DeliveryStatus.failed.accepts(.read))
        XCTAssertTrue(DeliveryStatus.sent.accepts(.failed))
        XCTAssertFalse(DeliveryStatus.read.accepts(.failed))
        XCTAssertFalse(DeliveryStatus.received.accepts(.read))
    }

    func testAnUnsentMessageLosesItsContentButKeepsItsPlace() throws {
        let stored = try store.ingest(InboundMessage(channelInstanceID: "fb", identity: Identity(kind: "messenger_psid", value: "42"),
                                                     providerMessageID: "m1", text: "my card number is …"))
        XCTAssertTrue(try store.retractCustomerMessage(channelInstanceID: "fb", providerMessageID: "m1"))
        XCTAssertTrue(try store.retractCustomerMessage(channelInstanceID: "fb", providerMessageID: "m1"), "a second unsend is harmless")
        XCTAssertFalse(try store.retractCustomerMessage(channelInstanceID: "fb", providerMessageID: "nope"))
        let message = try XCTUnwrap(try store.message(id: stored.messageID))
        XCTAssertEqual(message.text, "")
        XCTAssertNotNil(message.deletedAt)
    }

    func testABusinessEchoIsStoredAsSentAndAnEchoOfOurOwnSendIsADuplicate() throws {
        let customer = Identity(kind: "messenger_psid", value: "42")
        let first = try store.ingest(InboundMessage(channelInstanceID: "fb", identity: customer, providerMessageID: "m1", text: "hi"))
        let echo = try store.ingestBusinessEcho(InboundMessage(channelInstanceID: "fb", identity: customer, providerMessageID: "m2",
                                                               text: "answered from Meta's inbox", displayName: "Meta inbox"))
        XCTAssertFalse(echo.duplicate)
        XCTAssertEqual(echo.conversationID, first.conversationID)
        let stored = try XCTUnwrap(try store.message(id: echo.messageID))
        XCTAssertEqual(stored.direction, .outbound)
        XCTAssertEqual(stored.deliveryStatus, .sent)
        XCTAssertEqual(stored.authorID, "Meta inbox")
        XCTAssertTrue(try store.ingestBusinessEcho(InboundMessage(channelInstanceID: "fb", identity: customer, providerMessageID: "m2",
                                                                  text: "again", displayName: "Meta inbox")).duplicate)
        XCTAssertEqual(try store.providerMessage(instanceID: "fb", providerMessageID: "m1")?.direction, .inbound)
    }

    /// What a stack's channel action sent is its outbound message, already sent, under the
    /// provider's id: an echo stored before the action returned is that message (one remains, the
    /// stack's), an echo after is a duplicate, and receipts move it.
    func testAnActionsSentMessageIsTheStacksAndItsEchoIsTheSameMessage() throws {
        let customer = Identity(kind: "messenger_psid", value: "42")
        let first = try store.ingest(InboundMessage(channelInstanceID: "fb", identity: customer, providerMessageID: "m1", text: "which order?"))
        _ = try store.ingestBusinessEcho(InboundMessage(channelInstanceID: "fb", identity: customer, providerMessageID: "m2",
                                                        text: "Which one?", displayName: "Meta inbox"))
        let id = try store.recordActionMessage(conversationID: first.conversationID, stackID: "fb-stack", text: "Which one?",
                                               richJSON: #"{"options":["A","B"],"action":"offer_quick_replies"}"#, providerMessageID: "m2")
        let outbound = try store.messages(conversationID: first.conversationID).filter { $0.direction == .outbound }
        XCTAssertEqual(outbound.map(\.id), [id], "the earlier echo was this send")
        let sent = try XCTUnwrap(outbound.first)
        XCTAssertEqual(sent.authorKind, .stack)
        XCTAssertEqual(sent.authorID, "fb-stack")
        XCTAssertEqual(sent.deliveryStatus, .sent)
        XCTAssertEqual(sent.providerMessageID, "m2")
        XCTAssertTrue(try store.ingestBusinessEcho(InboundMessage(channelInstanceID: "fb", identity: customer, providerMessageID: "m2",
                                                                  text: "Which one?", displayName: "Meta inbox")).duplicate)
        XCTAssertTrue(try store.recordDeliveryReceipt(channelInstanceID: "fb", providerMessageID: "m2", status: .read, detail: nil))
        XCTAssertEqual(try store.message(id: id)?.deliveryStatus, .read)
        XCTAssertThrowsError(try store.recordActionMessage(conversationID: "cnv_none", stackID: "fb-stack", text: "", richJSON: "{}",
                                                           providerMessageID: "m3"))
    }
}
