import SwitchboardSupport

/// A channel instance's binding decides who answers its conversations: an Agent Stack, or people.
/// The API channel's caller may instead name a stack per conversation (`agent_stack` on inbound).
extension Store {
    /// The Agent Stack a channel instance is bound to, when it is bound to one.
    static func boundStack(_ db: StoreConnection, instanceID: String) throws -> String? {
        try db.queryOne("SELECT binding_ref FROM channel_instances WHERE id = ? AND binding_kind = 'stack' AND binding_ref IS NOT NULL",
                        [.text(instanceID)], { $0.text(0) })
    }

    /// Inside ingest: the stack a customer message puts on its conversation. A new conversation gets
    /// the stack the message names, else the channel's bound stack. An existing one gets it only if
    /// nobody handles it and no stack has handed it over before (a customer who was passed to people
    /// is not passed back to the AI by writing again).
    /// `bound`: the channel instance's bound stack (`boundStack`, which ingest may know already).
    static func stackForInbound(_ db: StoreConnection, named: String?, bound: () throws -> String?, existing: String?) throws -> String? {
        if let named, !named.isEmpty {
            guard try stackExists(db, named) else { throw IngestError.invalidField("agent_stack", "no Agent Stack \(named)") }
        }
        let candidate = (named?.isEmpty ?? true) ? try bound() : named
        guard let candidate, let existing else { return candidate }
        let handled = try db.queryOne(
            """
            SELECT agent_stack IS NOT NULL OR assignee IS NOT NULL OR team_id IS NOT NULL
                   OR EXISTS (SELECT 1 FROM events WHERE conversation_id = conversations.id AND type = 'stack.handover')
            FROM conversations WHERE id = ?
            """, [.text(existing)], { $0.int(0) != 0 }) ?? true
        return handled ? nil : candidate
    }

    /// Inside the channel-switch write: the target channel's binding applies, the same way a turn's
    /// handover would. Same stack → nothing changes. A different stack → it takes over with the full
    /// history (its next turn reads the whole conversation). A channel bound to people → the stack
    /// hands over (notes, event, routing). A conversation people already handle stays with them.
    static func applyBinding(afterSwitchOf conversation: Conversation, to instanceID: String, db: StoreConnection,
                             actor: String, now: Int64) throws {
        var conversation = conversation
        conversation.channelInstanceID = instanceID
        guard let kind = try db.queryOne("SELECT binding_kind FROM channel_instances WHERE id = ?", [.text(instanceID)], { $0.text(0) })
        else { return }
        if kind == BindingKind.stack.rawValue {
            guard let stack = try boundStack(db, instanceID: instanceID), try stackExists(db, stack), conversation.agentStack != stack,
                  conversation.agentStack != nil || (conversation.assignee == nil && conversation.teamID == nil)
            else { return }
            try db.run("UPDATE conversations SET agent_stack = ?, queued_at = NULL WHERE id = ?", [.text(stack), .text(conversation.id)])
            try appendEvent(db, conversationID: conversation.id, type: "conversation.assigned", actor: actor,
                            data: ["agent_stack": .string(stack), "previous_agent_stack": .from(conversation.agentStack),
                                   "reason": "channel_switch", "channel_instance_id": .string(instanceID)], now: now)
        } else if let current = conversation.agentStack {
            let reason = HandoverReason.channelSwitch(to: instanceID)
            let note = try appendStackNote(db, conversation, stackID: current, text: "Handed over to people: \(reason.explanation).", now: now)
            _ = try handOver(db, conversation, stackID: current, stack: try stack(db, id: current)?.definition, reason: reason, noteID: note,
                             tried: [:], guess: nil, actor: "stack:\(current)", now: now)
        }
    }
}
