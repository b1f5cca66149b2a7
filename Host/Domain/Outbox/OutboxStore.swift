import SwitchboardSupport

/// A queued reply, as the delivery worker sees it.
public struct OutboxEntry: Sendable, Equatable {
    public var messageID: Int64
    public var conversationID: String
    public var attempts: Int
    public var idempotencyKey: String
    public var state: String
    public var lastError: String?
    public var nextAttemptAt: Int64
    /// Sent through this instance whatever the conversation's channel (a voice flow's text); nil: the conversation's.
    public var viaInstanceID: String? = nil
}

extension Store {
    static let outboxColumns = "message_id, conversation_id, attempts, idempotency_key, state, last_error, next_attempt_at, via_instance_id"

    static func outboxEntry(_ r: Row) -> OutboxEntry {
        OutboxEntry(messageID: r.int(0), conversationID: r.text(1), attempts: Int(r.int(2)), idempotencyKey: r.text(3),
                    state: r.text(4), lastError: r.optionalText(5), nextAttemptAt: r.int(6), viaInstanceID: r.optionalText(7))
    }

    /// The oldest pending entry of each conversation, when it is due: replies leave in order per
    /// conversation. Entries the customer already has on screen (`shown`) hold nothing back and
    /// come round again on their own when due.
    public func dueOutboxHeads(now: Int64, limit: Int) throws -> [OutboxEntry] {
        try read { db in
            try db.query(
                """
                SELECT \(Self.outboxColumns) FROM outbox o
                WHERE o.next_attempt_at <= ? AND \(Self.laneSendable)
                ORDER BY o.next_attempt_at, o.message_id LIMIT ?
                """, [.integer(now), .integer(Int64(limit))], Self.outboxEntry)
        }
    }

    /// When the earliest pending entry becomes due, if any.
    public func nextOutboxDue() throws -> Int64? {
        try read { db in try db.queryOne("SELECT MIN(next_attempt_at) FROM outbox WHERE state = 'pending'") { $0.optionalInt(0) } ?? nil }
    }

    public func outboxEntries(state: String, limit: Int = 100) throws -> [OutboxEntry] {
        try read { db in
            try db.query("SELECT \(Self.outboxColumns) FROM outbox WHERE state = ? ORDER BY message_id LIMIT ?",
                         [.text(state), .integer(Int64(limit))], Self.outboxEntry)
        }
    }

    /// The provider's echo of a send (Meta's is_echo) may have been stored before the call that
    /// sent it returned, as a message the business sent elsewhere: it is that send, which is kept.
    static func dropEarlierEcho(_ db: StoreConnection, channelInstanceID: String, providerMessageID: String, keeping messageID: Int64?) throws {
        try db.run("""
            DELETE FROM messages WHERE channel_instance_id = ? AND provider_message_id = ? AND id != ?
                AND direction = 'outbound' AND id NOT IN (SELECT message_id FROM outbox)
            """, [.text(channelInstanceID), .text(providerMessageID), .integer(messageID ?? -1)])
    }

    // The outcome writes below take the lane the entry was claimed on (`lane`) as their fence, and
    // give it up: a host that lost the lane meanwhile records nothing (LeaseLost). Nil: no lane.

    /// The provider accepted the message.
    public func markSent(_ entry: OutboxEntry, channelInstanceID: String, providerMessageID: String?, lane: OutboxLane? = nil) throws {
        try write { db in
            try Self.checkLaneFence(db, lane)
            let now = Clock.nowMillis()
            try db.run("UPDATE outbox SET state = 'sent', attempts = ?, last_error = NULL, updated_at = ? WHERE message_id = ?",
                       [.integer(Int64(entry.attempts + 1)), .integer(now), .integer(entry.messageID)])
            if let providerMessageID {
                try Self.dropEarlierEcho(db, channelInstanceID: channelInstanceID, providerMessageID: providerMessageID, keeping: entry.messageID)
            }
            try db.run("UPDATE messages SET delivery_status = 'sent', provider_message_id = ?, channel_instance_id = ?, delivery_detail = NULL WHERE id = ?",
                       [.optional(providerMessageID), .text(channelInstanceID), .integer(entry.messageID)])
            // An answer went out: nothing is owed until the customer writes again.
            try Self.stopSLAClock(db, conversationID: entry.conversationID)
            try Self.appendEvent(db, conversationID: entry.conversationID, type: "message.sent", actor: "system",
                                 data: ["message_id": .number(Double(entry.messageID)), "channel_instance_id": .string(channelInstanceID),
                                        "provider_message_id": .from(providerMessageID)], now: now)
            try Self.finishOutcome(db, conversationID: entry.conversationID, lane: lane)
        }
    }

