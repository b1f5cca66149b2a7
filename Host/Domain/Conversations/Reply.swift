import SwitchboardSupport

/// A reply to the customer, written by an agent, an Agent Stack or the system.
public struct Reply: Sendable {
    public var conversationID: String
    public var authorKind: AuthorKind
    public var authorID: String?
    public var text: String
    public var format: TextFormat
    public var richJSON: String?
    public var attachmentsJSON: String?

    public init(conversationID: String, authorKind: AuthorKind, authorID: String?, text: String,
                format: TextFormat = .plain, richJSON: String? = nil, attachmentsJSON: String? = nil) {
        self.conversationID = conversationID
        self.authorKind = authorKind
        self.authorID = authorID
        self.text = text
        self.format = format
        self.richJSON = richJSON
        self.attachmentsJSON = attachmentsJSON
    }
}

public enum ReplyError: Error, CustomStringConvertible, Sendable {
    case conversationNotFound(String)
    case archived(String)
    case invalidField(String, String)

    public var description: String {
        switch self {
        case .conversationNotFound(let id): "no conversation \(id)"
        case .archived(let id): "conversation \(id) is archived; reopen it before replying"
        case .invalidField(let f, let why): "\(f): \(why)"
        }
    }
}

extension Store {
    /// A message an Agent Stack's channel action sent (its plugin answered SENT with the provider's
    /// id): stored as the stack's outbound reply, already sent like a synchronous turn's inline
    /// reply, with the provider's id, so the thread shows what the customer got and receipts move it.
    /// Stored when the action returns, not with the turn: a receipt may come before the turn ends.
    public func recordActionMessage(conversationID: String, stackID: String, text: String, richJSON: String,
                                    providerMessageID: String) throws -> Int64 {
        try write { db in
            guard let conversation = try db.queryOne(
                "SELECT \(Self.conversationColumns) FROM conversations WHERE id = ?", [.text(conversationID)], Self.conversation)
            else { throw ReplyError.conversationNotFound(conversationID) }
            try Self.dropEarlierEcho(db, channelInstanceID: conversation.channelInstanceID, providerMessageID: providerMessageID, keeping: nil)
            return try Self.appendReply(db, Reply(conversationID: conversationID, authorKind: .stack, authorID: stackID, text: text,
                                                  richJSON: richJSON),
                                        conversation: conversation, now: Clock.nowMillis(), deliveredInline: true,
                                        providerMessageID: providerMessageID)
        }
    }

    /// Append a reply and queue it in the outbox, in one transaction. The delivery
    /// worker sends it through the conversation's current channel when it is its turn.
    public func queueReply(_ reply: Reply) throws -> Message {
        guard reply.authorKind != .customer else { throw ReplyError.invalidField("author_kind", "a reply cannot come from the customer") }
        if reply.text.isEmpty && (reply.attachmentsJSON ?? "").isEmpty && (reply.richJSON ?? "").isEmpty {
            throw ReplyError.invalidField("text", "is empty and there are no attachments")
        }
        return try write { db in
            guard let conversation = try db.queryOne(
                "SELECT \(Self.conversationColumns) FROM conversations WHERE id = ?", [.text(reply.conversationID)], Self.conversation)
            else { throw ReplyError.conversationNotFound(reply.conversationID) }
            guard conversation.status != .archived else { throw ReplyError.archived(reply.conversationID) }
            let id = try Self.appendReply(db, reply, conversation: conversation, now: Clock.nowMillis())
            return try db.queryOne("SELECT \(Self.messageColumns) FROM messages WHERE id = ?", [.integer(id)], Self.message)!
        }
    }

    /// Inside a write: append an outbound reply and queue it in the outbox. With `deliveredInline`
    /// the caller hands the text to the customer itself (a plugin that ran a synchronous turn), so
    /// the message is recorded as sent and nothing is queued; `providerMessageID` is the provider's
    /// id of what was sent, so its receipts find the message. With `via` the reply goes out through
    /// that instance, whatever the conversation's channel is then (the conversation does not move).
    static func appendReply(_ db: StoreConnection, _ reply: Reply, conversation: Conversation, now: Int64,
                            deliveredInline: Bool = false, providerMessageID: String? = nil, via: String? = nil) throws -> Int64 {
        try db.run(
            """
            INSERT INTO messages (conversation_id, direction, author_kind, author_id, channel_instance_id, text, format,
                                  rich, attachments, delivery_status, provider_message_id, created_at)
            VALUES (?, 'outbound', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [.text(reply.conversationID), .text(reply.authorKind.rawValue), .optional(reply.authorID),
             .text(via ?? conversation.channelInstanceID), .text(reply.text), .text(reply.format.rawValue),
             .optional(reply.richJSON), .optional(reply.attachmentsJSON),
             .text((deliveredInline ? DeliveryStatus.sent : .queued).rawValue), .optional(deliveredInline ? providerMessageID : nil),
             .integer(now)])
        let id = db.lastInsertRowID
        if !deliveredInline {
            try db.run(
                """
                INSERT INTO outbox (message_id, conversation_id, state, attempts, next_attempt_at, idempotency_key, updated_at, via_instance_id)
                VALUES (?, ?, 'pending', 0, ?, ?, ?, ?)
                """, [.integer(id), .text(reply.conversationID), .integer(now), .text("sb-\(id)-" + Crypto.randomHex(bytes: 6)), .integer(now),
                      .optional(via)])
            try Self.refreshOutboxLane(db, conversationID: reply.conversationID)
        }
        try db.run("UPDATE conversations SET engagement = ?, last_message_at = ?, updated_at = ? WHERE id = ?",
                   [.text(Engagement.after(.outbound)!.rawValue), .integer(now), .integer(now), .text(reply.conversationID)])
        // Our answer is out: waiting on the customer, the resolution clock pauses.
        try Self.keepResolutionClock(db, conversationID: reply.conversationID, now: now)
        try Self.appendEvent(db, conversationID: reply.conversationID, type: deliveredInline ? "message.sent" : "message.queued",
                             actor: reply.authorID.map { "\(reply.authorKind.rawValue):\($0)" } ?? reply.authorKind.rawValue,
                             data: ["message_id": .number(Double(id))], now: now)
        return id
    }
}
