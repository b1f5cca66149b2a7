import SwitchboardSupport

/// A push owed to one browser: what to send and where.
public struct PushJob: Sendable {
    public var deliveryID: Int64
    public var attempt: Int
    public var subscription: PushSubscription
    public var notification: AgentNotification
}

/// How one attempt at a push ended.
public enum PushOutcome: Sendable, Equatable {
    case sent
    /// The push service answered 404 or 410: the subscription is gone for good.
    case subscriptionGone(String)
    case failed(String)
}

/// A row of the admins' delivery log.
public struct NotificationDeliveryRecord: Sendable, Equatable {
    public var id: Int64
    public var notificationID: Int64
    public var agentID: String
    public var channel: String
    public var target: String
    public var status: String
    public var attempts: Int
    public var lastError: String?
    public var createdAt: Int64
    public var updatedAt: Int64
}

extension Store {
    /// Deliveries due now, at most `limit`. A notification that can no longer matter (the conversation was
    /// answered or closed after it) is marked `dropped` here instead of being sent.
    public func duePushJobs(now: Int64, limit: Int) throws -> (jobs: [PushJob], nextDueAt: Int64?) {
        let candidates = try read { db in
            try db.query("""
                SELECT d.id, d.attempts, s.id, s.agent_id, s.endpoint, s.p256dh, s.auth, s.created_at,
                       n.id, n.kind, n.conversation_id, n.title, n.body, n.created_at, n.read_at
                FROM notification_deliveries d
                JOIN notifications n ON n.id = d.notification_id
                LEFT JOIN push_subscriptions s ON s.id = d.target
                WHERE d.channel = 'push' AND d.status = 'pending' AND d.next_attempt_at <= ? ORDER BY d.next_attempt_at LIMIT ?
                """, [.integer(now), .integer(Int64(limit))]) { r -> (Int64, PushJob?) in
                guard !r.isNull(2) else { return (r.int(0), nil) }
                let subscription = PushSubscription(id: r.text(2), agentID: r.text(3), endpoint: r.text(4), p256dh: r.text(5), auth: r.text(6),
                                                    createdAt: r.int(7))
                let notification = AgentNotification(id: r.int(8), kind: r.text(9), conversationID: r.optionalText(10), title: r.text(11),
                                                     body: r.text(12), createdAt: r.int(13), readAt: r.optionalInt(14))
                return (r.int(0), PushJob(deliveryID: r.int(0), attempt: Int(r.int(1)) + 1, subscription: subscription, notification: notification))
            }
        }
        var jobs: [PushJob] = []
        for (deliveryID, job) in candidates {
            guard let job else {
                try settleDelivery(deliveryID, status: "failed", error: "the push subscription was removed", now: now)
                continue
            }
            if let reason = try staleReason(job.notification) {
                try settleDelivery(deliveryID, status: "dropped", error: reason, now: now)
                continue
            }
            jobs.append(job)
        }
        let next = try read { db in
            try db.queryOne("SELECT MIN(next_attempt_at) FROM notification_deliveries WHERE channel = 'push' AND status = 'pending'") { $0.optionalInt(0) } ?? nil
        }
        return (jobs, next)
    }

    /// Record an attempt: sent; retried after the policy's backoff; failed once it runs out; a gone
    /// subscription is deleted with every delivery still owed to it.
    public func recordPushAttempt(_ job: PushJob, outcome: PushOutcome, policy: RetryPolicy, now: Int64) throws {
        switch outcome {
        case .sent:
            try settleDelivery(job.deliveryID, status: "sent", error: nil, attempts: job.attempt, now: now)
        case .subscriptionGone(let reason):
            try write { db in
                try db.run("DELETE FROM push_subscriptions WHERE id = ?", [.text(job.subscription.id)])
                try db.run("""
                    UPDATE notification_deliveries SET status = 'failed', last_error = ?, updated_at = ?,
                        attempts = CASE WHEN id = ? THEN ? ELSE attempts END
                    WHERE (channel = 'push' AND target = ? AND status = 'pending') OR id = ?
                    """, [.text("subscription expired: \(reason)"), .integer(now), .integer(job.deliveryID), .integer(Int64(job.attempt)),
                          .text(job.subscription.id), .integer(job.deliveryID)])
            }
        case .failed(let reason):
            if policy.exhausted(afterAttempts: job.attempt) {
                try settleDelivery(job.deliveryID, status: "failed", error: reason, attempts: job.attempt, now: now)
            } else {
                let due = now + Int64(policy.delayMs(afterAttempts: job.attempt))
                try write { db in
                    try db.run("UPDATE notification_deliveries SET attempts = ?, next_attempt_at = ?, last_error = ?, updated_at = ? WHERE id = ?",
                               [.integer(Int64(job.attempt)), .integer(due), .text(reason), .integer(now), .integer(job.deliveryID)])
                }
            }
        }
    }

    /// The delivery log, newest first; `status` filters (pending, sent, failed, dropped).
    public func notificationDeliveries(status: String?, limit: Int) throws -> [NotificationDeliveryRecord] {
        try read { db in
            var sql = """
                SELECT d.id, d.notification_id, n.agent_id, d.channel, d.target, d.status, d.attempts, d.last_error, d.created_at, d.updated_at
                FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id
                """
            var values: [SQLValue] = []
            if let status { sql += " WHERE d.status = ?"; values.append(.text(status)) }
            sql += " ORDER BY d.id DESC LIMIT ?"
            values.append(.integer(Int64(limit)))
            return try db.query(sql, values) { r in
                NotificationDeliveryRecord(id: r.int(0), notificationID: r.int(1), agentID: r.text(2), channel: r.text(3), target: r.text(4),
                                           status: r.text(5), attempts: Int(r.int(6)), lastError: r.optionalText(7), createdAt: r.int(8),
                                           updatedAt: r.int(9))
            }
        }
    }

    /// Why sending `notification` no longer matters, or nil while it still does: a person answered
    /// the conversation after it, or the conversation was closed. A stack's words do not count: the
    /// goodbye it says when it hands over comes with (or just after) the handover that notifies.
    func staleReason(_ notification: AgentNotification) throws -> String? {
        guard let conversationID = notification.conversationID else { return nil }
        return try read { db in
            if try db.queryOne("""
                SELECT 1 FROM messages WHERE conversation_id = ? AND direction = 'outbound' AND author_kind = 'agent' AND created_at > ? LIMIT 1
                """,
                               [.text(conversationID), .integer(notification.createdAt)], { _ in true }) != nil {
                return "the conversation was answered"
            }
            let status = try db.queryOne("SELECT status FROM conversations WHERE id = ?", [.text(conversationID)]) { $0.text(0) }
            return status == nil || status == "active" || status == "snoozed" ? nil : "the conversation is \(status!)"
        }
    }

    private func settleDelivery(_ id: Int64, status: String, error: String?, attempts: Int? = nil, now: Int64) throws {
        try write { db in
            try db.run("UPDATE notification_deliveries SET status = ?, last_error = ?, attempts = COALESCE(?, attempts), updated_at = ? WHERE id = ?",
                       [.text(status), .optional(error), attempts.map { .integer(Int64($0)) } ?? .null, .integer(now), .integer(id)])
        }
    }
}
