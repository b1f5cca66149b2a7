import Foundation
import SwitchboardDomain
import SwitchboardSupport
import XCTest

/// Side conversations against a real store: independent of any transport, private to the team,
/// never a change to the customer conversation.
final class SideConversationStoreTests: StoreTestCase {
    func conversation(_ customer: String = "ann@example.com", instance: String = "mail-1") throws -> String {
        try store.ingest(InboundMessage(channelInstanceID: instance, identity: Identity(kind: "email", value: customer),
                                        providerMessageID: UUID().uuidString, text: "Where is my order?", displayName: "Ann")).conversationID
    }

    func start(_ conversation: String, ccCustomer: Bool = false, viewer: Viewer = .everyone) throws -> (SideConversation, SideMessage) {
        try store.startSideConversation(NewSideConversation(
            conversationID: conversation, channelInstanceID: "mail-1", subject: "Parcel 1001",
            participants: [SideParticipant(address: "desk@courier.example", name: "Courier")], text: "Where is it?",
            authorName: "Dana", ccCustomer: ccCustomer, customerIdentityKinds: ["email"]), viewer: viewer, actor: "agent:dana")
    }

    func testStartReplyAndAnswerLeaveTheCustomerConversationAsItWas() throws {
        let id = try conversation()
        let before = try XCTUnwrap(try store.conversation(id: id))
        let (side, first) = try start(id)
        XCTAssertEqual(side.conversationID, id)
        XCTAssertEqual(side.participants, [SideParticipant(address: "desk@courier.example", name: "Courier")])
        XCTAssertEqual(first.direction, .outbound)
        XCTAssertEqual(first.deliveryStatus, .queued)

        let reply = try store.replyInSideConversation(id: side.id, SideReply(text: "Any news?"), viewer: .everyone, actor: "agent:dana")
        XCTAssertEqual(reply.deliveryStatus, .queued)
        let answer = try store.ingestSideMessage(SideInboundMessage(channelInstanceID: "mail-1", sideConversationID: side.id,
                                                                    providerMessageID: "v1@courier.example", senderAddress: "desk@courier.example",
                                                                    text: "Out tomorrow"))
        XCTAssertFalse(answer.duplicate)
        XCTAssertEqual(answer.conversationID, id)
        let again = try store.ingestSideMessage(SideInboundMessage(channelInstanceID: "mail-1", sideConversationID: side.id,
                                                                   providerMessageID: "v1@courier.example", senderAddress: "desk@courier.example",
                                                                   text: "Out tomorrow"))
        XCTAssertTrue(again.duplicate)
        XCTAssertEqual(again.messageID, answer.messageID)

        let (opened, messages) = try store.sideConversation(id: side.id, viewer: .everyone)
        XCTAssertEqual(opened.id, side.id)
        XCTAssertEqual(messages.map(\.text), ["Where is it?", "Any news?", "Out tomorrow"])
        XCTAssertEqual(messages.last?.authorKind, "participant")

        let after = try XCTUnwrap(try store.conversation(id: id))
        XCTAssertEqual(after, before, "engagement, status and updated_at are the customer conversation's own")
        XCTAssertEqual(try store.messages(conversationID: id).count, 1, "side messages are never the conversation's messages")
        XCTAssertEqual(try store.sideConversations(conversationID: id, viewer: .everyone).map(\.id), [side.id])
    }

    func refusal(_ body: () throws -> Void) -> Refusal? {
        do {
            try body()
            return nil
        } catch {
            return (error as? any DomainRefusal)?.refusal
        }
    }

    func testOnlyTheCarryingInstanceMayAnswerAndRefusalsNameTheField() throws {
        let id = try conversation()
        let (side, _) = try start(id)
        XCTAssertThrowsError(try store.ingestSideMessage(SideInboundMessage(channelInstanceID: "other", sideConversationID: side.id,
                                                                            providerMessageID: "x", senderAddress: "a@b.example", text: "hi"))) {
            XCTAssertEqual($0 as? SideConversationError, .notFound(what: "side conversation", id: side.id))
        }
        XCTAssertEqual(refusal { _ = try self.store.startSideConversation(NewSideConversation(
            conversationID: id, channelInstanceID: "mail-1", subject: "x", participants: [], text: "y"), viewer: .everyone, actor: "a") },
            .invalid(field: "to", reason: "name at least one recipient"))
        XCTAssertEqual(refusal { _ = try self.store.startSideConversation(NewSideConversation(
            conversationID: id, channelInstanceID: "mail-1", subject: "two\nlines", participants: [SideParticipant(address: "a@b.example")],
            text: "y"), viewer: .everyone, actor: "a") }, .invalid(field: "subject", reason: "must be 1 to 500 characters on one line"))
        XCTAssertEqual(refusal { _ = try self.store.replyInSideConversation(id: side.id, SideReply(text: ""), viewer: .everyone, actor: "a") },
                       .invalid(field: "text", reason: "is required (or attachments)"))
        XCTAssertEqual(refusal { _ = try self.store.replyInSideConversation(id: "sc_nope", SideReply(text: "x"), viewer: .everyone, actor: "a") },
                       .notFound("no side conversation sc_nope"))
        _ = try store.perform(.archive, on: id, viewer: .everyone, actor: "agent:dana")
        XCTAssertEqual(refusal { _ = try self.store.replyInSideConversation(id: side.id, SideReply(text: "x"), viewer: .everyone, actor: "a") },
                       .conflict(field: nil, reason: "the conversation is archived, so it is read-only"))
    }

