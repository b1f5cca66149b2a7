import SwitchboardSupport

/// A conversation's resolution clock, beside its response clock and independent of it. It starts
/// with the customer's first message (or the one that reopens the conversation) and stops when the
/// conversation is done or archived. It counts only while the conversation is active and the
/// customer is owed something: snoozed, or waiting on the customer — engagement `engaged`, the last
/// customer-facing message being ours — it pauses with the counted time left kept, and a customer
/// message (or the snooze ending while the customer is owed an answer) sets it counting again.
extension Store {
    /// Inside a write: bring the resolution clock in line with the conversation as it is now.
    /// `start` is when a clock that starts now began (the customer message's time); `policies` the
    /// policies to pick from (ingest passes its cached ones; nil: read them, only when starting).
    static func keepResolutionClock(_ db: StoreConnection, conversationID: String, start: Int64? = nil, now: Int64,
                                    policies: [SLAPolicy]? = nil) throws {
        guard let (status, engagement, dueAt, pausedMs) = try db.queryOne(
            "SELECT status, engagement, resolution_due_at, resolution_paused_ms FROM conversations WHERE id = ?",
            [.text(conversationID)], { ($0.text(0), $0.text(1), $0.optionalInt(2), $0.optionalInt(3)) }) else { return }
        let counting = status == ConversationStatus.active.rawValue && engagement == Engagement.pending.rawValue
        if status == ConversationStatus.done.rawValue || status == ConversationStatus.archived.rawValue {
            try stopResolutionClock(db, conversationID: conversationID)
        } else if dueAt != nil, !counting {
            try pauseSLAClock(db, conversationID: conversationID, now: now, clock: .resolution)
        } else if pausedMs != nil, counting {
            try resumeSLAClock(db, conversationID: conversationID, now: now, clock: .resolution)
        } else if dueAt == nil, pausedMs == nil, counting {
            try startResolutionClock(db, conversationID: conversationID, start: start ?? now, policies: policies ?? slaPolicies(db))
        }
    }

    /// Inside a write: the conversation's team or priority changed, so another policy may time its
    /// resolution. The time already counted carries over: the new target less what the old one
    /// used up. A clock not started yet starts from the oldest unanswered customer message.
    static func retimeResolutionClock(_ db: StoreConnection, conversationID: String, now: Int64) throws {
        guard let conversation = try db.queryOne("SELECT \(conversationColumns) FROM conversations WHERE id = ?",
                                                 [.text(conversationID)], Self.conversation),
              conversation.status == .active || conversation.status == .snoozed else { return }
        let policies = try slaPolicies(db)
        let facts = try routingFacts(db, conversation)
        let policy = policies.first { $0.timesResolution && $0.matches(facts, teamID: conversation.teamID) }
        let running = conversation.resolution
        guard policy?.id != running?.policyID else { return }
        guard let running else {
            try keepResolutionClock(db, conversationID: conversationID, start: oldestUnanswered(db, conversationID: conversationID),
                                    now: now, policies: policies)
            return
        }
        guard let policy, let minutes = policy.minutes[.resolution] else {
            try stopResolutionClock(db, conversationID: conversationID)
            return
        }
        let old = try clockPolicy(db, running.policyID)
        let left = running.pausedRemainingMs ?? running.dueAt.map { old.counted(from: now, to: $0) } ?? 0
        let used = old.minutes[.resolution].map { Int64($0) * 60_000 - left } ?? 0
        let newLeft = Int64(minutes) * 60_000 - used
        if running.dueAt == nil {
            try db.run("UPDATE conversations SET resolution_paused_ms = ?, resolution_policy_id = ?, resolution_state = 'ok' WHERE id = ?",
                       [.integer(newLeft), .text(policy.id), .text(conversationID)])
            return
        }
        let due = newLeft > 0 ? policy.due(after: now, ms: newLeft) ?? now + newLeft : now + newLeft
        let alertAt = policy.due(after: now, ms: max(0, newLeft - Int64(policy.atRiskMinutes) * 60_000)) ?? due
        try db.run(
            """
            UPDATE conversations SET resolution_due_at = ?, resolution_policy_id = ?, resolution_state = 'ok', resolution_alert_at = ?
            WHERE id = ?
            """, [.integer(due), .text(policy.id), .integer(min(alertAt, due)), .text(conversationID)])
    }

    /// The first matching policy that times resolutions sets the due time; none matching, no clock.
    private static func startResolutionClock(_ db: StoreConnection, conversationID: String, start: Int64, policies: [SLAPolicy]) throws {
        guard policies.contains(where: \.timesResolution),
              let conversation = try db.queryOne("SELECT \(conversationColumns) FROM conversations WHERE id = ?",
                                                 [.text(conversationID)], Self.conversation) else { return }
        let facts = try routingFacts(db, conversation)
        guard let policy = policies.first(where: { $0.timesResolution && $0.matches(facts, teamID: conversation.teamID) }),
              let minutes = policy.minutes[.resolution],
              let due = policy.due(after: start, ms: Int64(minutes) * 60_000) else { return }
        let alertAt = policy.due(after: start, ms: Int64(max(0, minutes - policy.atRiskMinutes)) * 60_000) ?? due
        try db.run(
            """
            UPDATE conversations SET resolution_due_at = ?, resolution_policy_id = ?, resolution_state = 'ok',
                resolution_alert_at = ?, resolution_paused_ms = NULL WHERE id = ?
            """, [.integer(due), .text(policy.id), .integer(alertAt), .text(conversationID)])
    }

    /// Inside a write: done or archived: the resolution is no longer owed.
    static func stopResolutionClock(_ db: StoreConnection, conversationID: String) throws {
        try db.run(
            """
            UPDATE conversations SET resolution_due_at = NULL, resolution_paused_ms = NULL, resolution_alert_at = NULL,
                resolution_state = NULL, resolution_policy_id = NULL
            WHERE id = ? AND (resolution_due_at IS NOT NULL OR resolution_paused_ms IS NOT NULL OR resolution_state IS NOT NULL)
            """, [.text(conversationID)])
    }
}
