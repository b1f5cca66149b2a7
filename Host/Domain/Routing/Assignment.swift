import SwitchboardSupport

/// What happened when a conversation was handed to a team.
public enum AssignmentResult: Sendable, Equatable {
    case assigned(agentID: String)
    /// No available agent had room: it waits in the team's queue.
    case queued
}

extension Store {
    /// Inside a write: hand the conversation to a team. The team's strategy picks an available agent
    /// under capacity, or the conversation waits in the team's queue (oldest first, by priority).
    static func assignWithinTeam(_ db: StoreConnection, _ conversation: Conversation, teamID: String, actor: String,
                                 reason: String, now: Int64) throws -> AssignmentResult {
        guard let (strategyName, lastAssigned) = try db.queryOne(
            "SELECT strategy, last_assigned_agent FROM teams WHERE id = ?", [.text(teamID)], { ($0.text(0), $0.optionalText(1)) })
        else { throw WorkflowError.notFound(what: "team", id: teamID) }
        let strategy = AssignmentStrategy(rawValue: strategyName) ?? .roundRobin
        let need = AssignmentStrategy.Need(requiredSkills: strategy == .skill ? try requiredSkills(db, conversation) : [],
                                           channelInstanceID: conversation.channelInstanceID, lastAssignedAgent: lastAssigned)
        var candidates = try candidates(db, teamID: teamID, strategy: strategy)
        while let agentID = strategy.pick(from: candidates, for: need) {
            // Another host may have taken the agent's last slot since the candidates were read.
            guard try claimCapacity(db, agentID: agentID, teamID: teamID, conversationID: conversation.id, now: now) else {
                candidates.removeAll { $0.agentID == agentID }
                continue
            }
            try db.run("UPDATE teams SET last_assigned_agent = ? WHERE id = ?", [.text(agentID), .text(teamID)])
            if conversation.teamID != teamID { try retimeSLAClock(db, conversationID: conversation.id) }
            try appendEvent(db, conversationID: conversation.id, type: "conversation.assigned", actor: actor,
                            data: ["agent_id": .string(agentID), "team_id": .string(teamID), "strategy": .string(strategy.rawValue),
                                   "reason": .string(reason)], now: now)
            return .assigned(agentID: agentID)
        }
        let alreadyWaiting = conversation.teamID == teamID && conversation.queuedAt != nil && conversation.assignee == nil
        if !alreadyWaiting {
            try db.run("UPDATE conversations SET team_id = ?, assignee = NULL, agent_stack = NULL, queued_at = ?, updated_at = ? WHERE id = ?",
                       [.text(teamID), .integer(now), .integer(now), .text(conversation.id)])
            if conversation.teamID != teamID { try retimeSLAClock(db, conversationID: conversation.id) }
            try appendEvent(db, conversationID: conversation.id, type: "conversation.queued", actor: actor,
                            data: ["team_id": .string(teamID), "reason": .string(reason)], now: now)
        }
        return .queued
    }

    /// Inside a write: assign the conversation to the agent only if the agent is still under capacity;
    /// false (nothing changed) if not. Safe with several hosts on one database: the first statement
    /// locks the agent's row until commit, so takers of one agent go one at a time, and the second,
    /// conditional one counts with a snapshot taken after any earlier taker committed (PostgreSQL's
    /// READ COMMITTED takes one per statement; SQLite's single writer serializes it all anyway).
    /// The count is of the conversations themselves, not a counter every other path would have to keep.
    static func claimCapacity(_ db: StoreConnection, agentID: String, teamID: String, conversationID: String, now: Int64) throws -> Bool {
        try db.run("UPDATE agents SET capacity = capacity WHERE id = ?", [.text(agentID)])
        try db.run(
            """
            UPDATE conversations SET team_id = ?, assignee = ?, agent_stack = NULL, queued_at = NULL, assigned_at = ?, updated_at = ?
            WHERE id = ? AND (SELECT COUNT(*) FROM conversations c WHERE c.assignee = ? AND c.status = 'active')
                           < (SELECT capacity FROM agents WHERE id = ?)
            """, [.text(teamID), .text(agentID), .integer(now), .integer(now), .text(conversationID), .text(agentID), .text(agentID)])
        return db.changes == 1
    }

    /// Team members who are online, active and under their capacity, with what the strategy needs to know.
    static func candidates(_ db: StoreConnection, teamID: String, strategy: AssignmentStrategy) throws -> [AssignmentStrategy.Candidate] {
        var candidates = try db.query(
            """
            SELECT a.id, (SELECT COUNT(*) FROM conversations c WHERE c.assignee = a.id AND c.status = 'active') AS active, a.capacity
            FROM team_members m JOIN agents a ON a.id = m.agent_id
            WHERE m.team_id = ? AND a.deactivated_at IS NULL AND a.availability = 'online'
            """, [.text(teamID)], { ($0.int(1) < $0.int(2)) ? AssignmentStrategy.Candidate(agentID: $0.text(0), active: Int($0.int(1))) : nil })
            .compactMap { $0 }
        guard !candidates.isEmpty else { return [] }
        switch strategy {
        case .skill:
            let skills = try db.query(
                "SELECT s.agent_id, s.skill FROM agent_skills s JOIN team_members m ON m.agent_id = s.agent_id WHERE m.team_id = ?",
                [.text(teamID)], { ($0.text(0), $0.text(1)) })
            for index in candidates.indices {
                candidates[index].skills = Set(skills.filter { $0.0 == candidates[index].agentID }.map(\.1))
            }
        case .channel:
            let channels = try db.query(
                "SELECT c.agent_id, c.channel_instance_id FROM agent_channels c JOIN team_members m ON m.agent_id = c.agent_id WHERE m.team_id = ?",
                [.text(teamID)], { ($0.text(0), $0.text(1)) })
            for index in candidates.indices {
                candidates[index].channelInstanceIDs = Set(channels.filter { $0.0 == candidates[index].agentID }.map(\.1))
            }
        case .roundRobin, .capacity:
            break
        }
        return candidates
    }

    /// The skills a conversation needs: its topic and its tags, where some agent has them as a skill.
    /// (Tags and topics nobody claims as a skill don't hold a conversation back.)
    static func requiredSkills(_ db: StoreConnection, _ conversation: Conversation) throws -> Set<String> {
        let wanted = conversation.tags + (conversation.topic.map { [$0] } ?? [])
        guard !wanted.isEmpty else { return [] }
        return Set(try db.query(
            "SELECT DISTINCT skill FROM agent_skills WHERE skill IN (\(wanted.map { _ in "?" }.joined(separator: ",")))",
            wanted.map(SQLValue.text), { $0.text(0) }))
    }
}
