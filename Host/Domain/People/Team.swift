import SwitchboardSupport

/// A group of agents with a queue of conversations.
public struct Team: Sendable, Equatable {
    public var id: String
    /// Unique regardless of case.
    public var name: String
    public var strategy: AssignmentStrategy
    /// Where conversations go when no routing rule matches; at most one team.
    public var isDefault: Bool
    /// Where escalated conversations go; at most one team.
    public var isEscalation: Bool
    /// The round-robin cursor (routing moves it).
    public var lastAssignedAgent: String?
    public var memberIDs: [String]
    public var createdAt: Int64
    public var updatedAt: Int64
}

public struct TeamDraft: Sendable {
    public var name: String
    public var strategy = AssignmentStrategy.roundRobin
    public var isDefault = false
    public var isEscalation = false

    public init(name: String) { self.name = name }
}

/// nil leaves a field as it is.
public struct TeamChanges: Sendable {
    public var name: String?
    public var strategy: AssignmentStrategy?
    public var isDefault: Bool?
    public var isEscalation: Bool?

    public init() {}
}

/// A member as routing and the team view need them: the agent (availability, capacity, skills,
/// channels) and the active conversations assigned to them now.
public struct TeamMember: Sendable, Equatable {
    public var agent: Agent
    public var activeConversations: Int
    public var joinedAt: Int64

    /// Capacity left; never negative.
    public var freeCapacity: Int { max(0, agent.capacity - activeConversations) }
}

extension Store {
    public func teams() throws -> [Team] {
        try read { db in try Self.loadTeams(db, where: "TRUE", []) }
    }

    public func team(id: String) throws -> Team? {
        try read { db in try Self.loadTeams(db, where: "id = ?", [.text(id)]).first }
    }

    /// Where conversations go when no routing rule matches.
    public func defaultTeam() throws -> Team? {
        try read { db in try Self.loadTeams(db, where: "is_default = 1", []).first }
    }

    /// Where escalated conversations go.
    public func escalationTeam() throws -> Team? {
        try read { db in try Self.loadTeams(db, where: "is_escalation = 1", []).first }
    }

