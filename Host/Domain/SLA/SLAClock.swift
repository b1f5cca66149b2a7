import SwitchboardSupport

/// A conversation's service-level clock, kept on its row inside the store's writes: started by a
/// customer message nobody answered yet, re-timed when its team or priority changes, paused while
/// snoozed (the counted time left is kept), stopped by an answer or by closing.
extension Store {
    /// Inside a write: start the clock for an unanswered customer message received at `start`,
    /// unless one is already running or paused (the oldest unanswered message keeps its time).
    /// `channelHours` is the channel's own response time (its manifest's "response_due"), the
    /// policy when no stored one matches. `policies`: the stored policies as `slaPolicies` reads
    /// them (ingest keeps them in its cache; nil reads them).
    static func startSLAClock(_ db: StoreConnection, conversationID: String, at start: Int64, channelHours: Int?,
                              policies: [SLAPolicy]? = nil, now: Int64) throws {
        let policies = try policies ?? slaPolicies(db)
        // Runs for every customer message on the writer. With nothing that could time an answer, an
        // idle clock stays idle (timing it would only stop it, and an idle clock has nothing to
        // stop: due, paused, state and policy are set and cleared together) and a running one is
        // left alone, as below: no read is needed.
        if channelHours == nil, !policies.contains(where: { $0.enabled && !$0.minutes.isEmpty }) { return }
        let idle = try db.queryOne("SELECT response_due_at IS NULL AND sla_paused_ms IS NULL FROM conversations WHERE id = ?",
                                   [.text(conversationID)], { $0.int(0) != 0 }) ?? false
        guard idle else { return }
        try timeSLA(db, conversationID: conversationID, start: start, channelHours: channelHours, policies: policies)
    }

    /// Inside a write: the conversation's team or priority changed, so another policy may time it
    /// (a team-only policy matches once routing placed it): the answer owed is timed again from the
    /// oldest unanswered customer message. A paused clock waits for its wake; nothing owed, nothing timed.
    static func retimeSLAClock(_ db: StoreConnection, conversationID: String) throws {
        try retimeResolutionClock(db, conversationID: conversationID, now: Clock.nowMillis())
        guard let (paused, policyID, status, engagement) = try db.queryOne(
            "SELECT sla_paused_ms IS NOT NULL, sla_policy_id, status, engagement FROM conversations WHERE id = ?",
            [.text(conversationID)], { ($0.int(0) != 0, $0.optionalText(1), $0.text(2), $0.text(3)) }),
              !paused, status == ConversationStatus.active.rawValue, engagement == Engagement.pending.rawValue,
              let start = try oldestUnanswered(db, conversationID: conversationID)
        else { return }
        // The channel's own time stays when no stored policy takes over.
        try timeSLA(db, conversationID: conversationID, start: start, channelHours: nil, policies: slaPolicies(db),
                    keepWhenUnmatched: policyID?.hasPrefix(SLAPolicy.channelDefaultPrefix) == true)
    }

    /// When the oldest customer message since our last answer came; nil when none waits.
    static func oldestUnanswered(_ db: StoreConnection, conversationID: String) throws -> Int64? {
        try db.queryOne(
            """
            SELECT MIN(created_at) FROM messages WHERE conversation_id = ? AND direction = 'inbound'
                AND id > COALESCE((SELECT MAX(id) FROM messages WHERE conversation_id = ? AND direction = 'outbound'), 0)
            """, [.text(conversationID), .text(conversationID)], { $0.optionalInt(0) }) ?? nil
    }

