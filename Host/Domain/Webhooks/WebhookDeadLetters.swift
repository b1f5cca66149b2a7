import SwitchboardSupport

/// An event a subscription gave up on after its last attempt; kept until delivered by a replay.
public struct WebhookDeadLetter: Sendable, Equatable {
    public var eventID: Int64
    /// Nil only if the event row is gone.
    public var event: Event?
    public var attempts: Int
    public var statusCode: Int?
    public var lastError: String
    public var deadAt: Int64
    /// A replay will send it again (queued, or the cursor was moved back before it).
    public var replayPending: Bool
}

/// One logged attempt (the newest `Store.webhookLogSize` per subscription are kept).
public struct WebhookDeliveryAttempt: Sendable, Equatable {
    public var eventID: Int64
    public var eventType: String
    public var attempt: Int
    public var replay: Bool
    public var statusCode: Int?
    public var error: String?
    public var durationMs: Int
    public var createdAt: Int64
}

extension Store {
    /// Dead letters in event id order, from `afterEventID` on.
    public func webhookDeadLetters(subscriptionID: String, afterEventID: Int64 = 0, limit: Int = 100) throws -> [WebhookDeadLetter] {
        try read { db in
            try db.query("""
                SELECT d.event_id, d.attempts, d.status_code, d.last_error, d.created_at,
                       EXISTS (SELECT 1 FROM webhook_replays r WHERE r.subscription_id = d.subscription_id AND r.event_id = d.event_id)
                           OR d.event_id > s.cursor,
                       e.id, e.conversation_id, e.type, e.actor, e.data, e.created_at
                FROM webhook_dead_letters d
                JOIN webhook_subscriptions s ON s.id = d.subscription_id
                LEFT JOIN events e ON e.id = d.event_id
                WHERE d.subscription_id = ? AND d.event_id > ? ORDER BY d.event_id LIMIT ?
                """, [.text(subscriptionID), .integer(afterEventID), .integer(Int64(limit))]) { r in
                WebhookDeadLetter(eventID: r.int(0),
                                  event: r.optionalInt(6).map { Event(id: $0, conversationID: r.optionalText(7), type: r.text(8),
                                                                      actor: r.text(9), dataJSON: r.text(10), createdAt: r.int(11)) },
                                  attempts: Int(r.int(1)), statusCode: r.optionalInt(2).map(Int.init), lastError: r.text(3),
                                  deadAt: r.int(4), replayPending: r.int(5) != 0)
            }
        }
    }

    /// Queue one dead letter to be sent again. False when the subscription has no such dead letter.
    public func replayWebhookDeadLetter(subscriptionID: String, eventID: Int64) throws -> Bool {
        try write { db in
            guard try db.queryOne("SELECT 1 FROM webhook_dead_letters WHERE subscription_id = ? AND event_id = ?",
                                  [.text(subscriptionID), .integer(eventID)], { _ in true }) != nil else { return false }
            try Self.queueReplays(db, subscriptionID: subscriptionID, deadLettersFrom: eventID, through: eventID)
            return true
        }
    }

    /// Queue every dead letter to be sent again; with `fromEventID`, also move the cursor back so that
    /// every event from there on is sent again, delivered ones included. Nil when there is no such
    /// subscription; otherwise how many dead letters will be sent again.
    public func replayWebhook(subscriptionID: String, fromEventID: Int64?) throws -> Int? {
        try write { db in
            let id = SQLValue.text(subscriptionID)
            guard let cursor = try db.queryOne("SELECT cursor FROM webhook_subscriptions WHERE id = ?", [id], { $0.int(0) }) else { return nil }
            var through = cursor
            if let from = fromEventID, from - 1 < cursor {
                // Rewind: the live stream sends everything after the new cursor again, in order, with the
                // same delivery ids. Replays queued above it would be sent twice, so they go.
                through = from - 1
                try db.run("""
                    UPDATE webhook_subscriptions SET cursor = ?, head_event_id = NULL, attempts = 0, next_attempt_at = NULL, updated_at = ?
                    WHERE id = ?
                    """, [.integer(through), .integer(Clock.nowMillis()), id])
                try db.run("DELETE FROM webhook_replays WHERE subscription_id = ? AND event_id > ?", [id, .integer(through)])
            }
            try Self.queueReplays(db, subscriptionID: subscriptionID, deadLettersFrom: 0, through: through)
            // Dead letters above the cursor are ahead in the live stream; the rest are queued now.
            return try db.queryOne("SELECT COUNT(*) FROM webhook_dead_letters WHERE subscription_id = ?", [id], { Int($0.int(0)) }) ?? 0
        }
    }

    /// Dead letters in [from, through] that are at or below the cursor go to the replay queue
    /// (those above it are still ahead in the live stream).
    static func queueReplays(_ db: StoreConnection, subscriptionID: String, deadLettersFrom from: Int64, through: Int64) throws {
        try db.run("""
            INSERT INTO webhook_replays (subscription_id, event_id, created_at)
            SELECT d.subscription_id, d.event_id, ? FROM webhook_dead_letters d JOIN webhook_subscriptions s ON s.id = d.subscription_id
            WHERE d.subscription_id = ? AND d.event_id BETWEEN ? AND ? AND d.event_id <= s.cursor
            ON CONFLICT DO NOTHING
            """, [.integer(Clock.nowMillis()), .text(subscriptionID), .integer(from), .integer(through)])
    }

    /// The newest attempts first.
    public func webhookDeliveries(subscriptionID: String, limit: Int = Store.webhookLogSize) throws -> [WebhookDeliveryAttempt] {
        try read { db in
            try db.query("""
                SELECT event_id, event_type, attempt, replay, status_code, error, duration_ms, created_at
                FROM webhook_deliveries WHERE subscription_id = ? ORDER BY id DESC LIMIT ?
                """, [.text(subscriptionID), .integer(Int64(limit))]) { r in
                WebhookDeliveryAttempt(eventID: r.int(0), eventType: r.text(1), attempt: Int(r.int(2)), replay: r.int(3) != 0,
                                       statusCode: r.optionalInt(4).map(Int.init), error: r.optionalText(5),
                                       durationMs: Int(r.int(6)), createdAt: r.int(7))
            }
        }
    }
}
