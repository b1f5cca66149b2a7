import SwitchboardSupport

/// A message as the customer sees it: what a live channel (a chat widget) shows as history.
public struct CustomerMessage: Sendable {
    public var message: Message
    /// The agent's or Agent Stack's display name; nil for the customer and the system.
    public var authorName: String?
}

extension Store {
    /// The customer-visible messages of a conversation an instance carries or carried (one of its
    /// messages travelled on it): inbound and outbound only, never internal comments. nil when the
    /// conversation is unknown to that instance.
    public func customerHistory(conversationID: String, instanceID: String, after: Int64, limit: Int)
        throws -> (conversation: Conversation, assigneeName: String?, messages: [CustomerMessage])? {
        try read { db in
            guard let conversation = try db.queryOne(
                "SELECT \(Self.conversationColumns) FROM conversations WHERE id = ?", [.text(conversationID)], Self.conversation)
            else { return nil }
            if conversation.channelInstanceID != instanceID {
                let carried = try db.queryOne("SELECT 1 FROM messages WHERE conversation_id = ? AND channel_instance_id = ? LIMIT 1",
                                              [.text(conversationID), .text(instanceID)], { _ in true }) ?? false
                guard carried else { return nil }
            }
            let assigneeName = try conversation.assignee.flatMap { id in
                try db.queryOne("SELECT name FROM agents WHERE id = ?", [.text(id)], { $0.text(0) })
            }
            let columns = Self.messageColumns.split(separator: ",").map { "m." + $0.filter { !$0.isWhitespace } }.joined(separator: ", ")
            let messages = try db.query(
                """
                SELECT \(columns),
                       CASE m.author_kind WHEN 'agent' THEN (SELECT name FROM agents WHERE id = m.author_id)
                                          WHEN 'stack' THEN (SELECT name FROM agent_stacks WHERE id = m.author_id) END
                FROM messages m
                WHERE m.conversation_id = ? AND m.id > ? AND m.direction IN ('inbound', 'outbound')
                ORDER BY m.id LIMIT ?
                """, [.text(conversationID), .integer(after), .integer(Int64(limit))]) { row in
                CustomerMessage(message: Self.message(row), authorName: row.optionalText(14))
            }
            return (conversation, assigneeName, messages)
        }
    }
}
