import SwitchboardSupport

/// Receipts providers send after a message went out: for one message (by the provider's id), or
/// for every message up to a time (Messenger's watermarks). They only move a message forward
/// (`DeliveryStatus.accepts`): a late or repeated receipt is acknowledged and changes nothing.
extension Store {
    /// A receipt for a message this instance sent; false when it sent none with that id.
    public func recordDeliveryReceipt(channelInstanceID: String, providerMessageID: String, status: DeliveryStatus,
                                      detail: String?) throws -> Bool {
        try write { db in
            guard let (id, conversationID, current) = try db.queryOne(
                """
                SELECT id, conversation_id, delivery_status FROM messages
                WHERE channel_instance_id = ? AND provider_message_id = ? AND direction = 'outbound'
                """, [.text(channelInstanceID), .text(providerMessageID)],
                { ($0.int(0), $0.text(1), DeliveryStatus(rawValue: $0.text(2)) ?? .queued) })
            else { return false }
            guard current.accepts(status) else { return true }
            try db.run("UPDATE messages SET delivery_status = ?, delivery_detail = ? WHERE id = ?",
                       [.text(status.rawValue), .optional(detail), .integer(id)])
            try Self.appendEvent(db, conversationID: conversationID, type: "message.\(status.rawValue)", actor: "system",
                                 data: ["message_id": .number(Double(id)), "detail": .from(detail)], now: Clock.nowMillis())
            return true
        }
    }

    /// A receipt for every message this instance sent to `identity` and created at or before
    /// `watermark` (delivered or read). Returns how many moved.
    public func recordDeliveryWatermark(channelInstanceID: String, identity: Identity, upTo watermark: Int64,
                                        status: DeliveryStatus) throws -> Int {
        let earlier = DeliveryStatus.allCases.filter { $0.accepts(status) && $0 != .queued }
        guard !earlier.isEmpty else { return 0 }
        return try write { db in
            let moved = try db.query(
                """
                SELECT m.id, m.conversation_id FROM messages m
                JOIN conversations c ON c.id = m.conversation_id
                JOIN contact_identities i ON i.contact_id = c.contact_id AND i.kind = ? AND i.value = ?
                WHERE m.channel_instance_id = ? AND m.direction = 'outbound' AND m.created_at <= ?
                  AND m.delivery_status IN (\(earlier.map { "'\($0.rawValue)'" }.joined(separator: ", ")))
                """, [.text(identity.kind), .text(identity.value), .text(channelInstanceID), .integer(watermark)]) { ($0.int(0), $0.text(1)) }
            let now = Clock.nowMillis()
            for (id, conversationID) in moved {
                try db.run("UPDATE messages SET delivery_status = ? WHERE id = ?", [.text(status.rawValue), .integer(id)])
                try Self.appendEvent(db, conversationID: conversationID, type: "message.\(status.rawValue)", actor: "system",
                                     data: ["message_id": .number(Double(id)), "watermark": .string(Clock.iso8601(watermark))], now: now)
            }
            return moved.count
        }
    }

    /// The customer edited a message they sent: its text is replaced and it is marked edited (a
    /// repeat of the same edit changes nothing). False when this instance stored no such message.
    public func editCustomerMessage(channelInstanceID: String, providerMessageID: String, text: String, format: TextFormat) throws -> Bool {
        try write { db in
            guard let (id, conversationID, current, deleted) = try db.queryOne(
                """
                SELECT id, conversation_id, text, deleted_at FROM messages
                WHERE channel_instance_id = ? AND provider_message_id = ? AND direction = 'inbound'
                """, [.text(channelInstanceID), .text(providerMessageID)], { ($0.int(0), $0.text(1), $0.text(2), !$0.isNull(3)) })
            else { return false }
            guard !deleted, current != text else { return true }
            let now = Clock.nowMillis()
            try db.run("UPDATE messages SET text = ?, format = ?, edited_at = ? WHERE id = ?",
                       [.text(text), .text(format.rawValue), .integer(now), .integer(id)])
            try Self.appendEvent(db, conversationID: conversationID, type: "message.edited", actor: "customer",
                                 data: ["message_id": .number(Double(id))], now: now)
            return true
        }
    }

    /// The customer unsent a message they sent: its content goes, the row stays, marked deleted.
    /// False when this instance stored no such message.
    public func retractCustomerMessage(channelInstanceID: String, providerMessageID: String) throws -> Bool {
        try write { db in
            guard let (id, conversationID, deleted) = try db.queryOne(
                """
                SELECT id, conversation_id, deleted_at FROM messages
                WHERE channel_instance_id = ? AND provider_message_id = ? AND direction = 'inbound'
                """, [.text(channelInstanceID), .text(providerMessageID)], { ($0.int(0), $0.text(1), !$0.isNull(2)) })
            else { return false }
            guard !deleted else { return true }
            let now = Clock.nowMillis()
            try db.run("UPDATE messages SET text = '', rich = NULL, attachments = NULL, deleted_at = ? WHERE id = ?", [.integer(now), .integer(id)])
            try Self.appendEvent(db, conversationID: conversationID, type: "message.deleted", actor: "customer",
                                 data: ["message_id": .number(Double(id))], now: now)
            return true
        }
    }

    /// A customer's media fetched again (it could not be kept when it arrived): the message's
    /// attachments become `attachmentsJSON`, its id, text and place unchanged. False when this
    /// instance stored no such customer message, or it was unsent since.
    public func replaceCustomerAttachments(channelInstanceID: String, providerMessageID: String, attachmentsJSON: String) throws -> Bool {
        try write { db in
            guard let (id, conversationID) = try db.queryOne(
                """
                SELECT id, conversation_id FROM messages
                WHERE channel_instance_id = ? AND provider_message_id = ? AND direction = 'inbound' AND deleted_at IS NULL
                """, [.text(channelInstanceID), .text(providerMessageID)], { ($0.int(0), $0.text(1)) })
            else { return false }
            let now = Clock.nowMillis()
            try db.run("UPDATE messages SET attachments = ? WHERE id = ?", [.text(attachmentsJSON), .integer(id)])
            try Self.appendEvent(db, conversationID: conversationID, type: "message.attachments_replaced", actor: "system",
                                 data: ["message_id": .number(Double(id))], now: now)
            return true
        }
    }
}
