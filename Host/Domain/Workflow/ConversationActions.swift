import SwitchboardSupport

/// A conversation after an action, and whether anything changed (asking for the current state changes nothing).
public struct ActionOutcome: Sendable, Equatable {
    public var conversation: Conversation
    public var changed: Bool
}

extension Store {
    /// Perform an action on a conversation the viewer may see, in one transaction, and record it as an event.
    /// Throws WorkflowError (nothing changed) when the conversation, agent or team is unknown or the action is impossible.
    public func perform(_ action: ConversationAction, on conversationID: String, viewer: Viewer, actor: String) throws -> ActionOutcome {
        try write { db in
            let visible = viewer.conversationCondition()
            guard let conversation = try db.queryOne(
                "SELECT \(Self.conversationColumns) FROM conversations WHERE id = ? AND \(visible.sql)",
                [.text(conversationID)] + visible.values, Self.conversation)
            else { throw WorkflowError.notFound(what: "conversation", id: conversationID) }
            let status = try Lifecycle.status(after: action, from: conversation.status).get()
            let now = Clock.nowMillis()
            let changed = try Self.apply(action, to: conversation, newStatus: status, db: db, actor: actor, now: now)
            try Self.keepSLAClock(db, conversation, after: action, newStatus: status, now: now)
            if changed { try db.run("UPDATE conversations SET updated_at = ? WHERE id = ?", [.integer(now), .text(conversationID)]) }
            let updated = try db.queryOne("SELECT \(Self.conversationColumns) FROM conversations WHERE id = ?",
                                          [.text(conversationID)], Self.conversation)!
            return ActionOutcome(conversation: updated, changed: changed)
        }
    }

    /// The service-level clocks follow the conversation: paused while snoozed, counting again when
    /// awake, stopped when done; a new priority may bring another policy.
    private static func keepSLAClock(_ db: StoreConnection, _ c: Conversation, after action: ConversationAction,
                                     newStatus: ConversationStatus, now: Int64) throws {
        switch (c.status, newStatus) {
        case (.active, .snoozed): try pauseSLAClock(db, conversationID: c.id, now: now)
        case (.snoozed, .active): try resumeSLAClock(db, conversationID: c.id, now: now)
        case (_, .done), (_, .archived): try stopSLAClock(db, conversationID: c.id)
        default: break
        }
        // The resolution clock: paused while snoozed, counting again when awake, stopped when done.
        try keepResolutionClock(db, conversationID: c.id, now: now)
        switch action {
        case .setPriority, .escalate: try retimeSLAClock(db, conversationID: c.id)
        default: break
        }
    }

