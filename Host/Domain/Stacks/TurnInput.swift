import SwitchboardSupport

/// What a turn reads from a conversation.
public struct TurnInput: Sendable, Equatable {
    /// Customer-visible messages (no internal notes), at most the last `historyLimit`: what was already
    /// answered in order, then the unanswered customer messages last (a reply written while later
    /// messages arrived has a higher id than they do, but answered only what came before it).
    public var history: [Message]
    /// Customer messages no turn has answered yet: what this turn answers. Empty when an earlier turn saw them all.
    public var unanswered: [Message]
    /// Whether anyone (stack or person) has replied in this conversation before.
    public var repliedBefore: Bool

    public var customerText: String { unanswered.map(\.text).filter { !$0.isEmpty }.joined(separator: "\n") }
    /// The newest customer message this turn answers (recorded, so the next turn starts after it).
    public var answeredThrough: Int64? { unanswered.last?.id }
}

extension Store {
    /// The conversation as a turn sees it. Customer messages are answered when a stack turn saw them
    /// (its `answered_through`) or a person replied after them; messages that arrived while an earlier
    /// turn ran are therefore all unanswered here, and one turn answers them together.
    public func turnInput(conversationID: String, historyLimit: Int = 40) throws -> TurnInput {
        try read { db in
            let cursor = try db.queryOne(
                """
                SELECT MAX(COALESCE((SELECT MAX(answered_through) FROM stack_turns WHERE conversation_id = ?1), 0),
                           COALESCE((SELECT MAX(id) FROM messages WHERE conversation_id = ?1 AND direction = 'outbound' AND author_kind != 'stack'), 0))
                """, [.text(conversationID)], { $0.int(0) }) ?? 0
            let recent = Array(try db.query(
                """
                SELECT \(Self.messageColumns) FROM messages WHERE conversation_id = ? AND direction != 'internal'
                ORDER BY id DESC LIMIT ?
                """, [.text(conversationID), .integer(Int64(historyLimit))], Self.message).reversed())
            let isUnanswered = { (m: Message) in m.direction == .inbound && m.id > cursor }
            let unanswered = recent.filter(isUnanswered)
            let repliedBefore = try db.queryOne("SELECT 1 FROM messages WHERE conversation_id = ? AND direction = 'outbound' LIMIT 1",
                                                [.text(conversationID)], { _ in true }) != nil
            return TurnInput(history: recent.filter { !isUnanswered($0) } + unanswered, unanswered: unanswered, repliedBefore: repliedBefore)
        }
    }

    /// A customer's words handed to a synchronous turn (`stack_turn`, e.g. a caller's speech in an IVR),
    /// stored as an inbound message so the transcript shows what the stack answered.
    public func appendCustomerInput(conversationID: String, text: String) throws -> Int64 {
        try write { db in
            guard let conversation = try db.queryOne("SELECT \(Self.conversationColumns) FROM conversations WHERE id = ?",
                                                     [.text(conversationID)], Self.conversation)
            else { throw WorkflowError.notFound(what: "conversation", id: conversationID) }
            guard conversation.status != .archived else { throw WorkflowError.conflict("the conversation is archived, so it is read-only") }
            let now = Clock.nowMillis()
            try db.run(
                """
                INSERT INTO messages (conversation_id, direction, author_kind, author_id, channel_instance_id, text, format,
                                      provider_message_id, delivery_status, created_at)
                VALUES (?, 'inbound', 'customer', ?, ?, ?, 'plain', ?, 'received', ?)
                """, [.text(conversationID), .text(conversation.contactID), .text(conversation.channelInstanceID), .text(text),
                      .text("turn-" + Crypto.randomHex(bytes: 8)), .integer(now)])
            let id = db.lastInsertRowID
            try db.run("UPDATE conversations SET engagement = 'pending', last_message_at = ?, updated_at = ? WHERE id = ?",
                       [.integer(now), .integer(now), .text(conversationID)])
            try Self.appendEvent(db, conversationID: conversationID, type: "message.received", actor: "customer",
                                 data: ["message_id": .from(id), "channel_instance_id": .string(conversation.channelInstanceID),
                                        "via": "stack_turn"], now: now)
            return id
        }
    }

    /// Active conversations a stack has owed an answer since before `quietSince` with no host's turn
    /// lease live on them at `now`: the host that took their message died before (or during) the turn.
    public func orphanedStackTurns(quietSince: Int64, now: Int64 = Clock.nowMillis(), limit: Int = 1000) throws -> [String] {
        try read { db in
            try db.query(
                """
                SELECT c.id FROM conversations c
                WHERE c.agent_stack IS NOT NULL AND c.engagement = 'pending' AND c.status = 'active' AND c.updated_at <= ?
                  AND NOT EXISTS (SELECT 1 FROM leases l WHERE l.name = 'turn:' || c.id AND l.expires_at > ?)
                ORDER BY c.updated_at LIMIT ?
                """, [.integer(quietSince), .integer(now), .integer(Int64(limit))], { $0.text(0) })
        }
    }

    /// Active conversations a stack owes an answer (after a restart, their turn never ran).
    public func conversationsAwaitingStack(limit: Int = 1000) throws -> [String] {
        try read { db in
            try db.query(
                "SELECT id FROM conversations WHERE agent_stack IS NOT NULL AND engagement = 'pending' AND status = 'active' ORDER BY updated_at LIMIT ?",
                [.integer(Int64(limit))], { $0.text(0) })
        }
    }

    /// The contact's tier (`attributes.tier`), which handover rules may reserve for people.
    public func contactTier(contactID: String) throws -> String? {
        try read { db in
            try db.queryOne("SELECT json_extract(attributes, '$.tier') FROM contacts WHERE id = ?", [.text(contactID)], { $0.optionalText(0) }) ?? nil
        }
    }
}
