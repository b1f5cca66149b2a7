import SwitchboardSupport

/// An internal comment: seen by the team, never delivered to the customer, never changes engagement.
public struct Comment: Sendable {
    public var text: String
    /// The agent writing it, when a person writes it.
    public var authorAgentID: String?
    /// Agents named explicitly, in addition to the @handles in the text.
    public var mentionAgentIDs: [String]

    public init(text: String, authorAgentID: String?, mentionAgentIDs: [String] = []) {
        self.text = text
        self.authorAgentID = authorAgentID
        self.mentionAgentIDs = mentionAgentIDs
    }

    /// The @handles in the text: "@" at the start or after a non-word character, then letters, digits, '.', '_', '-'
    /// (so "ann@example.com" mentions nobody). A trailing '.' is punctuation, not part of the handle.
    public static func handles(in text: String) -> [String] {
        var result: [String] = []
        let scalars = Array(text.unicodeScalars)
        var i = 0
        while i < scalars.count {
            defer { i += 1 }
            guard scalars[i] == "@", i == 0 || !isHandleCharacter(scalars[i - 1]) else { continue }
            var j = i + 1
            while j < scalars.count, isHandleCharacter(scalars[j]) { j += 1 }
            var handle = String(String.UnicodeScalarView(scalars[(i + 1)..<j]))
            while handle.hasSuffix(".") { handle.removeLast() }
            if !handle.isEmpty, !result.contains(handle) { result.append(handle) }
            i = j - 1
        }
        return result
    }

    static func isHandleCharacter(_ s: Unicode.Scalar) -> Bool {
        s.properties.isAlphabetic || ("0"..."9").contains(s) || s == "_" || s == "-" || s == "."
    }
}

extension Store {
    /// Add an internal comment; every mentioned agent gets a notification event addressed to them.
    /// Returns the stored comment (a message with direction `internal`) and the ids of the agents notified.
    public func addComment(_ comment: Comment, conversationID: String, viewer: Viewer, actor: String) throws -> (Message, [String]) {
        let text = comment.text
        guard !text.isEmpty, text.utf8.count <= 20_000 else { throw WorkflowError.invalid(field: "text", reason: "must be 1 to 20000 bytes") }
        return try write { db in
            let visible = viewer.conversationCondition()
            guard let conversation = try db.queryOne(
                "SELECT \(Self.conversationColumns) FROM conversations WHERE id = ? AND \(visible.sql)",
                [.text(conversationID)] + visible.values, Self.conversation)
            else { throw WorkflowError.notFound(what: "conversation", id: conversationID) }
            guard conversation.status != .archived else {
                throw WorkflowError.conflict("the conversation is archived, so it is read-only")
            }
            var mentioned: [String] = []
            for id in comment.mentionAgentIDs where !mentioned.contains(id) {
                guard try db.queryOne("SELECT 1 FROM agents WHERE id = ? AND deactivated_at IS NULL", [.text(id)], { _ in true }) != nil
                else { throw WorkflowError.notFound(what: "agent", id: id) }
                mentioned.append(id)
            }
            for handle in Comment.handles(in: text) {
                // Unknown @words are just text (a product name, a Twitter handle): no error.
                if let id = try db.queryOne("SELECT id FROM agents WHERE handle = ? AND deactivated_at IS NULL", [.text(handle)], { $0.text(0) }),
                   !mentioned.contains(id) {
                    mentioned.append(id)
                }
            }
            let now = Clock.nowMillis()
            try db.run(
                """
                INSERT INTO messages (conversation_id, direction, author_kind, author_id, channel_instance_id, text, format, delivery_status, created_at)
                VALUES (?, 'internal', 'agent', ?, ?, ?, 'plain', 'internal', ?)
                """, [.text(conversationID), .text(comment.authorAgentID ?? actor), .text(conversation.channelInstanceID), .text(text), .integer(now)])
            let messageID = db.lastInsertRowID
            try db.run("UPDATE conversations SET updated_at = ? WHERE id = ?", [.integer(now), .text(conversationID)])
            try Self.appendEvent(db, conversationID: conversationID, type: "comment.created", actor: actor,
                                 data: ["message_id": .from(messageID), "mentions": .array(mentioned.map(JSON.string))], now: now)
            let excerpt = String(text.prefix(140))
            for agentID in mentioned {
                // Someone outside the conversation's team, mentioned, needs to open it.
                try db.run("INSERT INTO conversation_participants (agent_id, conversation_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                           [.text(agentID), .text(conversationID), .integer(now)])
                try Self.appendEvent(db, conversationID: conversationID, type: "agent.mentioned", actor: actor,
                                     data: ["agent_id": .string(agentID), "message_id": .from(messageID), "excerpt": .string(excerpt)],
                                     now: now, agentID: agentID)
            }
            let message = try db.queryOne("SELECT \(Self.messageColumns) FROM messages WHERE id = ?", [.integer(messageID)], Self.message)!
            return (message, mentioned)
        }
    }
}