    /// A temporary failure: try again at nextAttemptAt.
    public func markRetry(_ entry: OutboxEntry, error: String, nextAttemptAt: Int64, lane: OutboxLane? = nil) throws {
        try write { db in
            try Self.checkLaneFence(db, lane)
            try db.run("UPDATE outbox SET attempts = ?, last_error = ?, next_attempt_at = ?, updated_at = ? WHERE message_id = ?",
                       [.integer(Int64(entry.attempts + 1)), .text(error), .integer(nextAttemptAt), .integer(Clock.nowMillis()), .integer(entry.messageID)])
            try db.run("UPDATE messages SET delivery_detail = ? WHERE id = ?", [.text(error), .integer(entry.messageID)])
            try Self.finishOutcome(db, conversationID: entry.conversationID, lane: lane)
        }
    }

    /// Waiting without spending an attempt (the channel is disabled or draining, the customer is away).
    public func postpone(_ entry: OutboxEntry, reason: String, until: Int64, shown: Bool = false, lane: OutboxLane? = nil) throws {
        try write { db in
            try Self.checkLaneFence(db, lane)
            try db.run("UPDATE outbox SET last_error = ?, next_attempt_at = ?, shown = ?, updated_at = ? WHERE message_id = ?",
                       [.text(reason), .integer(until), .integer(shown ? 1 : 0), .integer(Clock.nowMillis()), .integer(entry.messageID)])
            if shown {
                // It holds nothing back any more: the replies behind it lose the reason they waited for.
                try db.run("UPDATE messages SET delivery_detail = NULL WHERE id IN (SELECT message_id FROM outbox WHERE conversation_id = ? AND state = 'pending' AND shown = 0)",
                           [.text(entry.conversationID)])
                try db.run("UPDATE messages SET delivery_detail = ? WHERE id = ?", [.text(reason), .integer(entry.messageID)])
            } else {
                // The replies queued behind it wait for the same reason, so they all show it.
                try db.run("UPDATE messages SET delivery_detail = ? WHERE id IN (SELECT message_id FROM outbox WHERE conversation_id = ? AND state = 'pending')",
                           [.text(reason), .text(entry.conversationID)])
            }
            try Self.finishOutcome(db, conversationID: entry.conversationID, lane: lane)
        }
    }

    /// Offer a conversation's waiting replies again now (the customer is back). Returns how many.
    @discardableResult
    public func kickOutbox(conversationID: String) throws -> Int {
        try write { db in
            let now = Clock.nowMillis()
            try db.run("UPDATE outbox SET next_attempt_at = ? WHERE conversation_id = ? AND state = 'pending' AND next_attempt_at > ?",
                       [.integer(now), .text(conversationID), .integer(now)])
            let kicked = db.changes
            try Self.refreshOutboxLane(db, conversationID: conversationID)
            return kicked
        }
    }

    /// Permanently failed (rejected by the provider, or out of attempts): visible, and the next reply may go.
    public func markFailed(_ entry: OutboxEntry, error: String, countAttempt: Bool = true, lane: OutboxLane? = nil) throws {
        try write { db in
            try Self.checkLaneFence(db, lane)
            let now = Clock.nowMillis()
            try db.run("UPDATE outbox SET state = 'failed', attempts = ?, last_error = ?, updated_at = ? WHERE message_id = ?",
                       [.integer(Int64(entry.attempts + (countAttempt ? 1 : 0))), .text(error), .integer(now), .integer(entry.messageID)])
            try db.run("UPDATE messages SET delivery_status = 'failed', delivery_detail = ? WHERE id = ?", [.text(error), .integer(entry.messageID)])
            try Self.appendEvent(db, conversationID: entry.conversationID, type: "message.failed", actor: "system",
                                 data: ["message_id": .number(Double(entry.messageID)), "error": .string(error)], now: now)
            try Self.finishOutcome(db, conversationID: entry.conversationID, lane: lane)
        }
    }

    /// Put a failed message back in the queue (an operator's retry).
    public func requeue(messageID: Int64) throws -> Bool {
        try write { db in
            guard let conversationID = try db.queryOne(
                "UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = ?, updated_at = ? WHERE message_id = ? AND state = 'failed' RETURNING conversation_id",
                [.integer(Clock.nowMillis()), .integer(Clock.nowMillis()), .integer(messageID)], { $0.text(0) }) else { return false }
            try db.run("UPDATE messages SET delivery_status = 'queued' WHERE id = ?", [.integer(messageID)])
            try Self.refreshOutboxLane(db, conversationID: conversationID)
            return true
        }
    }
}
