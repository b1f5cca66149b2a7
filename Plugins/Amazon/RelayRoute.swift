import MailgunPlatform
import PluginKit

/// POST /inbound: a Mailgun route forwards a mail Amazon's buyer–seller relay sent to the
/// instance's inbound address. Signature, replay guard and form as for the email channel
/// (MailgunPlatform); then the relay's parts, the order context, and the buyer's conversation.
///
/// Answers: 200 once stored; 401 a bad signature (nothing stored); 406 a mail that is no buyer
/// message (not from a relay alias, an auto-reply); 503 a failure on our side (Mailgun retries).
/// SP-API and Login with Amazon failures never stop a mail from being stored.
struct RelayRoute {
    let plugin: AmazonChannelPlugin
    let config: AmazonConfig
    var host: PluginHost { plugin.host }

    /// Files kept per mail; more are dropped with a note.
    static let maxAttachments = 20
    /// The order look-up's share of the webhook call: what is not fetched by then is fetched later.
    static let orderFetchBudgetMs: UInt32 = 6_000

    func handle(_ request: PluginHTTPRequest) -> PluginHTTPResponse {
        let mail: InboundEmail, claim: WebhookGuard.Claim
        switch RouteForward.receive(request, account: config.mailgun, guardian: plugin.guardian, host: host) {
        case .success(let received): (mail, claim) = received
        case .failure(let refused): return refused.response
        }
        defer { plugin.guardian.release(claim) }
        if mail.isAutoSubmitted {
            return .json(406, ["error": "auto_submitted", "message": "automatic replies are not stored, so they cannot start a mail loop"])
        }
        guard let relay = RelayMail(from: mail) else {
            host.log(.warn, "inbound mail \(mail.providerMessageID) refused (406): not from an Amazon buyer alias (\(mail.authorFields))")
            return .json(406, ["error": "not_a_buyer_message",
                               "message": "from: the mail does not come from an Amazon buyer alias (…@marketplace.amazon.<tld>)"])
        }
        do {
            let answer = try store(mail, relay)
            try plugin.guardian.commit(claim)
            return answer
        } catch let refusal as Refusal {
            host.log(.warn, "inbound mail \(mail.providerMessageID) refused (406): \(refusal.reason)")
            return .json(406, ["error": "refused", "message": .string(refusal.reason)])
        } catch {
            host.log(.error, "inbound mail \(mail.providerMessageID) not stored, Mailgun will retry: \(error)")
            return .json(503, ["error": "unavailable"])
        }
    }

    struct Refusal: Error {
        let reason: String
    }

    private func store(_ mail: InboundEmail, _ relay: RelayMail) throws -> PluginHTTPResponse {
        let marketplace = config.marketplace(for: relay.marketplaceTLD)
        var text = relay.text
        let (kept, notes) = try RouteForward.keepAttachments(mail, store: plugin.files, account: config.mailgun,
                                                             maxCount: Self.maxAttachments, host: host)
        if !notes.isEmpty { text += (text.isEmpty ? "" : "\n\n") + notes.joined(separator: "\n") }

        // The order context first, so the conversation has it before the stack's first turn.
        var context: JSON
        var state: String
        if let orderID = relay.orderID {
            (context, state) = plugin.orderContext(orderID: orderID, marketplaceID: marketplace, config: config, timeoutMs: Self.orderFetchBudgetMs)
        } else {
            context = ["type": "amazon_buyer_message", "state": "no_order"]
            state = "no_order"
        }
        var rich = context.objectValue ?? [:]
        rich["amazon"] = ["alias": .string(relay.alias), "marketplace": .string("amazon." + relay.marketplaceTLD),
                             "marketplace_id": .string(marketplace), "topic": .string(relay.topic), "important": .bool(relay.important),
                             "comm_mgr_token": .from(relay.commMgrToken), "subject": .string(mail.subject),
                             "seller_id": .string(config.sellerID)]

        let threads = BuyerThreads(host: host)
        let known = try threads.conversation(alias: relay.alias, orderID: relay.orderID)
        var message = InboundMessage(identityKind: AmazonChannelPlugin.identityKind, identityValue: relay.alias,
                                     providerMessageID: mail.providerMessageID, text: text, format: .plain, displayName: relay.buyerName,
                                     richJSON: JSON.object(rich).serialized, attachmentsJSON: kept.isEmpty ? nil : JSON.array(kept).serialized,
                                     conversationID: known,
                                     // When Mailgun received it (a retry hours later keeps the original timestamp):
                                     // Amazon's 24 hours run from then, not from a late retry.
                                     sentAtMs: Int64(mail.form["timestamp"] ?? "").map { $0 * 1000 },
                                     startNewConversation: known == nil)
        var outcome: IngestOutcome
        do {
            outcome = try host.ingest(message)
        } catch PluginError.invalid(_, let why) where known != nil && why.hasPrefix("conversation_id") {
            // The buyer's earlier conversation cannot take more (gone, or archived): a new one.
            message.conversationID = nil
            message.startNewConversation = true
            outcome = try host.ingest(message)
        } catch PluginError.invalid(_, let why) {
            throw Refusal(reason: why)
        }
        let conversationID = outcome.conversationID
        try threads.setConversation(conversationID, alias: relay.alias, orderID: relay.orderID)
        // Outbound replies answer the relay mail (In-Reply-To / References).
        try plugin.threads.record(messageID: mail.providerMessageID, in: .conversation(conversationID), subject: mail.subject)
        let actions = context["messaging_actions"]?.arrayValue?.compactMap(\.stringValue) ?? []
        var record = try threads.record(conversationID)
            ?? BuyerThreads.Record(alias: relay.alias, orderID: relay.orderID, marketplaceID: marketplace, subject: mail.subject,
                                   messagingActions: actions, orderState: state)
        // A failed look-up does not undo an order fetched before, nor a mail naming no order one
        // linked by hand: the conversation keeps that order's state and fields.
        let keepsOrder = (state == "pending" && record.orderState == "fetched") || (state == "no_order" && record.orderID != nil)
        if !keepsOrder {
            record.orderState = state
            if state == "fetched" { record.messagingActions = actions }
        }
        try threads.save(record, conversationID: conversationID)
        if !keepsOrder { plugin.setOrderFields(context, conversationID: conversationID) }
        if state == "pending", case .stored = outcome {
            try? host.emitEvent(conversationID: conversationID, type: "amazon.order_pending",
                                dataJSON: (["order_id": .from(relay.orderID), "reason": context["pending_reason"] ?? .null] as JSON).serialized)
        }
        plugin.publishStatus()
        switch outcome {
        case .stored(let id, let messageID, let created):
            return .json(200, ["status": "stored", "conversation_id": .string(id), "message_id": .from(messageID),
                               "created_conversation": .bool(created), "order_state": .string(state)])
        case .duplicate(let id, let messageID):
            return .json(200, ["status": "duplicate", "conversation_id": .string(id), "message_id": .from(messageID)])
        }
    }
}
