import SwitchboardSupport

/// A participant's answer in a side conversation, as its channel received it.
public struct SideInboundMessage: Sendable {
    public var channelInstanceID: String
    public var sideConversationID: String
    /// The provider's id: at most one side message per (channel instance, id), so retries store nothing.
    public var providerMessageID: String
    public var senderAddress: String
    public var senderName: String?
    public var text: String
    public var format: TextFormat
    public var attachmentsJSON: String?
    /// The sender's picture, a host file URL.
    public var senderAvatarURL: String? = nil

    public init(channelInstanceID: String, sideConversationID: String, providerMessageID: String, senderAddress: String,
                senderName: String? = nil, text: String, format: TextFormat = .plain, attachmentsJSON: String? = nil) {
        self.channelInstanceID = channelInstanceID
        self.sideConversationID = sideConversationID
        self.providerMessageID = providerMessageID
        self.senderAddress = senderAddress
        self.senderName = senderName
        self.text = text
        self.format = format
        self.attachmentsJSON = attachmentsJSON
    }
}

public struct SideIngestResult: Sendable, Equatable {
    public var sideConversationID: String
    /// The customer conversation it belongs to.
    public var conversationID: String
    public var messageID: Int64
    /// Stored before under the same provider message id: nothing new was written.
    public var duplicate: Bool
}

extension Store {
    /// Store a participant's answer in the side conversation its channel matched, durably (returns
    /// after COMMIT). Only the instance carrying the side conversation may add to it. The customer
    /// conversation is not touched: a vendor answering is not the customer writing.
    public func ingestSideMessage(_ m: SideInboundMessage) throws -> SideIngestResult {
        for (field, value) in [("side_conversation_id", m.sideConversationID), ("provider_message_id", m.providerMessageID),
                               ("sender_address", m.senderAddress)] where value.isEmpty {
            throw SideConversationError.invalid(field: field, reason: "is required")
        }
        if m.text.isEmpty && (m.attachmentsJSON ?? "").isEmpty {
            throw SideConversationError.invalid(field: "text", reason: "is empty and there are no attachments")
        }
        return try write { db in
            guard let (side, parent) = try db.queryOne(
                "SELECT id, conversation_id FROM side_conversations WHERE id = ? AND channel_instance_id = ?",
                [.text(m.sideConversationID), .text(m.channelInstanceID)], { ($0.text(0), $0.text(1)) })
            else { throw SideConversationError.notFound(what: "side conversation", id: m.sideConversationID) }
            if let (id, existingSide) = try db.queryOne(
                "SELECT id, side_conversation_id FROM side_messages WHERE channel_instance_id = ? AND provider_message_id = ?",
                [.text(m.channelInstanceID), .text(m.providerMessageID)], { ($0.int(0), $0.text(1)) }) {
                return SideIngestResult(sideConversationID: existingSide, conversationID: parent, messageID: id, duplicate: true)
            }
            let now = Clock.nowMillis()
            try db.run(
                """
                INSERT INTO side_messages (side_conversation_id, direction, author_kind, author_id, author_name, channel_instance_id, text,
                                           format, attachments, provider_message_id, delivery_status, created_at, author_avatar_url)
                VALUES (?, 'inbound', 'participant', ?, ?, ?, ?, ?, ?, ?, 'received', ?, ?)
                """, [.text(side), .text(m.senderAddress), .optional(m.senderName), .text(m.channelInstanceID), .text(m.text),
                      .text(m.format.rawValue), .optional(m.attachmentsJSON), .text(m.providerMessageID), .integer(now),
                      .optional(m.senderAvatarURL)])
            let messageID = db.lastInsertRowID
            try db.run("UPDATE side_conversations SET updated_at = ?, last_message_at = ? WHERE id = ?",
                       [.integer(now), .integer(now), .text(side)])
            try Self.appendEvent(db, conversationID: parent, type: SideConversationEvents.message, actor: "participant:\(m.senderAddress)",
                                 data: ["side_conversation_id": .string(side), "message_id": .from(messageID),
                                        "direction": .string(SideMessageDirection.inbound.rawValue)], now: now)
            return SideIngestResult(sideConversationID: side, conversationID: parent, messageID: messageID, duplicate: false)
        }
    }

    /// A participant edited (`newText`) or deleted (nil) a reply they wrote, named by the provider
    /// id it was stored under. Only their replies change, never the team's messages. False when
    /// this instance stored no such reply.
    public func updateSideReply(channelInstanceID: String, providerMessageID: String, newText: String?,
                                format: TextFormat = .plain) throws -> Bool {
        try write { db in
            guard let (id, side, parent, author) = try db.queryOne(
                """
                SELECT m.id, m.side_conversation_id, s.conversation_id, m.author_id FROM side_messages m
                JOIN side_conversations s ON s.id = m.side_conversation_id
                WHERE m.channel_instance_id = ? AND m.provider_message_id = ? AND m.direction = 'inbound'
                """, [.text(channelInstanceID), .text(providerMessageID)], { ($0.int(0), $0.text(1), $0.text(2), $0.optionalText(3)) })
            else { return false }
            let now = Clock.nowMillis()
            if let newText {
                try db.run("UPDATE side_messages SET text = ?, format = ?, edited_at = ? WHERE id = ? AND deleted_at IS NULL",
                           [.text(newText), .text(format.rawValue), .integer(now), .integer(id)])
            } else {
                try db.run("UPDATE side_messages SET text = '', attachments = NULL, deleted_at = ? WHERE id = ? AND deleted_at IS NULL",
                           [.integer(now), .integer(id)])
            }
            guard db.changes > 0 else { return true }   // deleted before: nothing more to change
            try Self.appendEvent(db, conversationID: parent, type: newText == nil ? SideConversationEvents.messageDeleted : SideConversationEvents.messageEdited,
                                 actor: "participant:\(author ?? "unknown")",
                                 data: ["side_conversation_id": .string(side), "message_id": .from(id)], now: now)
            return true
        }
    }
}
