import SwitchboardSupport

extension Store {
    /// Teams with conversations waiting for an agent.
    public func teamsWithQueuedConversations() throws -> [String] {
        try read { db in
            try db.query("SELECT DISTINCT team_id FROM conversations WHERE queued_at IS NOT NULL AND assignee IS NULL AND status = 'active'",
                         [], { $0.text(0) })
        }
    }

    /// Assign waiting conversations of a team as far as its agents' capacity allows: most urgent first,
    /// then longest waiting. Returns how many were assigned.
    @discardableResult
    public func drainQueue(teamID: String, limit: Int = 200, fence: Lease? = nil) throws -> Int {
        try write { db in
            try Self.checkFence(db, fence)
            let waiting = try db.query(
                """
                SELECT \(Self.conversationColumns) FROM conversations
                WHERE team_id = ? AND queued_at IS NOT NULL AND assignee IS NULL AND status = 'active'
                ORDER BY CASE priority WHEN 'urgent' THEN 3 WHEN 'high' THEN 2 WHEN 'normal' THEN 1 ELSE 0 END DESC, queued_at, id
                LIMIT ?
                """, [.text(teamID), .integer(Int64(limit))], Self.conversation)
            let strategy = try db.queryOne("SELECT strategy FROM teams WHERE id = ?", [.text(teamID)], { AssignmentStrategy(rawValue: $0.text(0)) }) ?? nil
            guard let strategy else { return 0 }
            var assigned = 0
            let now = Clock.nowMillis()
            for conversation in waiting {
                switch try Self.assignWithinTeam(db, conversation, teamID: teamID, actor: "routing", reason: "capacity_freed", now: now) {
                case .assigned: assigned += 1
                case .queued:
                    // Round-robin and capacity take anyone with room: nobody has room, so stop.
                    // Skill and channel depend on the conversation: a later one may still fit someone.
                    if strategy == .roundRobin || strategy == .capacity { return assigned }
                }
            }
            return assigned
        }
    }
}
