import SwitchboardSupport

/// A queued side message, with what its channel needs to send it.
public struct SideDelivery: Sendable, Equatable {
    public var message: SideMessage
    public var side: SideConversation
    public var attempts: Int
    public var idempotencyKey: String
}

/// The side messages' outbox. It lives on `side_messages` itself (state `queued`, attempts, due
/// time) rather than in `outbox`, whose rows are customer messages: the customer's delivery path
/// never sees a side message. Same rules as the outbox: oldest first per side conversation.
extension Store {
    /// The oldest queued message of each side conversation, when it is due.
    public func dueSideDeliveries(now: Int64, limit: Int) throws -> [SideDelivery] {
        // One query: the message's columns, then its side conversation's (offsets follow the column lists).
        let messageCount = Self.sideMessageColumnNames.count, sideCount = Self.sideConversationColumnNames.count
        return try read { db in
            try db.query(
                """
                SELECT \(Self.sideMessageColumns("m")), \(Self.sideConversationColumns("s")), m.attempts, m.idempotency_key
                FROM side_messages m JOIN side_conversations s ON s.id = m.side_conversation_id
                WHERE m.delivery_status = 'queued' AND m.next_attempt_at <= ?
                  AND m.id = (SELECT MIN(id) FROM side_messages h WHERE h.side_conversation_id = m.side_conversation_id
                                                                    AND h.delivery_status = 'queued')
                ORDER BY m.next_attempt_at, m.id LIMIT ?
                """, [.integer(now), .integer(Int64(limit))]) { r in
                let message = Self.sideMessage(r)
                return SideDelivery(message: message, side: Self.sideConversation(r, from: Int32(messageCount)),
                                    attempts: Int(r.int(Int32(messageCount + sideCount))),
                                    idempotencyKey: r.optionalText(Int32(messageCount + sideCount + 1)) ?? "sb-side-\(message.id)")
            }
        }
    }

    /// When the earliest queued side message becomes due, if any.
    public func nextSideDeliveryDue() throws -> Int64? {
        try read { db in try db.queryOne("SELECT MIN(next_attempt_at) FROM side_messages WHERE delivery_status = 'queued'") { $0.optionalInt(0) } ?? nil }
    }

    /// `link`: where the message can be seen at the provider (a Slack permalink), when it said.
    public func markSideSent(_ d: SideDelivery, providerMessageID: String?, link: String? = nil) throws {
        try write { db in
            try db.run(
                """
                UPDATE side_messages SET delivery_status = 'sent', attempts = ?, provider_message_id = ?, delivery_detail = NULL,
                                         next_attempt_at = NULL, provider_link = ? WHERE id = ?
                """, [.integer(Int64(d.attempts + 1)), .optional(providerMessageID), .optional(link), .integer(d.message.id)])
        }
    }

    /// A temporary failure: try again at `nextAttemptAt`.
    public func markSideRetry(_ d: SideDelivery, error: String, nextAttemptAt: Int64) throws {
        try write { db in
            try db.run("UPDATE side_messages SET attempts = ?, delivery_detail = ?, next_attempt_at = ? WHERE id = ?",
                       [.integer(Int64(d.attempts + 1)), .text(error), .integer(nextAttemptAt), .integer(d.message.id)])
        }
    }

    /// Waiting without spending an attempt (the channel is not running).
    public func postponeSide(_ d: SideDelivery, reason: String, until: Int64) throws {
        try write { db in
            try db.run("UPDATE side_messages SET delivery_detail = ?, next_attempt_at = ? WHERE id = ?",
                       [.text(reason), .integer(until), .integer(d.message.id)])
        }
    }

    /// Given up: visible on the message and as an event for the team; the next message may go.
    public func markSideFailed(_ d: SideDelivery, error: String, countAttempt: Bool = true) throws {
        try write { db in
            try db.run("UPDATE side_messages SET delivery_status = 'failed', attempts = ?, delivery_detail = ?, next_attempt_at = NULL WHERE id = ?",
                       [.integer(Int64(d.attempts + (countAttempt ? 1 : 0))), .text(error), .integer(d.message.id)])
            try Self.appendEvent(db, conversationID: d.side.conversationID, type: SideConversationEvents.messageFailed, actor: "system",
                                 data: ["side_conversation_id": .string(d.side.id), "message_id": .from(d.message.id), "error": .string(error)],
                                 now: Clock.nowMillis())
        }
    }

    /// A receipt for a side message this instance sent (delivered, failed); false when there is none.
    public func recordSideDeliveryReceipt(channelInstanceID: String, providerMessageID: String, status: DeliveryStatus,
                                          detail: String?) throws -> Bool {
        try write { db in
            guard let (id, side, parent) = try db.queryOne(
                """
                SELECT m.id, m.side_conversation_id, s.conversation_id FROM side_messages m JOIN side_conversations s ON s.id = m.side_conversation_id
                WHERE m.channel_instance_id = ? AND m.provider_message_id = ? AND m.direction = 'outbound'
                """, [.text(channelInstanceID), .text(providerMessageID)], { ($0.int(0), $0.text(1), $0.text(2)) })
            else { return false }
            try db.run("UPDATE side_messages SET delivery_status = ?, delivery_detail = ? WHERE id = ?",
                       [.text(status.rawValue), .optional(detail), .integer(id)])
            if status == .failed {
                try Self.appendEvent(db, conversationID: parent, type: SideConversationEvents.messageFailed, actor: "system",
                                     data: ["side_conversation_id": .string(side), "message_id": .from(id), "error": .from(detail)],
                                     now: Clock.nowMillis())
            }
            return true
        }
    }
}