    /// Apply one action inside the write; returns whether anything changed. Records the event.
    private static func apply(_ action: ConversationAction, to c: Conversation, newStatus: ConversationStatus,
                              db: StoreConnection, actor: String, now: Int64) throws -> Bool {
        let record = { (data: JSONObject) in
            try appendEvent(db, conversationID: c.id, type: action.eventType, actor: actor, data: data, now: now)
        }
        let setStatus = { (status: ConversationStatus, snoozedUntil: Int64?) in
            try db.run("UPDATE conversations SET status = ?, snoozed_until = ? WHERE id = ?",
                       [.text(status.rawValue), .optional(snoozedUntil), .text(c.id)])
        }
        switch action {
        case .assignAgent(let agentID):
            guard try db.queryOne("SELECT 1 FROM agents WHERE id = ? AND deactivated_at IS NULL", [.text(agentID)], { _ in true }) != nil
            else { throw WorkflowError.notFound(what: "agent", id: agentID) }
            guard c.assignee != agentID else { return false }
            // A person taking over ends the Agent Stack's part and takes it out of any queue.
            try db.run("UPDATE conversations SET assignee = ?, agent_stack = NULL, queued_at = NULL, assigned_at = ? WHERE id = ?",
                       [.text(agentID), .integer(now), .text(c.id)])
            try record(["agent_id": .string(agentID), "team_id": .from(c.teamID), "previous_agent_id": .from(c.assignee), "reason": "manual"])
        case .assignTeam(let teamID):
            // Already with one of this team's agents: nothing to do. Waiting in its queue: try again
            // (tags or availability may have changed since).
            guard c.teamID != teamID || c.assignee == nil else { return false }
            try requireTeam(db, teamID)
            let stillWaiting = c.teamID == teamID && c.queuedAt != nil
            if try assignWithinTeam(db, c, teamID: teamID, actor: actor, reason: "manual", now: now) == .queued, stillWaiting { return false }
        case .assignStack(let stack):
            guard !stack.isEmpty else { throw WorkflowError.invalid(field: "agent_stack", reason: "may not be empty") }
            guard try stackExists(db, stack) else { throw WorkflowError.notFound(what: "Agent Stack", id: stack) }
            guard c.agentStack != stack || c.assignee != nil else { return false }
            try db.run("UPDATE conversations SET agent_stack = ?, assignee = NULL, queued_at = NULL WHERE id = ?", [.text(stack), .text(c.id)])
            try record(["agent_stack": .string(stack), "previous_agent_id": .from(c.assignee)])
        case .unassign:
            guard c.assignee != nil || c.agentStack != nil else { return false }
            // Back to the team's queue, where assignment picks it up as capacity allows; without a team, back to routing.
            try db.run(
                """
                UPDATE conversations SET assignee = NULL, agent_stack = NULL,
                    queued_at = CASE WHEN team_id IS NULL THEN NULL ELSE ? END,
                    routing_pending = CASE WHEN team_id IS NULL THEN 1 ELSE routing_pending END
                WHERE id = ?
                """, [.integer(now), .text(c.id)])
            try record(["previous_agent_id": .from(c.assignee), "previous_agent_stack": .from(c.agentStack), "team_id": .from(c.teamID)])
        case .addTags(let raw):
            guard !raw.isEmpty else { throw WorkflowError.invalid(field: "tags", reason: "give at least one tag") }
            var added: [JSON] = []
            for tag in try raw.map({ tag throws(WorkflowError) in try Tags.normalize(tag) }) {
                try db.run("INSERT INTO conversation_tags (conversation_id, tag, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                           [.text(c.id), .text(tag), .integer(now)])
                if db.changes > 0 { added.append(.string(tag)) }
            }
            guard !added.isEmpty else { return false }
            try record(["tags": .array(added)])
        case .removeTag(let raw):
            let tag = try Tags.normalize(raw)
            try db.run("DELETE FROM conversation_tags WHERE conversation_id = ? AND tag = ?", [.text(c.id), .text(tag)])
            guard db.changes > 0 else { return false }
            try record(["tag": .string(tag)])
        case .snooze(let until):
            guard until > now else { throw WorkflowError.invalid(field: "until", reason: "must be in the future") }
            try setStatus(.snoozed, until)
            try record(["until": .string(Clock.iso8601(until)), "from": .string(c.status.rawValue)])
        case .close, .reopen, .archive:
            guard newStatus != c.status else { return false }
            try setStatus(newStatus, nil)
            if newStatus == .archived { try db.run("UPDATE conversations SET queued_at = NULL WHERE id = ?", [.text(c.id)]) }
            try record(["from": .string(c.status.rawValue), "to": .string(newStatus.rawValue)])
        case .escalate(let reason):
            guard let team = try db.queryOne("SELECT id FROM teams WHERE is_escalation = 1", [], { $0.text(0) }) else {
                throw WorkflowError.conflict("no escalation team is configured: mark a team as the escalation team first")
            }
            let priority = c.priority.raised
            try setStatus(.active, nil)
            try db.run("UPDATE conversations SET priority = ? WHERE id = ?", [.text(priority.rawValue), .text(c.id)])
            try record(["from_priority": .string(c.priority.rawValue), "to_priority": .string(priority.rawValue),
                        "team_id": .string(team), "previous_agent_id": .from(c.assignee), "reason": .from(reason)])
            var moved = c
            moved.priority = priority
            moved.assignee = nil
            _ = try assignWithinTeam(db, moved, teamID: team, actor: actor, reason: "escalated", now: now)
        case .setPriority(let priority):
            guard priority != c.priority else { return false }
            try db.run("UPDATE conversations SET priority = ? WHERE id = ?", [.text(priority.rawValue), .text(c.id)])
            try record(["from": .string(c.priority.rawValue), "to": .string(priority.rawValue)])
        case .setFields(let patch):
            let current = (try? JSON.parse(c.fieldsJSON))?.objectValue ?? JSONObject()
            let result = try CustomFields.apply(patch, to: current)
            guard result.set.count > 0 || !result.removed.isEmpty else { return false }
            try db.run("UPDATE conversations SET fields = ? WHERE id = ?", [.text(JSON.object(result.fields).serialized), .text(c.id)])
            try record(["set": .object(result.set), "removed": .array(result.removed.map(JSON.string))])
        }
        return true
    }
}