    /// 409 on a taken name, or a second default or escalation team.
    public func createTeam(_ draft: TeamDraft) throws -> Team {
        let name = try TeamRules.name(draft.name)
        let id = Identifier.make("team")
        return try write { db in
            let now = Clock.nowMillis()
            try Self.requireTeamRules(db, id: id, name: name, isDefault: draft.isDefault, isEscalation: draft.isEscalation)
            try db.run("INSERT INTO teams (id, name, strategy, is_default, is_escalation, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       [.text(id), .text(name), .text(draft.strategy.rawValue), .integer(draft.isDefault ? 1 : 0),
                        .integer(draft.isEscalation ? 1 : 0), .integer(now), .integer(now)])
            return try Self.loadTeams(db, where: "id = ?", [.text(id)])[0]
        }
    }

    @discardableResult
    public func updateTeam(id: String, _ changes: TeamChanges) throws -> Team {
        let name = try changes.name.map { (n: String) throws(PeopleError) in try TeamRules.name(n) }
        return try write { db in
            guard let current = try Self.loadTeams(db, where: "id = ?", [.text(id)]).first else { throw PeopleError.notFound("no team \(id)") }
            let isDefault = changes.isDefault ?? current.isDefault, isEscalation = changes.isEscalation ?? current.isEscalation
            try Self.requireTeamRules(db, id: id, name: name ?? current.name, isDefault: isDefault, isEscalation: isEscalation)
            try db.run("UPDATE teams SET name = ?, strategy = ?, is_default = ?, is_escalation = ?, updated_at = ? WHERE id = ?",
                       [.text(name ?? current.name), .text((changes.strategy ?? current.strategy).rawValue), .integer(isDefault ? 1 : 0),
                        .integer(isEscalation ? 1 : 0), .integer(Clock.nowMillis()), .text(id)])
            return try Self.loadTeams(db, where: "id = ?", [.text(id)])[0]
        }
    }

    /// Delete a team and its memberships. 409 while anything still sends work to it: open
    /// (active or snoozed) conversations, routing rules, or channel instances bound to it.
    public func deleteTeam(id: String) throws {
        try write { db in
            guard try db.queryOne("SELECT 1 FROM teams WHERE id = ?", [.text(id)], { _ in true }) != nil else {
                throw PeopleError.notFound("no team \(id)")
            }
            func count(_ sql: String) throws -> Int64 { try db.queryOne(sql, [.text(id)]) { $0.int(0) } ?? 0 }
            let open = try count("SELECT COUNT(*) FROM conversations WHERE team_id = ? AND status IN ('active', 'snoozed')")
            if open > 0 { throw PeopleError.conflict(field: nil, "team \(id) still has \(open) open conversations; move them first") }
            let rules = try count("SELECT COUNT(*) FROM routing_rules WHERE team_id = ?")
            if rules > 0 { throw PeopleError.conflict(field: nil, "\(rules) routing rules send conversations to team \(id); change them first") }
            let channels = try count("SELECT COUNT(*) FROM channel_instances WHERE binding_kind = 'team' AND binding_ref = ?")
            if channels > 0 { throw PeopleError.conflict(field: nil, "\(channels) channel instances are bound to team \(id); rebind them first") }
            try db.run("DELETE FROM team_members WHERE team_id = ?", [.text(id)])
            try db.run("DELETE FROM teams WHERE id = ?", [.text(id)])
        }
    }

    /// Add an active agent to a team. False when they were a member already.
    @discardableResult
    public func addTeamMember(teamID: String, agentID: String) throws -> Bool {
        try write { db in
            try Self.requireTeam(db, teamID)
            guard let active = try db.queryOne("SELECT deactivated_at IS NULL FROM agents WHERE id = ?", [.text(agentID)], { $0.int(0) != 0 }) else {
                throw PeopleError.notFound("no agent \(agentID)")
            }
            guard active else { throw PeopleError.conflict(field: "agent_id", "agent \(agentID) is deactivated") }
            try db.run("INSERT INTO team_members (team_id, agent_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                       [.text(teamID), .text(agentID), .integer(Clock.nowMillis())])
            return db.changes > 0
        }
    }

    /// False when the agent was not a member. 404 for an unknown team.
    @discardableResult
    public func removeTeamMember(teamID: String, agentID: String) throws -> Bool {
        try write { db in
            try Self.requireTeam(db, teamID)
            try db.run("DELETE FROM team_members WHERE team_id = ? AND agent_id = ?", [.text(teamID), .text(agentID)])
            return db.changes > 0
        }
    }

    /// The team's members by name, with their active-conversation counts. 404 for an unknown team.
    public func teamMembers(teamID: String) throws -> [TeamMember] {
        try read { db in
            try Self.requireTeam(db, teamID)
            let agents = try Self.loadAgents(db, where: "id IN (SELECT agent_id FROM team_members WHERE team_id = ?)", [.text(teamID)])
            let joined = Dictionary(uniqueKeysWithValues: try db.query("SELECT agent_id, created_at FROM team_members WHERE team_id = ?",
                                                                       [.text(teamID)]) { ($0.text(0), $0.int(1)) })
            return try agents.map { agent in
                let active = try db.queryOne("SELECT COUNT(*) FROM conversations WHERE assignee = ? AND status = 'active'",
                                             [.text(agent.id)]) { Int($0.int(0)) } ?? 0
                return TeamMember(agent: agent, activeConversations: active, joinedAt: joined[agent.id] ?? 0)
            }
        }
    }

    // MARK: helpers

    static let teamColumns = "id, name, strategy, is_default, is_escalation, last_assigned_agent, created_at, updated_at"

    static func loadTeams(_ db: StoreConnection, where condition: String, _ values: [SQLValue]) throws -> [Team] {
        var teams = try db.query("SELECT \(teamColumns) FROM teams WHERE \(condition) ORDER BY name COLLATE NOCASE, id", values) { r in
            Team(id: r.text(0), name: r.text(1), strategy: AssignmentStrategy(rawValue: r.text(2)) ?? .roundRobin, isDefault: r.int(3) != 0,
                 isEscalation: r.int(4) != 0, lastAssignedAgent: r.optionalText(5), memberIDs: [], createdAt: r.int(6), updatedAt: r.int(7))
        }
        guard !teams.isEmpty else { return [] }
        var members: [String: [String]] = [:]
        for (team, agent) in try db.query("SELECT team_id, agent_id FROM team_members WHERE team_id IN (SELECT id FROM teams WHERE \(condition)) ORDER BY created_at, agent_id",
                                          values, { ($0.text(0), $0.text(1)) }) {
            members[team, default: []].append(agent)
        }
        for i in teams.indices { teams[i].memberIDs = members[teams[i].id] ?? [] }
        return teams
    }

    static func requireTeam(_ db: StoreConnection, _ id: String) throws {
        guard try db.queryOne("SELECT 1 FROM teams WHERE id = ?", [.text(id)], { _ in true }) != nil else {
            throw PeopleError.notFound("no team \(id)")
        }
    }

    /// Unique name; at most one default and one escalation team (other than `id`).
    static func requireTeamRules(_ db: StoreConnection, id: String, name: String, isDefault: Bool, isEscalation: Bool) throws {
        if try db.queryOne("SELECT 1 FROM teams WHERE name = ? AND id != ?", [.text(name), .text(id)], { _ in true }) != nil {
            throw PeopleError.conflict(field: "name", "a team named \(name) already exists")
        }
        if isDefault, let other = try db.queryOne("SELECT name FROM teams WHERE is_default = 1 AND id != ?", [.text(id)], { $0.text(0) }) {
            throw PeopleError.conflict(field: "is_default", "team \(other) is already the default team; unset it first")
        }
        if isEscalation, let other = try db.queryOne("SELECT name FROM teams WHERE is_escalation = 1 AND id != ?", [.text(id)], { $0.text(0) }) {
            throw PeopleError.conflict(field: "is_escalation", "team \(other) is already the escalation team; unset it first")
        }
    }
}

enum TeamRules {
    static func name(_ raw: String) throws(PeopleError) -> String {
        let name = raw.trimmingASCIIWhitespace()
        guard !name.isEmpty, name.count <= 100 else { throw .invalid(field: "name", "is required: 1-100 characters") }
        return name
    }
}
