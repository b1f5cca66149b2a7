import SwitchboardSupport

/// One mail owed to one agent: the notifications it gathers (a burst, or a digest) and its deliveries.
public struct MailBatch: Sendable {
    public var agentID: String
    public var address: String
    public var name: String
    /// now | hourly | daily
    public var kind: String
    public var deliveryIDs: [Int64]
    public var notifications: [AgentNotification]
    public var attempt: Int
}

extension Store {
    /// The mails due now, one per agent and kind. A burst becomes one mail: when the first e-mail of an
    /// agent is due, every e-mail still waiting for them goes with it. Notifications that no longer matter
    /// (the conversation was answered or closed) are dropped from immediate mail; a digest keeps them all.
    public func dueMailBatches(now: Int64) throws -> (batches: [MailBatch], nextDueAt: Int64?) {
        let due = try read { db in
            try db.query("""
                SELECT DISTINCT n.agent_id, d.target FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id
                WHERE d.channel = 'email' AND d.status = 'pending' AND d.next_attempt_at <= ?
                """, [.integer(now)]) { ($0.text(0), $0.text(1)) }
        }
        var batches: [MailBatch] = []
        for (agentID, kind) in due {
            let rows = try read { db in
                try db.query("""
                    SELECT d.id, d.attempts, n.id, n.kind, n.conversation_id, n.title, n.body, n.created_at, n.read_at
                    FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id
                    WHERE d.channel = 'email' AND d.status = 'pending' AND d.target = ? AND n.agent_id = ?
                      AND (? = 'now' OR d.next_attempt_at <= ?)
                    ORDER BY n.id
                    """, [.text(kind), .text(agentID), .text(kind), .integer(now)]) { r in
                    (r.int(0), Int(r.int(1)), AgentNotification(id: r.int(2), kind: r.text(3), conversationID: r.optionalText(4), title: r.text(5),
                                                                body: r.text(6), createdAt: r.int(7), readAt: r.optionalInt(8)))
                }
            }
            var keep: [(Int64, Int, AgentNotification)] = []
            for row in rows {
                if kind == "now", let reason = try staleReason(row.2) {
                    try write { db in
                        try db.run("UPDATE notification_deliveries SET status = 'dropped', last_error = ?, updated_at = ? WHERE id = ?",
                                   [.text(reason), .integer(now), .integer(row.0)])
                    }
                } else {
                    keep.append(row)
                }
            }
            guard !keep.isEmpty, let agent = try agent(id: agentID), agent.isActive else { continue }
            batches.append(MailBatch(agentID: agentID, address: agent.email, name: agent.name, kind: kind, deliveryIDs: keep.map(\.0),
                                     notifications: keep.map(\.2), attempt: (keep.map(\.1).max() ?? 0) + 1))
        }
        let next = try read { db in
            try db.queryOne("SELECT MIN(next_attempt_at) FROM notification_deliveries WHERE channel = 'email' AND status = 'pending'") {
                $0.optionalInt(0) } ?? nil
        }
        return (batches, next)
    }

    /// Record one attempt at a mail: all its deliveries sent; or, when the server failed, retried after the
    /// policy's backoff (never lost), then `failed` in the log once the attempts run out.
    public func recordMailAttempt(_ batch: MailBatch, error: String?, policy: RetryPolicy, now: Int64) throws {
        try write { db in
            for id in batch.deliveryIDs {
                if let error {
                    let exhausted = policy.exhausted(afterAttempts: batch.attempt)
                    try db.run("""
                        UPDATE notification_deliveries SET attempts = ?, status = ?, next_attempt_at = ?, last_error = ?, updated_at = ? WHERE id = ?
                        """, [.integer(Int64(batch.attempt)), .text(exhausted ? "failed" : "pending"),
                              .integer(now + Int64(policy.delayMs(afterAttempts: batch.attempt))), .text(error), .integer(now), .integer(id)])
                } else {
                    try db.run("UPDATE notification_deliveries SET attempts = ?, status = 'sent', last_error = NULL, updated_at = ? WHERE id = ?",
                               [.integer(Int64(batch.attempt)), .integer(now), .integer(id)])
                }
            }
        }
    }
}
