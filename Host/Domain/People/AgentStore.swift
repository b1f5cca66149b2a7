import SwitchboardSupport

/// Agents in the store: `agents`, with `agent_skills`, `agent_channels` and `team_members`.
/// Every change checks its rules first, hashes a new password outside the write transaction
/// (hashing is slow; the store has one writer), and throws `PeopleError` with nothing written.
extension Store {
    public func agent(id: String) throws -> Agent? {
        try read { db in try Self.loadAgents(db, where: "id = ?", [.text(id)]).first }
    }

    /// By @mention handle, any case.
    public func agent(handle: String) throws -> Agent? {
        try read { db in try Self.loadAgents(db, where: "handle = ?", [.text(handle)]).first }
    }

    /// By email, any case.
    public func agent(email: String) throws -> Agent? {
        try read { db in try Self.loadAgents(db, where: "email = ?", [.text(email.trimmingASCIIWhitespace())]).first }
    }

    /// By name, then id.
    public func agents(includeDeactivated: Bool = false) throws -> [Agent] {
        try read { db in try Self.loadAgents(db, where: includeDeactivated ? "TRUE" : "deactivated_at IS NULL", []) }
    }

    public func createAgent(_ draft: AgentDraft) throws -> Agent {
        let email = try AgentRules.email(draft.email)
        let name = try AgentRules.name(draft.name)
        let handle = try draft.handle.map { (h: String) throws(PeopleError) in try AgentRules.handle(h) }
        let role = try AgentRules.role(draft.role)
        let capacity = try AgentRules.capacity(draft.capacity)
        let skills = try AgentRules.skills(draft.skills)
        let channels = Self.unique(draft.channelInstanceIDs)
        let hash = try draft.password.map(Self.hashPassword)
        let id = Identifier.make("agt")
        return try write { db in
            let now = Clock.nowMillis()
            try Self.requireFree(db, "email", email, except: id)
            if let handle { try Self.requireFree(db, "handle", handle, except: id) }
            let chosen = try handle ?? Self.freeHandle(db, AgentRules.defaultHandle(email: email))
            try Self.requireChannels(db, channels)
            try db.run(
                """
                INSERT INTO agents (id, email, name, handle, role, password_hash, availability, capacity, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, [.text(id), .text(email), .text(name), .text(chosen), .text(role.rawValue), .optional(hash),
                      .text(draft.availability.rawValue), .integer(Int64(capacity)), .integer(now), .integer(now)])
            try Self.replaceSkills(db, id, skills)
            try Self.replaceChannels(db, id, channels)
            return try Self.loadAgents(db, where: "id = ?", [.text(id)])[0]
        }
    }

    /// Apply `changes`. A new password ends the agent's sessions except `keepingSession` (the
    /// session id of the person changing their own password). `active: false` deactivates, as
    /// `deactivateAgent` does.
    @discardableResult
    public func updateAgent(id: String, _ changes: AgentChanges, keepingSession: String? = nil) throws -> Agent {
        let email = try changes.email.map { (e: String) throws(PeopleError) in try AgentRules.email(e) }
        let name = try changes.name.map { (n: String) throws(PeopleError) in try AgentRules.name(n) }
        let handle = try changes.handle.map { (h: String) throws(PeopleError) in try AgentRules.handle(h) }
        let role = try changes.role.map { (r: Role) throws(PeopleError) in try AgentRules.role(r) }
        let capacity = try changes.capacity.map { (c: Int) throws(PeopleError) in try AgentRules.capacity(c) }
        let skills = try changes.skills.map { (s: [String]) throws(PeopleError) in try AgentRules.skills(s) }
        let channels = changes.channelInstanceIDs.map(Self.unique)
        let hash = try changes.password.map(Self.hashPassword)
        return try write { db in
            guard let current = try Self.loadAgents(db, where: "id = ?", [.text(id)]).first else { throw PeopleError.notFound("no agent \(id)") }
            let now = Clock.nowMillis()
            let active = changes.active ?? current.isActive
            if !active, let availability = changes.availability, availability != .offline {
                throw PeopleError.conflict(field: "availability", "a deactivated agent stays offline")
            }
            var sets = ["updated_at = ?"], values: [SQLValue] = [.integer(now)]
            func set(_ column: String, _ value: SQLValue?) {
                guard let value else { return }
                sets.append("\(column) = ?")
                values.append(value)
            }
            if let email { try Self.requireFree(db, "email", email, except: id) }
            if let handle { try Self.requireFree(db, "handle", handle, except: id) }
            if let channels { try Self.requireChannels(db, channels) }
            set("email", email.map(SQLValue.text))
            set("name", name.map(SQLValue.text))
            set("handle", handle.map(SQLValue.text))
            set("role", role.map { .text($0.rawValue) })
            set("password_hash", hash.map(SQLValue.text))
            set("capacity", capacity.map { .integer(Int64($0)) })
            set("availability", changes.availability.map { .text($0.rawValue) })
            if active != current.isActive { set("deactivated_at", active ? .null : .integer(now)) }
            try db.run("UPDATE agents SET \(sets.joined(separator: ", ")) WHERE id = ?", values + [.text(id)])
            if let skills { try Self.replaceSkills(db, id, skills) }
            if let channels { try Self.replaceChannels(db, id, channels) }
            if !active && current.isActive { try Self.cutOff(db, id, now) }
            if hash != nil {
                try db.run("DELETE FROM sessions WHERE agent_id = ? AND token_hash != ?", [.text(id), .text(keepingSession ?? "")])
            }
            return try Self.loadAgents(db, where: "id = ?", [.text(id)])[0]
        }
    }

    /// Deactivate: the agent can no longer sign in; their sessions end, their personal tokens are
    /// revoked, they leave their teams and go offline. Their email and handle stay taken, and the
    /// conversations assigned to them stay assigned (routing decides what to do with them).
    @discardableResult
    public func deactivateAgent(id: String) throws -> Agent {
        var changes = AgentChanges()
        changes.active = false
        return try updateAgent(id: id, changes)
    }

    /// Active conversations assigned to the agent: what counts against their capacity.
    public func activeConversationCount(agentID: String) throws -> Int {
        try read { db in
            Int(try db.queryOne("SELECT COUNT(*) FROM conversations WHERE assignee = ? AND status = 'active'", [.text(agentID)]) { $0.int(0) } ?? 0)
        }
    }

    /// Whether `password` is the agent's current one (constant time; false without a password).
    public func checkPassword(agentID: String, _ password: String) throws -> Bool {
        let stored = try read { db in
            try db.queryOne("SELECT password_hash FROM agents WHERE id = ?", [.text(agentID)]) { $0.optionalText(0) }
        } ?? nil
        guard let stored else { return false }
        return PasswordHash.verify(password, against: stored)
    }

    /// The stored password hash of an active agent, by email: what sign-in verifies against.
    func credentials(email: String) throws -> (agentID: String, hash: String?)? {
        try read { db in
            try db.queryOne("SELECT id, password_hash FROM agents WHERE email = ? AND deactivated_at IS NULL",
                            [.text(email.trimmingASCIIWhitespace())]) { ($0.text(0), $0.optionalText(1)) }
        }
    }

    // MARK: helpers

    static let agentColumns = "id, email, name, handle, role, availability, capacity, created_at, updated_at, deactivated_at, password_hash IS NOT NULL, "
        + "EXISTS (SELECT 1 FROM agent_totp WHERE agent_totp.agent_id = agents.id AND agent_totp.confirmed_at IS NOT NULL)"

    static func agentRow(_ r: Row) -> Agent {
        Agent(id: r.text(0), email: r.text(1), name: r.text(2), handle: r.text(3), role: Role(rawValue: r.text(4)) ?? .agent,
              availability: Availability(rawValue: r.text(5)) ?? .offline, capacity: Int(r.int(6)), skills: [], channelInstanceIDs: [],
              teamIDs: [], hasPassword: r.int(10) != 0, createdAt: r.int(7), updatedAt: r.int(8), deactivatedAt: r.optionalInt(9),
              twoFactorEnabled: r.int(11) != 0)
    }

    /// The agents matching `condition` (SQL on `agents`), by name, each with skills, channels and teams.
    static func loadAgents(_ db: StoreConnection, where condition: String, _ values: [SQLValue]) throws -> [Agent] {
        var agents = try db.query("SELECT \(agentColumns) FROM agents WHERE \(condition) ORDER BY name COLLATE NOCASE, id", values, agentRow)
        guard !agents.isEmpty else { return [] }
        let scope = "agent_id IN (SELECT id FROM agents WHERE \(condition))"
        func grouped(_ sql: String) throws -> [String: [String]] {
            var groups: [String: [String]] = [:]
            for (agent, value) in try db.query(sql, values, { ($0.text(0), $0.text(1)) }) { groups[agent, default: []].append(value) }
            return groups
        }
        let skills = try grouped("SELECT agent_id, skill FROM agent_skills WHERE \(scope) ORDER BY agent_id, skill")
        let channels = try grouped("SELECT agent_id, channel_instance_id FROM agent_channels WHERE \(scope) ORDER BY agent_id, channel_instance_id")
        let teams = try grouped("SELECT agent_id, team_id FROM team_members WHERE \(scope) ORDER BY agent_id, created_at, team_id")
        for i in agents.indices {
            agents[i].skills = skills[agents[i].id] ?? []
            agents[i].channelInstanceIDs = channels[agents[i].id] ?? []
            agents[i].teamIDs = teams[agents[i].id] ?? []
        }
        return agents
    }

    /// 409 when another agent has this email or handle (any case).
    static func requireFree(_ db: StoreConnection, _ column: String, _ value: String, except id: String) throws {
        if try db.queryOne("SELECT 1 FROM agents WHERE \(column) = ? AND id != ?", [.text(value), .text(id)], { _ in true }) != nil {
            throw PeopleError.conflict(field: column, "an agent with \(column) \(value) already exists")
        }
    }

    /// The suggested handle, or it with the first free number after it ("sam", "sam2", "sam3"…).
    static func freeHandle(_ db: StoreConnection, _ base: String) throws -> String {
        func taken(_ h: String) throws -> Bool { try db.queryOne("SELECT 1 FROM agents WHERE handle = ?", [.text(h)], { _ in true }) != nil }
        if try !taken(base) { return base }
        for n in 2...10_000 where try !taken("\(base)\(n)") { return "\(base)\(n)" }
        throw PeopleError.conflict(field: "handle", "choose a handle: \(base) and its numbered variants are taken")
    }

    static func requireChannels(_ db: StoreConnection, _ ids: [String]) throws {
        for id in ids where try db.queryOne("SELECT 1 FROM channel_instances WHERE id = ?", [.text(id)], { _ in true }) == nil {
            throw PeopleError.invalid(field: "channel_instance_ids", "no channel instance \(id)")
        }
    }

    static func replaceSkills(_ db: StoreConnection, _ id: String, _ skills: [String]) throws {
        try db.run("DELETE FROM agent_skills WHERE agent_id = ?", [.text(id)])
        for skill in skills { try db.run("INSERT INTO agent_skills (agent_id, skill) VALUES (?, ?)", [.text(id), .text(skill)]) }
    }

    static func replaceChannels(_ db: StoreConnection, _ id: String, _ channels: [String]) throws {
        try db.run("DELETE FROM agent_channels WHERE agent_id = ?", [.text(id)])
        for channel in channels {
            try db.run("INSERT INTO agent_channels (agent_id, channel_instance_id) VALUES (?, ?)", [.text(id), .text(channel)])
        }
    }

    /// What deactivation takes away, in the same transaction as `deactivated_at`.
    static func cutOff(_ db: StoreConnection, _ id: String, _ now: Int64) throws {
        try db.run("UPDATE agents SET availability = 'offline' WHERE id = ?", [.text(id)])
        try db.run("DELETE FROM sessions WHERE agent_id = ?", [.text(id)])
        try db.run("UPDATE api_keys SET revoked_at = ? WHERE agent_id = ? AND revoked_at IS NULL", [.integer(now), .text(id)])
        try db.run("DELETE FROM team_members WHERE agent_id = ?", [.text(id)])
    }

    /// Check the password's rules (400 naming `password`), then hash it.
    static func hashPassword(_ password: String) throws -> String {
        try PasswordHash.make(AgentRules.password(password))
    }

    static func unique(_ ids: [String]) -> [String] {
        var seen = Set<String>()
        return ids.filter { seen.insert($0).inserted }
    }
}
