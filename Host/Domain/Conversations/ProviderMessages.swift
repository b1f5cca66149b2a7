import SwitchboardSupport

/// A message found by the provider's id of it.
public struct ProviderMessage: Sendable, Equatable {
    public var id: Int64
    public var conversationID: String
    public var direction: MessageDirection
}

/// What channels learn about messages after the fact, by the provider's ids (ABI 1.3): echoes of
/// what the business sent from the provider's own app, reactions and unsends that name a message,
/// and the customer's last message time that a reply window counts from.
extension Store {
    /// Stores a message the business sent from the provider's own app (Meta's inbox) as an outbound
    /// message of the customer's conversation on this instance, already sent, authored by
    /// `displayName`. It wakes nothing and owes no turn. An echo of a message Switchboard sent
    /// carries that message's provider id: a duplicate, nothing stored.
    public func ingestBusinessEcho(_ m: InboundMessage) throws -> IngestResult {
        for (field, value) in [("identity_kind", m.identity.kind), ("identity_value", m.identity.value),
                               ("provider_message_id", m.providerMessageID)] where value.isEmpty {
            throw IngestError.invalidField(field, "is required")
        }
        return try write { db in
            if let existing = try Self.existingMessage(m, db: db) { return existing }
            let now = Clock.nowMillis()
            let contactID = try Self.resolveContact(m.identity, displayName: nil, now: now, db: db)
            var created = false
            let conversationID: String
            if let open = try Self.openConversation(contactID: contactID, instanceID: m.channelInstanceID, db: db) {
                conversationID = open.id
            } else {
                conversationID = Identifier.make("cnv")
                created = true
                try db.run(
                    """
                    INSERT INTO conversations (id, contact_id, channel_instance_id, status, engagement, created_at, updated_at, routing_pending)
                    VALUES (?, ?, ?, 'active', 'pending', ?, ?, 1)
                    """, [.text(conversationID), .text(contactID), .text(m.channelInstanceID), .integer(now), .integer(now)])
                try Self.appendEvent(db, conversationID: conversationID, type: "conversation.created", actor: "system",
                                     data: ["channel_instance_id": .string(m.channelInstanceID), "contact_id": .string(contactID)], now: now)
            }
            try db.run(
                """
                INSERT INTO messages (conversation_id, direction, author_kind, author_id, channel_instance_id, text, format, rich,
                                      attachments, provider_message_id, delivery_status, created_at, sent_at)
                VALUES (?, 'outbound', 'agent', ?, ?, ?, ?, ?, ?, ?, 'sent', ?, ?)
                """, [.text(conversationID), .optional(m.displayName), .text(m.channelInstanceID), .text(m.text), .text(m.format.rawValue),
                      .optional(m.richJSON), .optional(m.attachmentsJSON), .text(m.providerMessageID), .integer(now), .optional(m.sentAt)])
            let messageID = db.lastInsertRowID
            try db.run("UPDATE conversations SET last_message_at = ?, updated_at = ? WHERE id = ?",
                       [.integer(now), .integer(now), .text(conversationID)])
            try Self.appendEvent(db, conversationID: conversationID, type: "message.echoed", actor: "system",
                                 data: ["message_id": .number(Double(messageID)), "channel_instance_id": .string(m.channelInstanceID),
                                        "author": .from(m.displayName)], now: now)
            return IngestResult(conversationID: conversationID, messageID: messageID, createdConversation: created, duplicate: false)
        }
    }

    /// The message this instance stored or sent under the provider's id, if any.
    public func providerMessage(instanceID: String, providerMessageID: String) throws -> ProviderMessage? {
        try read { db in
            try db.queryOne("SELECT id, conversation_id, direction FROM messages WHERE channel_instance_id = ? AND provider_message_id = ?",
                            [.text(instanceID), .text(providerMessageID)]) {
                ProviderMessage(id: $0.int(0), conversationID: $0.text(1), direction: MessageDirection(rawValue: $0.text(2)) ?? .inbound)
            }
        }
    }

    /// Where a conversation's reply window stands on a channel instance under its channel's rule
    /// (nil: the channel has none).
    public func replyWindow(_ rule: ReplyWindowRule?, conversationID: String, instanceID: String,
                            now: Int64 = Clock.nowMillis()) throws -> ReplyWindowState {
        guard let rule else { return .none }
        let referral = rule.referralHours == nil ? nil : try lastCustomerMessageAt(conversationID: conversationID, instanceID: instanceID,
                                                                                    fromReferral: true)
        return rule.state(lastCustomerAt: try lastCustomerMessageAt(conversationID: conversationID, instanceID: instanceID),
                          lastReferralAt: referral, now: now)
    }

    /// When the customer last wrote in this conversation on this instance, by the provider's clock
    /// where it gave one (reply windows count from it); nil when they never wrote there.
    /// `fromReferral`: only messages that came from an ad (rich JSON with a "referral").
    public func lastCustomerMessageAt(conversationID: String, instanceID: String, fromReferral: Bool = false) throws -> Int64? {
        try read { db in
            try db.queryOne(
                """
                SELECT max(COALESCE(sent_at, created_at)) FROM messages
                WHERE conversation_id = ? AND channel_instance_id = ? AND direction = 'inbound'
                \(fromReferral ? "AND json_valid(rich) AND json_extract(rich, '$.referral') IS NOT NULL" : "")
                """, [.text(conversationID), .text(instanceID)]) { $0.isNull(0) ? nil : $0.int(0) } ?? nil
        }
    }
}
