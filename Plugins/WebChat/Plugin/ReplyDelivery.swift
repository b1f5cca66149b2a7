import PluginKit
import WebChatLogic

/// deliver(): an agent's reply to a widget visitor. Pushed to every open tab; held in the host's
/// outbox (SB_DELIVERY_WAIT) while the visitor is away; moved to the fallback channel when they
/// are idle past the timeout or their connection is dead (see `FallbackRules`).
struct ReplyDelivery {
    let widget: WebChatContext

    func deliver(_ message: OutboundMessage) -> DeliveryResult {
        guard message.identityKind == Identity.anonymousKind || message.identityKind == Identity.verifiedKind else {
            return .rejected(detail: "web chat reaches identity kinds webchat and external_id, not \(message.identityKind)")
        }
        let identity = Identity(kind: message.identityKind, value: message.identityValue)
        let config = widget.config
        let nowMs = Clock.nowMillis()
        let state: CustomerState
        do {
            // Agent signals name conversations: remember whose this one is (a conversation an agent
            // started, or one from before a restart).
            state = try widget.store.update(identity) { state in
                if state.conversationID == nil { state.conversationID = message.conversationID }
            }
        } catch {
            return .retry(detail: "could not read the visitor's state: \(error)")
        }
        let fallback = config.idleFallbackChannel.flatMap { kind in state.address(for: kind).map { (kind, $0) } }
        let rules = FallbackRules(idleTimeoutMs: Int64(config.idleTimeoutSeconds) * 1000,
                                  reconnectGraceMs: Int64(config.reconnectGraceSeconds) * 1000, fallbackPossible: fallback != nil)
        let presence = Presence(liveStreams: widget.hub.liveCount(identity), lastActivityMs: state.lastActivityMs,
                                goneSinceMs: widget.hub.goneSinceMs(identity), seenUpTo: state.seenUpTo)
        let sentID = ReadReceipts.providerMessageID(message.messageID)

        switch rules.plan(messageID: message.messageID, presence: presence, nowMs: nowMs) {
        case .delivered:
            widget.receipts.sent(message.messageID, to: identity, seen: true)
            return .sent(providerMessageID: sentID)
        case .push(let waitForSeenMs):
            let event = MessageEvents.event(MessageEvents.reply(message, nowMs: nowMs))
            // Noted before the push: the widget may answer with POST /seen before this call returns.
            widget.store.noteShown(identity, upTo: message.messageID)
            guard widget.hub.sendMessage(event, id: message.messageID, to: identity) > 0 else {
                // Every tab went away between the count and the push: look again very soon.
                return .wait(detail: "the visitor's connection just closed", retryAfterMs: 1_000)
            }
            if let waitForSeenMs {
                // Shown: the replies behind it need not wait for the visitor to confirm this one.
                return .wait(detail: "shown in the widget; delivered once the visitor sees it", retryAfterMs: waitForSeenMs, shown: true)
            }
            widget.receipts.sent(message.messageID, to: identity, seen: false)
            return .sent(providerMessageID: sentID)
        case .fallBack(let reason):
            guard let (kind, address) = fallback else {
                return .wait(detail: "the visitor is away", retryAfterMs: UInt32(FallbackRules.maxWaitMs))
            }
            let conversationID = message.conversationID
            do {
                _ = try Switching(widget: widget).move(identity, conversationID: conversationID, to: kind, address: address,
                                                       reason: "idle", notice: config.idleFallbackMessage)
                widget.host.log(.info, "conversation \(conversationID) moved to \(kind.rawValue): the visitor is \(reason == .idle ? "idle" : "gone")")
                // The host offers this reply to the new channel at once.
                return .wait(detail: "the visitor left the chat (\(reason.rawValue)): moved to \(kind.rawValue)", retryAfterMs: 0)
            } catch {
                widget.host.log(.warn, "fallback of conversation \(conversationID) to \(kind.rawValue) failed: \(error)")
                return .wait(detail: "the visitor is away; the fallback to \(kind.rawValue) failed: \(error)",
                             retryAfterMs: UInt32(FallbackRules.maxWaitMs))
            }
        case .wait(let retryAfterMs):
            return .wait(detail: "the visitor is away: the reply waits until they are back", retryAfterMs: retryAfterMs)
        }
    }
}
