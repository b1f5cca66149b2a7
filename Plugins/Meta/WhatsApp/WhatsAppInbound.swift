import PluginKit

/// Applies one "messages" change (one number's messages, statuses and errors) to the instance
/// that claimed the number, through that instance's services. Every message and status of the
/// change is applied; a failed store throws after the rest were tried (the post is answered 500
/// and Meta resends the batch: the host's dedupe by wamid makes that harmless).
struct WhatsAppInbound {
    let owner: PluginHost
    /// The owner's Graph client (its token), nil while it is still starting: media then stays
    /// "unavailable" with the media id kept.
    let graph: GraphClient?
    let status: MetaStatus
    /// The number the change is for (`metadata.phone_number_id`): the owner's.
    let phoneNumberID: String

    static let mediaTimeoutMs: UInt32 = 8_000

    /// The failures, one line each; empty when everything was stored.
    func apply(_ value: JSON) -> [String] {
        var failures: [String] = []
        let contacts = value["contacts"]?.arrayValue ?? []
        for message in value["messages"]?.arrayValue ?? [] {
            do { try store(message, contacts: contacts) } catch {
                failures.append("message \(message["id"]?.stringValue ?? "?"): \(error)")
            }
        }
        for receipt in value["statuses"]?.arrayValue ?? [] { report(receipt) }
        if let errors = value["errors"]?.arrayValue, !errors.isEmpty {
            let summaries = errors.map { WhatsAppError($0).summary }
            for summary in summaries { owner.log(.warn, "whatsapp: Meta reported an error: \(summary)") }
            status.recordDetails(["last_error": .string(summaries.joined(separator: "; ")), "last_error_at": .string(Clock.iso8601(Clock.nowMillis()))])
        }
        return failures
    }

    private func store(_ message: JSON, contacts: [JSON]) throws {
        guard let wamid = message["id"]?.stringValue, !wamid.isEmpty else { throw InboundProblem("a message without id") }
        guard let customer = WhatsAppCustomer.of(message: message, contacts: contacts) else {
            throw InboundProblem("message \(wamid) names no sender (from or user_id)")
        }
        if message["type"]?.stringValue == "reaction" { return emitReaction(message["reaction"], wamid: wamid) }
        var content = WhatsAppContent.compose(message)
        var conversation: String?
        if let switched = WhatsAppSwitchCode.redeem(in: content.text, customer: customer.key, owner: owner) {
            (conversation, content.text) = switched
        }
        // A resent batch: the message is stored already, so its media is not fetched again.
        if content.media != nil, (try? owner.findMessage(providerMessageID: wamid)) ?? nil != nil { return }
        let attachments = content.media.map { [WhatsAppMedia(host: owner, graph: graph).store($0, type: message["type"]?.stringValue ?? "")] }
        let sentAt = message["timestamp"].flatMap { $0.stringValue.flatMap(Int64.init) ?? $0.intValue.map(Int64.init) }.map { $0 * 1000 }
        let stored = try owner.ingest(InboundMessage(
            identityKind: WhatsAppProduct.product.identityKind, identityValue: customer.key, providerMessageID: wamid,
            text: content.text, displayName: customer.name ?? WhatsAppProduct.product.fallbackName(userID: customer.key),
            richJSON: content.richJSON, attachmentsJSON: attachments.map { JSON.array($0).serialized }, conversationID: conversation,
            sentAtMs: sentAt, contactJSON: customer.contactJSON, alsoIdentity: customer.phone.map { ("phone", $0) }))
        WhatsAppReadMarks(host: owner).remember(wamid, conversationID: stored.conversationID)
    }

    /// Receipts move a message forward only (the host's rule); `failed` keeps Meta's code, title
    /// and details, and nothing later lifts it.
    private func report(_ receipt: JSON) {
        guard let wamid = receipt["id"]?.stringValue else { return owner.log(.warn, "whatsapp: a status without id") }
        let state: DeliveryStatus
        switch receipt["status"]?.stringValue ?? "" {
        case "sent": state = .sent
        case "delivered": state = .delivered
        case "read": state = .read
        case "failed": state = .failed
        case let other: return owner.log(.info, "whatsapp: status \"\(other)\" of \(wamid) is not a delivery state")
        }
        let detail = (receipt["errors"]?.arrayValue ?? []).map { WhatsAppError($0).summary }.joined(separator: "; ")
        do {
            try owner.reportDelivery(providerMessageID: wamid, status: state, detail: detail)
        } catch PluginError.notFound {
            return // sent before this instance existed, or from another tool on the same number
        } catch {
            owner.log(.warn, "whatsapp: could not record the status of \(wamid): \(error)")
        }
    }

    private func emitReaction(_ reaction: JSON?, wamid: String) {
        guard let target = reaction?["message_id"]?.stringValue,
              let found = (try? owner.findMessage(providerMessageID: target)) ?? nil else {
            return owner.log(.info, "whatsapp: reaction \(wamid) to a message we do not know")
        }
        let emoji = reaction?["emoji"]?.stringValue ?? ""
        let data: JSON = ["mid": .string(target), "emoji": .string(emoji), "action": .string(emoji.isEmpty ? "unreact" : "react")]
        do { try owner.emitEvent(conversationID: found.conversationID, type: "message.reaction", dataJSON: data.serialized) } catch {
            owner.log(.warn, "whatsapp: could not record a reaction: \(error)")
        }
    }
}

struct InboundProblem: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
