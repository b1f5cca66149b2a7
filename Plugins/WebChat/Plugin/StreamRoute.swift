import PluginKit
import WebChatLogic

/// GET /stream?token=<visitor token>[&last_event_id=<id>] (or the Last-Event-ID header, which
/// EventSource sends when it reconnects) → Server-Sent Events:
///   `event: message` (id: the message id, data: the message), `event: typing`, `event: status`,
///   `event: switched` ({kind, address, waiting}).
/// On connect it replays every message after the last event id — replies sent while the visitor
/// was away arrive now — then goes live, and offers the replies that waited for this visitor
/// again (outbox kick). The token is in the query because EventSource cannot set headers.
struct StreamRoute {
    let widget: WebChatContext

    /// How soon EventSource reconnects after a drop.
    static let reconnectMs = 2_000

    func handle(_ request: PluginHTTPRequest) throws -> PluginHTTPResponse {
        let query = try QueryItems(request)
        let visitor = try widget.visitor(token: query.value("token"))
        var after: Int64 = 0
        if let raw = request.header("Last-Event-ID") ?? query.value("last_event_id"), !raw.isEmpty {
            guard let id = Int64(raw.trimmingASCIIWhitespace()), id >= 0 else {
                throw WidgetFailure.invalid("last_event_id", "must be a message id (a non-negative integer)")
            }
            after = id
        }
        let widget = self.widget, resumeAfter = after
        let heartbeatMs = UInt32(widget.config.heartbeatSeconds * 1000)
        let stream = PluginStream(heartbeat: ServerSentEvents.heartbeat, heartbeatMs: heartbeatMs) { id in
            StreamRoute.opened(id, visitor: visitor, after: resumeAfter, widget: widget)
        }
        return .stream(stream, headers: [("Cache-Control", "no-cache"), ("X-Accel-Buffering", "no")])
    }

    /// Runs before the host answers: registered first, so nothing pushed from now on is missed;
    /// the replay may repeat a message pushed meanwhile, which the widget drops by id.
    static func opened(_ stream: UInt64, visitor: Visitor, after: Int64, widget: WebChatContext) {
        widget.hub.add(stream, for: visitor.identity)
        var text = ServerSentEvents.retry(milliseconds: reconnectMs)
        var replayedUpTo: Int64?
        do {
            let state = try widget.store.state(visitor.identity)
            if let conversationID = state.conversationID {
                let history = try ConversationHistory(host: widget.host).messages(conversationID, after: after)
                for message in history.messages { text += MessageEvents.event(message) }
                replayedUpTo = history.messages.last?["id"]?.intValue.map(Int64.init)
                if let status = history.conversation["status"]?.stringValue {
                    text += ServerSentEvents.event("status", data: JSON.object(["status": .string(status)]).serialized)
                }
            }
            if let switched = state.switched { text += ServerSentEvents.event("switched", data: switched.json.serialized) }
            if let last = replayedUpTo { widget.store.noteShown(visitor.identity, upTo: last) }
            try widget.host.streamSend(stream, text)
            if let last = replayedUpTo { widget.hub.noteSent(stream, upTo: last) }
            if let conversationID = state.conversationID { try widget.host.kickOutbox(conversationID: conversationID) }
        } catch {
            widget.host.log(.warn, "stream \(stream) for visitor \(visitor.id): replay failed: \(error)")
        }
    }
}