    func testCopyingTheCustomerAddsTheirAddressAsCC() throws {
        let id = try conversation()
        let (side, _) = try start(id, ccCustomer: true)
        XCTAssertEqual(side.participants.last, SideParticipant(address: "ann@example.com", name: "Ann", role: .cc, isCustomer: true))
        let phoneOnly = try store.ingest(InboundMessage(channelInstanceID: "sms-1", identity: Identity(kind: "phone", value: "+1555"),
                                                        providerMessageID: "p1", text: "hi")).conversationID
        XCTAssertThrowsError(try start(phoneOnly, ccCustomer: true)) {
            XCTAssertEqual($0 as? SideConversationError, .invalid(field: "cc_customer", reason: "the customer has no email address to copy"))
        }
    }

    func testVisibilityFollowsTheCustomerConversationAndEventsStayWithTheTeam() throws {
        let id = try conversation()
        let (side, _) = try start(id)
        // An agent who may not see the conversation sees none of it; an integrator on its channel sees the
        // conversation but never its side-conversation events.
        XCTAssertThrowsError(try store.sideConversation(id: side.id, viewer: .agent("nobody")))
        XCTAssertThrowsError(try store.sideConversations(conversationID: id, viewer: .agent("nobody")))
        XCTAssertThrowsError(try start(id, viewer: .agent("nobody")))
        let integrator = try store.events(after: 0, visibleTo: .integrator(["mail-1"]), conversationID: id, limit: 100).events.map(\.type)
        XCTAssertTrue(integrator.contains("message.received"))
        XCTAssertFalse(integrator.contains { $0.hasPrefix("side_conversation.") }, "\(integrator)")
        let team = try store.events(after: 0, visibleTo: .everyone, conversationID: id, limit: 100).events.map(\.type)
        XCTAssertTrue(team.contains("side_conversation.started"))
        XCTAssertTrue(team.contains("side_conversation.message"))
        let started = try XCTUnwrap(try store.events(after: 0, visibleTo: .everyone, conversationID: id, limit: 100).events
            .first { $0.type == "side_conversation.started" })
        XCTAssertFalse(WebhookAudience.mayReceive(.integrator(["mail-1"]), WebhookEvent(event: started, channelInstanceID: "mail-1")))
        XCTAssertTrue(WebhookAudience.mayReceive(.everyone, WebhookEvent(event: started, channelInstanceID: "mail-1")))
    }

    func testTheSideOutboxSendsInOrderRetriesAndTakesReceipts() throws {
        let id = try conversation()
        let (side, first) = try start(id)
        _ = try store.replyInSideConversation(id: side.id, SideReply(text: "second"), viewer: .everyone, actor: "agent:dana")
        var due = try store.dueSideDeliveries(now: Clock.nowMillis() + 1, limit: 10)
        XCTAssertEqual(due.map(\.message.id), [first.id], "one at a time per side conversation, oldest first")
        try store.markSideRetry(due[0], error: "503", nextAttemptAt: Clock.nowMillis() + 60_000)
        XCTAssertTrue(try store.dueSideDeliveries(now: Clock.nowMillis() + 1, limit: 10).isEmpty, "the head waits, and holds back the next")
        due = try store.dueSideDeliveries(now: Clock.nowMillis() + 120_000, limit: 10)
        XCTAssertEqual(due.first?.attempts, 1)
        try store.markSideSent(due[0], providerMessageID: "mg-1")
        due = try store.dueSideDeliveries(now: Clock.nowMillis() + 1, limit: 10)
        XCTAssertEqual(due.map(\.message.text), ["second"])
        try store.markSideFailed(due[0], error: "rejected")
        XCTAssertTrue(try store.recordSideDeliveryReceipt(channelInstanceID: "mail-1", providerMessageID: "mg-1", status: .delivered, detail: nil))
        XCTAssertFalse(try store.recordSideDeliveryReceipt(channelInstanceID: "other", providerMessageID: "mg-1", status: .delivered, detail: nil))
        let messages = try store.sideConversation(id: side.id, viewer: .everyone).1
        XCTAssertEqual(messages.map(\.deliveryStatus), [.delivered, .failed])
        let types = try store.events(after: 0, visibleTo: .everyone, conversationID: id, limit: 100).events.map(\.type)
        XCTAssertTrue(types.contains("side_conversation.message_failed"))
    }

    func testANewConversationCanBeForcedAndAnArchivedOneIsNotContinued() throws {
        let first = try conversation()
        let forced = try store.ingest(InboundMessage(channelInstanceID: "mail-1", identity: Identity(kind: "email", value: "ann@example.com"),
                                                     providerMessageID: "new-thread", text: "another topic", startNewConversation: true))
        XCTAssertTrue(forced.createdConversation)
        XCTAssertNotEqual(forced.conversationID, first)
        _ = try store.perform(.archive, on: first, viewer: .everyone, actor: "agent:dana")
        let answer = try store.ingest(InboundMessage(channelInstanceID: "mail-1", identity: Identity(kind: "email", value: "ann@example.com"),
                                                     providerMessageID: "old-thread-reply", text: "re: old", conversationID: first))
        XCTAssertTrue(answer.createdConversation, "answering an archived thread starts a new conversation")
        XCTAssertNotEqual(answer.conversationID, first)
    }
}
