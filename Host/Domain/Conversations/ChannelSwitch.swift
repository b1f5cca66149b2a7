import SwitchboardSupport

extension Store {
    /// Move a conversation to another channel instance. The ID, history, tags, fields and
    /// assignee stay; the current channel changes, the customer's address on the new channel
    /// joins their contact, and the switch is an event. Queued replies follow the conversation
    /// at once. `waitingKind` names a channel kind with no plugin yet: `instanceID` is then that
    /// kind and replies wait for it. A `notice` is sent on the new channel ahead of the replies
    /// that were waiting.
    public func switchChannel(conversationID: String, to instanceID: String, identity: Identity?, actor: String,
                              reason: String? = nil, notice: String? = nil, waitingKind: String? = nil) throws {
        try write { db in
            try Self.switchChannel(db, conversationID: conversationID, to: instanceID, identity: identity, actor: actor, reason: reason,
                                   notice: notice, waitingKind: waitingKind)
        }
    }

    /// `switchChannel` inside a write (a voice step moves the conversation in the step's own transaction).
    static func switchChannel(_ db: StoreConnection, conversationID: String, to instanceID: String, identity: Identity?, actor: String,
                              reason: String?, notice: String?, waitingKind: String?) throws {
        guard let conversation = try db.queryOne(
            "SELECT \(Self.conversationColumns) FROM conversations WHERE id = ?", [.text(conversationID)], Self.conversation)
        else { throw ReplyError.conversationNotFound(conversationID) }
        let now = Clock.nowMillis()
        if let identity {
            if let owner = try db.queryOne("SELECT contact_id FROM contact_identities WHERE kind = ? AND value = ?",
                                           [.text(identity.kind), .text(identity.value)], { $0.text(0) }) {
                guard owner == conversation.contactID else {
                    throw ReplyError.invalidField("identity_value", "belongs to another contact")
                }
            } else {
                try db.run("INSERT INTO contact_identities (kind, value, contact_id, created_at) VALUES (?, ?, ?, ?)",
                           [.text(identity.kind), .text(identity.value), .text(conversation.contactID), .integer(now)])
            }
        }
        try db.run("UPDATE conversations SET channel_instance_id = ?, updated_at = ? WHERE id = ?",
                   [.text(instanceID), .integer(now), .text(conversationID)])
        try Self.appendEvent(db, conversationID: conversationID, type: "conversation.channel_switched", actor: actor,
                             data: ["from": .string(conversation.channelInstanceID), "to": .string(instanceID),
                                    "identity_kind": .from(identity?.kind), "reason": .from(reason),
                                    "waiting_for_plugin": .from(waitingKind)], now: now)
        try db.run("UPDATE outbox SET next_attempt_at = ? WHERE conversation_id = ? AND state = 'pending'",
                   [.integer(now), .text(conversationID)])
        if let notice, !notice.isEmpty {
            var moved = conversation
            moved.channelInstanceID = instanceID
            let id = try Self.appendReply(db, Reply(conversationID: conversationID, authorKind: .system, authorID: nil, text: notice),
                                          conversation: moved, now: now)
            try db.run("UPDATE outbox SET ahead = 1 WHERE message_id = ?", [.integer(id)])
        }
        try Self.refreshOutboxLane(db, conversationID: conversationID)
        // The target's binding applies: another stack takes over, or a channel bound to people gets the handover.
        try Self.applyBinding(afterSwitchOf: conversation, to: instanceID, db: db, actor: actor, now: now)
    }

    /// The customer's identity to use on a channel: the contact's most recent identity of that kind.
    public func identity(contactID: String, kinds: [String]) throws -> Identity? {
        try read { db in
            for kind in kinds {
                if let value = try db.queryOne(
                    "SELECT value FROM contact_identities WHERE contact_id = ? AND kind = ? ORDER BY created_at DESC LIMIT 1",
                    [.text(contactID), .text(kind)], { $0.text(0) }) {
                    return Identity(kind: kind, value: value)
                }
            }
            return nil
        }
    }
}
