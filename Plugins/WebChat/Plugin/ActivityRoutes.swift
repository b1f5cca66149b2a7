import PluginKit
import WebChatLogic

/// The visitor's signs of life, which keep the idle fallback away:
///   POST /typing {typing} → 202: shown to agents as a (throttled) conversation event;
///   POST /seen {message_id} → 202: the widget showed every message up to this id (the replies
///   count as read, and those held until seen are offered again so they are marked delivered).
struct ActivityRoutes {
    let widget: WebChatContext

    /// At most one "visitor typing" event per visitor in this many ms: agents need to know someone
    /// is typing, not every keystroke.
    static let typingEventIntervalMs: Int64 = 5_000

    func typing(_ request: PluginHTTPRequest) throws -> PluginHTTPResponse {
        let visitor = try widget.bearerVisitor(request)
        let typing = try RequestBody(request).bool("typing") ?? true
        try widget.store.touch(visitor.identity)
        if typing, let conversationID = try widget.store.state(visitor.identity).conversationID,
           widget.typingThrottle.admit(visitor.identity, intervalMs: Self.typingEventIntervalMs) {
            try? widget.host.emitEvent(conversationID: conversationID, type: "webchat.visitor_typing", dataJSON: "{}")
        }
        return .json(202, ["ok": true])
    }

    func seen(_ request: PluginHTTPRequest) throws -> PluginHTTPResponse {
        let visitor = try widget.bearerVisitor(request)
        guard let claimed = try RequestBody(request).int64("message_id") else { throw WidgetFailure.invalid("message_id", "is required") }
        // Only what the widget was given can have been seen: a larger id would mark replies
        // delivered before they are even pushed.
        let messageID = min(claimed, widget.store.shownUpTo(visitor.identity))
        let before = try widget.store.state(visitor.identity)
        let state = try widget.store.update(visitor.identity) { state in
            state.seenUpTo = max(state.seenUpTo, messageID)
            state.lastActivityMs = Clock.nowMillis()
        }
        widget.receipts.seen(upTo: messageID, by: visitor.identity)
        // Replies held until seen (a fallback is configured) can now be marked delivered.
        if state.seenUpTo > before.seenUpTo, let conversationID = state.conversationID {
            try? widget.host.kickOutbox(conversationID: conversationID)
        }
        return .json(202, ["ok": true, "seen_up_to": .from(state.seenUpTo)])
    }
}

/// Remembers when each identity last produced a typing event.
final class TypingThrottle: @unchecked Sendable {
    private let lock = PluginLock()
    private var last: [Identity: Int64] = [:]

    func admit(_ identity: Identity, intervalMs: Int64, nowMs: Int64 = Clock.monotonicMillis()) -> Bool {
        lock.withLock {
            if let previous = last[identity], nowMs - previous < intervalMs { return false }
            if last.count > 10_000 { last = last.filter { nowMs - $0.value < intervalMs } }
            last[identity] = nowMs
            return true
        }
    }
}
