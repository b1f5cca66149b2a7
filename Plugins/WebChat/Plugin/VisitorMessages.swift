import PluginKit
import WebChatLogic

/// A visitor's message (typed or uploaded) into the host: stored once per client message id, in
/// the visitor's conversation, then shown in the visitor's other tabs.
struct VisitorMessages {
    let widget: WebChatContext

    /// The client's id for a message: what makes a resend (a retry after a lost answer) a duplicate.
    static func checkClientID(_ id: String) throws(WidgetFailure) -> String {
        guard (1...100).contains(id.utf8.count),
              id.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" })
        else { throw .invalid("client_message_id", "must be 1 to 100 letters, digits, - or _") }
        return id
    }

    func ingest(_ visitor: Visitor, text: String, attachmentsJSON: String?, clientMessageID: String) throws -> IngestOutcome {
        let state = try widget.store.state(visitor.identity)
        let config = widget.config
        var message = InboundMessage(
            identityKind: visitor.identity.kind, identityValue: visitor.identity.value,
            providerMessageID: "\(visitor.id).\(clientMessageID)", text: text, format: .plain, displayName: state.name,
            attachmentsJSON: attachmentsJSON, agentStack: config.agentStack,
            // The visitor's conversation continues even after it moved to another channel.
            conversationID: state.conversationID, contactJSON: state.contactPending ? state.contactJSON : nil)
        let outcome: IngestOutcome
        do {
            outcome = try widget.host.ingest(message)
        } catch PluginError.notFound where message.conversationID != nil {
            // The remembered conversation is gone (deleted): start afresh.
            message.conversationID = nil
            outcome = try widget.host.ingest(message)
        } catch PluginError.invalid(_, let reason) where reason.contains("agent_stack") {
            // The operator's configuration names no Agent Stack: nothing the visitor can fix.
            widget.host.log(.error, "agent_stack \(config.agentStack ?? "") was refused: \(reason); fix the widget's configuration")
            throw WidgetFailure.unavailable
        } catch PluginError.invalid(_, let reason) {
            throw WidgetFailure.invalid(attachmentsJSON == nil ? "text" : "file", "was refused: \(reason)")
        }
        try widget.store.update(visitor.identity) { state in
            state.conversationID = outcome.conversationID
            state.contactPending = false
            state.lastActivityMs = Clock.nowMillis()
        }
        if case .stored = outcome {
            let shown = MessageEvents.visitorMessage(id: outcome.messageID, text: text, attachmentsJSON: attachmentsJSON, name: state.name)
            widget.hub.sendMessage(MessageEvents.event(shown), id: outcome.messageID, to: visitor.identity)
        }
        return outcome
    }

    static func answer(_ outcome: IngestOutcome, extra: JSONObject = [:]) -> PluginHTTPResponse {
        var body: JSONObject = ["message_id": .from(outcome.messageID), "conversation_id": .string(outcome.conversationID)]
        if case .duplicate = outcome { body["duplicate"] = true }
        for (key, value) in extra { body[key] = value }
        if case .stored = outcome { return .json(201, .object(body)) }
        return .json(200, .object(body))
    }
}
