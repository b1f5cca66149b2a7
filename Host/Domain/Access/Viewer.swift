/// Whose eyes a query serves: decides which conversations, and so which of their events, it returns.
public enum Viewer: Sendable, Equatable {
    /// Admins and the host itself: everything.
    case everyone
    /// A human agent: the conversations of their teams, those assigned to them, and those they
    /// were brought into by a mention.
    case agent(String)
    /// An integrator key: the conversations on its own channel instances.
    case integrator([String])

    /// An SQL condition on a `conversations` row (under `alias`) with its bound values.
    public func conversationCondition(_ alias: String = "conversations") -> (sql: String, values: [SQLValue]) {
        switch self {
        case .everyone:
            return ("TRUE", [])
        case .agent(let id):
            return ("""
                    (\(alias).assignee = ? OR \(alias).team_id IN (SELECT team_id FROM team_members WHERE agent_id = ?)
                     OR \(alias).id IN (SELECT conversation_id FROM conversation_participants WHERE agent_id = ?))
                    """, [.text(id), .text(id), .text(id)])
        case .integrator(let instances):
            guard !instances.isEmpty else { return ("FALSE", []) }
            return ("\(alias).channel_instance_id IN (\(instances.map { _ in "?" }.joined(separator: ",")))", instances.map(SQLValue.text))
        }
    }
}