    /// Pick the policy and set the due time of the answer owed since `start`; none matching clears the clock.
    private static func timeSLA(_ db: StoreConnection, conversationID: String, start: Int64, channelHours: Int?,
                                policies: [SLAPolicy], keepWhenUnmatched: Bool = false) throws {
        guard let conversation = try db.queryOne("SELECT \(conversationColumns) FROM conversations WHERE id = ?",
                                                 [.text(conversationID)], Self.conversation) else { return }
        let facts = try routingFacts(db, conversation)
        // The first matching policy that times answers (one timing only resolutions leaves this clock to the other).
        var policy = policies.first { policy in
            policy.matches(facts, teamID: conversation.teamID) && SLATarget.responses.contains { policy.minutes[$0] != nil }
        }
        if policy == nil, keepWhenUnmatched { return }
        if policy == nil, let channelHours, let pluginID = facts.pluginID {
            policy = SLAPolicy.channelDefault(pluginID: pluginID, hours: channelHours)
        }
        let answered = try db.queryOne("SELECT 1 FROM messages WHERE conversation_id = ? AND direction = 'outbound' LIMIT 1",
                                       [.text(conversationID)], { _ in true }) ?? false
        let target: SLATarget = answered ? .nextResponse : .firstResponse
        guard let policy, let minutes = policy.minutes[target], let due = policy.due(after: start, ms: Int64(minutes) * 60_000) else {
            try stopSLAClock(db, conversationID: conversationID)
            return
        }
        // Timed as before (routing confirmed the same policy): what was announced stays announced.
        if conversation.sla?.policyID == policy.id, conversation.sla?.target == target, conversation.responseDueAt == due { return }
        let alertAt = policy.due(after: start, ms: Int64(max(0, minutes - policy.atRiskMinutes)) * 60_000) ?? due
        try db.run(
            """
            UPDATE conversations SET response_due_at = ?, sla_policy_id = ?, sla_target = ?, sla_state = 'ok',
                sla_alert_at = ?, sla_paused_ms = NULL WHERE id = ?
            """, [.integer(due), .text(policy.id), .text(target.rawValue), .integer(alertAt), .text(conversationID)])
    }

    /// Inside a write: snoozed (or, for the resolution clock, waiting on the customer), so the clock
    /// stops counting; the counted time left is kept (negative once missed).
    static func pauseSLAClock(_ db: StoreConnection, conversationID: String, now: Int64, clock: SLAClockColumns = .response) throws {
        guard let (due, policyID) = try db.queryOne(
            "SELECT \(clock.dueAt), \(clock.policyID) FROM conversations WHERE id = ? AND \(clock.dueAt) IS NOT NULL",
            [.text(conversationID)], { ($0.int(0), $0.optionalText(1)) }) else { return }
        let left = try clockPolicy(db, policyID).counted(from: now, to: due)
        try db.run("UPDATE conversations SET \(clock.pausedMs) = ?, \(clock.dueAt) = NULL, \(clock.alertAt) = NULL WHERE id = ?",
                   [.integer(left), .text(conversationID)])
    }

    /// Inside a write: awake again (the snooze ended, the customer wrote, someone reopened it): the
    /// time left counts on from now.
    static func resumeSLAClock(_ db: StoreConnection, conversationID: String, now: Int64, clock: SLAClockColumns = .response) throws {
        guard let (left, policyID, state) = try db.queryOne(
            "SELECT \(clock.pausedMs), \(clock.policyID), \(clock.state) FROM conversations WHERE id = ? AND \(clock.pausedMs) IS NOT NULL",
            [.text(conversationID)], { ($0.int(0), $0.optionalText(1), $0.optionalText(2)) }) else { return }
        let policy = try clockPolicy(db, policyID)
        let due = left > 0 ? policy.due(after: now, ms: left) ?? now + left : now + left
        let alertAt: Int64? = switch state {
        case "missed": nil
        case "at_risk": due
        default: policy.due(after: now, ms: max(0, left - Int64(policy.atRiskMinutes) * 60_000)) ?? due
        }
        try db.run("UPDATE conversations SET \(clock.dueAt) = ?, \(clock.pausedMs) = NULL, \(clock.alertAt) = ? WHERE id = ?",
                   [.integer(due), .optional(alertAt), .text(conversationID)])
    }

    /// Inside a write: an answer went out or the conversation was closed: nothing is owed.
    static func stopSLAClock(_ db: StoreConnection, conversationID: String) throws {
        try db.run(
            """
            UPDATE conversations SET response_due_at = NULL, sla_paused_ms = NULL, sla_alert_at = NULL, sla_state = NULL,
                sla_target = NULL, sla_policy_id = NULL
            WHERE id = ? AND (response_due_at IS NOT NULL OR sla_paused_ms IS NOT NULL OR sla_state IS NOT NULL)
            """, [.text(conversationID)])
    }

    /// The policy a running clock counts by: stored, or the channel's wall-clock time (also when the
    /// stored policy was deleted meanwhile).
    static func clockPolicy(_ db: StoreConnection, _ id: String?) throws -> SLAPolicy {
        if let id, !id.hasPrefix(SLAPolicy.channelDefaultPrefix), let policy = try slaPolicy(db, id: id) { return policy }
        return SLAPolicy.channelDefault(pluginID: String((id ?? "").dropFirst(SLAPolicy.channelDefaultPrefix.count)), hours: 0)
    }
}
