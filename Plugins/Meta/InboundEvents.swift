import PluginKit

/// Applies one webhook event to the instance that owns its asset, through that instance's
/// services: messages are stored, receipts and unsends reported, reactions emitted as events.
/// Only a failed store throws (the post is then answered 500 and Meta resends the batch; the
/// host's dedupe by mid makes that harmless); receipts and reactions are best effort.
struct InboundEvents {
    let owner: PluginHost
    let product: MetaProduct
    /// The owner's Graph client, nil while its token is unknown (names fall back, media still
    /// downloads: CDN URLs need no token).
    let graph: GraphClient?
    let media: InboundMedia
    let names: ContactNames

    init(owner: PluginHost, product: MetaProduct, connection: MetaConnection) {
        self.owner = owner
        self.product = product
        graph = OwnerContext.graph(for: owner, connection: connection)
        media = InboundMedia(host: owner, graph: graph ?? GraphClient(host: owner, connection: connection))
        names = ContactNames(host: owner, product: product, graph: graph)
    }

    func apply(_ event: MetaEvent) throws {
        switch event.kind {
        case .message(let message) where message.isDeleted:
            report { try owner.reportDelivery(providerMessageID: message.mid, status: .retracted) }
        case .message(let message) where message.isEcho:
            try storeEcho(message, event: event)
        case .message(let message):
            try storeMessage(message, event: event)
        case .postback(let postback):
            let id = postback.mid ?? "postback:\(event.senderID):\(event.timestampMs)"
            try store(InboundContent.postback(postback), attachments: [], id: id, event: event, referral: postback.referral)
        case .referral(let referral):
            try store(InboundContent.referral(referral), attachments: [], id: "referral:\(event.senderID):\(event.timestampMs)", event: event,
                      referral: referral)
        case .reaction(let reaction):
            emitReaction(reaction)
        case .delivery(let mids, let watermark):
            for mid in mids { report { try owner.reportDelivery(providerMessageID: mid, status: .delivered) } }
            if let watermark { reportUpTo(watermark, customer: event.senderID, status: .delivered) }
        case .read(let watermark, let mid):
            if let watermark { reportUpTo(watermark, customer: event.senderID, status: .read) }
            if let mid { report { try owner.reportDelivery(providerMessageID: mid, status: .read) } }
        }
    }

    private func storeMessage(_ message: MetaMessage, event: MetaEvent) throws {
        let content = InboundContent.compose(message, product: product, timestampMs: event.timestampMs)
        // A resent batch: the message is stored already, so its media is not fetched again.
        if !content.downloads.isEmpty, (try? owner.findMessage(providerMessageID: message.mid)) ?? nil != nil { return }
        try store(content, attachments: media.store(content.downloads), id: message.mid, event: event, referral: message.referral)
    }

    /// `referral`: a switch ticket in it moves the customer's web chat conversation here first.
    private func store(_ content: InboundContent, attachments: [JSON], id: String, event: MetaEvent, referral: JSONObject?) throws {
        let switched = SwitchReferral.redeem(referral, customer: event.senderID, owner: owner, product: product)
        let outcome = try owner.ingest(InboundMessage(
            identityKind: product.identityKind, identityValue: event.senderID, providerMessageID: id, text: content.text,
            displayName: names.name(for: event.senderID, nowMs: Clock.nowMillis()), richJSON: content.richJSON,
            attachmentsJSON: attachments.isEmpty ? nil : JSON.array(attachments).serialized, conversationID: switched,
            sentAtMs: event.timestampMs))
        CustomerIndex(host: owner).remember(conversation: outcome.conversationID, customer: event.senderID)
    }

    /// A message the business sent from Meta's own inbox: stored as outbound, by "Meta inbox",
    /// in the customer's conversation. Our own sends come back as echoes too: the mid `deliver`
    /// returned is answered duplicate by the host, and the other parts of a multi-part reply
    /// are recognised from the mids deliver recorded.
    private func storeEcho(_ message: MetaMessage, event: MetaEvent) throws {
        guard owner.abiMinor >= 3 else { return } // an older host would store it as the customer's
        if CustomerIndex(host: owner).isOwnSend(mid: message.mid) { return }
        let content = InboundContent.compose(message, product: product, timestampMs: event.timestampMs)
        _ = try owner.ingest(InboundMessage(
            identityKind: product.identityKind, identityValue: event.recipientID, providerMessageID: message.mid,
            text: content.text, displayName: MetaProduct.echoAuthor, richJSON: content.richJSON,
            attachmentsJSON: content.downloads.isEmpty ? nil : JSON.array(media.store(content.downloads)).serialized,
            sentAtMs: event.timestampMs, origin: .business))
    }

    private func emitReaction(_ reaction: Reaction) {
        guard let found = (try? owner.findMessage(providerMessageID: reaction.mid)) ?? nil else {
            owner.log(.info, "\(product.pluginID): reaction to an unknown message \(reaction.mid)")
            return
        }
        let data: JSON = ["mid": .string(reaction.mid), "reaction": .string(reaction.reaction), "emoji": .string(reaction.emoji),
                          "action": .string(reaction.action)]
        report { try owner.emitEvent(conversationID: found.conversationID, type: "message.reaction", dataJSON: data.serialized) }
    }

    private func reportUpTo(_ watermark: Int64, customer: String, status: DeliveryStatus) {
        report { try owner.reportDelivery(identityKind: product.identityKind, identityValue: customer, upTo: watermark, status: status) }
    }

    /// Receipts for messages we do not know (sent before the instance existed) are expected.
    private func report(_ call: () throws -> Void) {
        do {
            try call()
        } catch PluginError.notFound {
            return
        } catch {
            owner.log(.warn, "\(product.pluginID): could not record a receipt or event: \(error)")
        }
    }
}
