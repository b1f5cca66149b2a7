import SwitchboardSupport

/// The fields of a routing rule an admin sets; nil leaves a field as it is on update.
public struct RoutingRuleChange: Sendable {
    public var name: String?
    public var position: Int?
    public var conditions: RoutingConditions?
    public var teamID: String?
    public var enabled: Bool?

    public init(name: String? = nil, position: Int? = nil, conditions: RoutingConditions? = nil, teamID: String? = nil, enabled: Bool? = nil) {
        self.name = name
        self.position = position
        self.conditions = conditions
        self.teamID = teamID
        self.enabled = enabled
    }
}

extension Store {
    static let routingRuleColumns = "id, name, position, conditions, team_id, enabled, created_at, updated_at"

    static func routingRule(_ r: Row) -> RoutingRule {
        let object = (try? JSON.parse(r.text(3)))?.objectValue ?? JSONObject()
        return RoutingRule(id: r.text(0), name: r.text(1), position: Int(r.int(2)),
                           conditions: (try? RoutingConditions.parse(object)) ?? RoutingConditions(),
                           teamID: r.text(4), enabled: r.int(5) != 0, createdAt: r.int(6), updatedAt: r.int(7))
    }

    public func routingRules() throws -> [RoutingRule] {
        try read { db in try Self.routingRules(db) }
    }

    static func routingRules(_ db: StoreConnection) throws -> [RoutingRule] {
        try db.query("SELECT \(routingRuleColumns) FROM routing_rules ORDER BY position, created_at", [], routingRule)
    }

    public func routingRule(id: String) throws -> RoutingRule? {
        try read { db in try db.queryOne("SELECT \(Self.routingRuleColumns) FROM routing_rules WHERE id = ?", [.text(id)], Self.routingRule) }
    }

    /// Add a rule; without a position it goes last.
    public func createRoutingRule(_ change: RoutingRuleChange) throws -> RoutingRule {
        guard let name = change.name, !name.isEmpty else { throw WorkflowError.invalid(field: "name", reason: "is required") }
        guard let teamID = change.teamID else { throw WorkflowError.invalid(field: "team_id", reason: "is required") }
        return try write { db in
            try Self.requireTeam(db, teamID)
            let now = Clock.nowMillis()
            let id = Identifier.make("rr")
            let position = try change.position ?? Int(db.queryOne("SELECT COALESCE(MAX(position), 0) + 10 FROM routing_rules") { $0.int(0) } ?? 10)
            try db.run("INSERT INTO routing_rules (\(Self.routingRuleColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       [.text(id), .text(name), .integer(Int64(position)), .text((change.conditions ?? RoutingConditions()).json.serialized),
                        .text(teamID), .integer(change.enabled == false ? 0 : 1), .integer(now), .integer(now)])
            return try db.queryOne("SELECT \(Self.routingRuleColumns) FROM routing_rules WHERE id = ?", [.text(id)], Self.routingRule)!
        }
    }

    public func updateRoutingRule(id: String, _ change: RoutingRuleChange) throws -> RoutingRule {
        try write { db in
            guard var rule = try db.queryOne("SELECT \(Self.routingRuleColumns) FROM routing_rules WHERE id = ?", [.text(id)], Self.routingRule)
            else { throw WorkflowError.notFound(what: "routing rule", id: id) }
            if let name = change.name {
                guard !name.isEmpty else { throw WorkflowError.invalid(field: "name", reason: "may not be empty") }
                rule.name = name
            }
            if let teamID = change.teamID { try Self.requireTeam(db, teamID); rule.teamID = teamID }
            if let position = change.position { rule.position = position }
            if let conditions = change.conditions { rule.conditions = conditions }
            if let enabled = change.enabled { rule.enabled = enabled }
            try db.run("UPDATE routing_rules SET name = ?, position = ?, conditions = ?, team_id = ?, enabled = ?, updated_at = ? WHERE id = ?",
                       [.text(rule.name), .integer(Int64(rule.position)), .text(rule.conditions.json.serialized), .text(rule.teamID),
                        .integer(rule.enabled ? 1 : 0), .integer(Clock.nowMillis()), .text(id)])
            return try db.queryOne("SELECT \(Self.routingRuleColumns) FROM routing_rules WHERE id = ?", [.text(id)], Self.routingRule)!
        }
    }

    public func deleteRoutingRule(id: String) throws -> Bool {
        try write { db in
            try db.run("DELETE FROM routing_rules WHERE id = ?", [.text(id)])
            return db.changes > 0
        }
    }
}
