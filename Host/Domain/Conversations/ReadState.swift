import SwitchboardSupport

/// An agent's unread conversations and how many there are in each view and team of the sidebar.
public struct ReadStateSummary: Sendable, Equatable {
    public struct TeamCount: Sendable, Equatable {
        public var teamID: String
        public var name: String
        public var unread: Int
    }

    /// Active conversations the agent may see with a message they have not seen (newest activity first).
    public var unreadConversationIDs: [String]
    /// Unread in "mine" (assigned to them), "unassigned" (waiting in their teams' queues), "mentioned".
    public var mine: Int
    public var unassigned: Int
    public var mentioned: Int
    public var teams: [TeamCount]
}

/// Read state per agent: a conversation is unread while it has a message newer than the newest the agent
/// has seen (`conversation_reads`), not counting their own. Kept in the store, so it survives restarts and
/// is the same in every browser the agent signs in from.
extension Store {
    /// Mark the conversation read up to its newest message (`read: true`), or unread by hand.
    /// Not found (404) when the viewer may not see it.
    public func setConversationRead(_ conversationID: String, agentID: String, viewer: Viewer, read: Bool) throws {
        try write { db in
            let visible = viewer.conversationCondition("c")
            guard try db.queryOne("SELECT 1 FROM conversations c WHERE c.id = ? AND \(visible.sql)",
                                  [.text(conversationID)] + visible.values, { _ in true }) != nil else {
                throw WorkflowError.notFound(what: "conversation", id: conversationID)
            }
            let newest = read ? try db.queryOne("SELECT COALESCE(MAX(id), 0) FROM messages WHERE conversation_id = ?",
                                                [.text(conversationID)]) { $0.int(0) } ?? 0 : 0
            try db.run("""
                INSERT INTO conversation_reads (agent_id, conversation_id, last_seen_message_id, updated_at) VALUES (?, ?, ?, ?)
                ON CONFLICT(agent_id, conversation_id) DO UPDATE SET last_seen_message_id = excluded.last_seen_message_id,
                    updated_at = excluded.updated_at
                """, [.text(agentID), .text(conversationID), .integer(newest), .integer(Clock.nowMillis())])
        }
    }

    /// The agent's unread conversations (at most `limit` ids) and the sidebar's counts.
    public func readState(agentID: String, viewer: Viewer, limit: Int = 500) throws -> ReadStateSummary {
        try read { db in
            let visible = viewer.conversationCondition("c")
            let unread = Self.unreadCondition("c")
            let base = "FROM conversations c WHERE c.status = 'active' AND \(visible.sql) AND \(unread)"
            let values = visible.values + Self.unreadValues(agentID)
            let ids = try db.query("SELECT c.id \(base) ORDER BY COALESCE(c.last_message_at, c.created_at) DESC LIMIT ?",
                                   values + [.integer(Int64(limit))]) { $0.text(0) }
            func count(_ extra: String, _ more: [SQLValue]) throws -> Int {
                try db.queryOne("SELECT COUNT(*) \(base) AND \(extra)", values + more) { Int($0.int(0)) } ?? 0
            }
            let mine = try count("c.assignee = ?", [.text(agentID)])
            let unassigned = try count("c.assignee IS NULL AND c.team_id IN (SELECT team_id FROM team_members WHERE agent_id = ?)", [.text(agentID)])
            let mentioned = try count("c.id IN (SELECT conversation_id FROM conversation_participants WHERE agent_id = ?)", [.text(agentID)])
            let teams = try db.query("""
                SELECT t.id, t.name FROM teams t JOIN team_members m ON m.team_id = t.id WHERE m.agent_id = ? ORDER BY t.name
                """, [.text(agentID)]) { ($0.text(0), $0.text(1)) }
            let teamCounts = try teams.map { team in
                ReadStateSummary.TeamCount(teamID: team.0, name: team.1, unread: try count("c.team_id = ?", [.text(team.0)]))
            }
            return ReadStateSummary(unreadConversationIDs: ids, mine: mine, unassigned: unassigned, mentioned: mentioned, teams: teamCounts)
        }
    }

    /// A message after the newest the agent has seen there, written by someone else (read through the
    /// messages' (conversation_id, id) index).
    static func unreadCondition(_ alias: String) -> String {
        """
        EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = \(alias).id
                AND m.id > COALESCE((SELECT r.last_seen_message_id FROM conversation_reads r
                                     WHERE r.agent_id = ? AND r.conversation_id = \(alias).id), 0)
                AND NOT (m.author_kind = 'agent' AND m.author_id IN (?, ?)))
        """
    }

    static func unreadValues(_ agentID: String) -> [SQLValue] { [.text(agentID), .text(agentID), .text("agent:\(agentID)")] }
}
