import SwitchboardSupport

extension Store {
    /// Replace the rules of one scope (the events it leaves out fall back to the next scope).
    /// A team or agent that does not exist is refused, naming `team_id` or `agent_id`.
    public func replaceNotificationRules(_ rules: [NotificationRule], scope: NotificationScope) throws -> [NotificationRule] {
        try write { db in
            switch scope {
            case .workspace: break
            case .team(let id):
                guard try db.queryOne("SELECT 1 FROM teams WHERE id = ?", [.text(id)], { _ in true }) != nil else {
                    throw WorkflowError.invalid(field: "team_id", reason: "no team \(id)")
                }
            case .agent(let id):
                guard try db.queryOne("SELECT 1 FROM agents WHERE id = ? AND deactivated_at IS NULL", [.text(id)], { _ in true }) != nil else {
                    throw WorkflowError.invalid(field: "agent_id", reason: "no active agent \(id)")
                }
            }
            let now = Clock.nowMillis()
            try db.run("DELETE FROM notification_rules WHERE scope = ? AND scope_id = ?", [.text(scope.name), .text(scope.id)])
            for rule in rules {
                try db.run("INSERT INTO notification_rules (scope, scope_id, event, via, while_offline, digest, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                           [.text(scope.name), .text(scope.id), .text(rule.kind.rawValue),
                            .text(JSON.array(rule.via.map { .string($0.rawValue) }).serialized), .integer(rule.whileOffline ? 1 : 0),
                            .text(rule.digest.rawValue), .integer(now)])
            }
            return try Self.notificationRules(db, scope: scope)
        }
    }

    /// The rules one scope sets itself (not what it inherits).
    public func notificationRules(scope: NotificationScope) throws -> [NotificationRule] {
        try read { db in try Self.notificationRules(db, scope: scope) }
    }

    /// What applies to `agentID`, event by event, after falling back through teams, workspace and the default.
    public func effectiveNotificationRules(agentID: String) throws -> [NotificationRule] {
        try read { db in try NotificationKind.allCases.map { try Self.effectiveNotificationRule(db, agentID: agentID, kind: $0) } }
    }

    static func notificationRules(_ db: StoreConnection, scope: NotificationScope) throws -> [NotificationRule] {
        let stored = try db.query("SELECT event, via, while_offline, digest FROM notification_rules WHERE scope = ? AND scope_id = ?",
                                  [.text(scope.name), .text(scope.id)], notificationRule)
        // In the order events are listed, so answers do not depend on the table's order.
        return NotificationKind.allCases.compactMap { kind in stored.first { $0?.kind == kind } ?? nil }
    }

    /// The agent's own rule; else their teams' rules combined (any team's channel counts); else the workspace's; else the default.
    static func effectiveNotificationRule(_ db: StoreConnection, agentID: String, kind: NotificationKind) throws -> NotificationRule {
        let columns = "SELECT event, via, while_offline, digest FROM notification_rules"
        if let own = try db.queryOne("\(columns) WHERE scope = 'agent' AND scope_id = ? AND event = ?",
                                     [.text(agentID), .text(kind.rawValue)], notificationRule), let own { return own }
        let teams = try db.query("""
            \(columns) WHERE scope = 'team' AND event = ? AND scope_id IN (SELECT team_id FROM team_members WHERE agent_id = ?)
            ORDER BY scope_id
            """, [.text(kind.rawValue), .text(agentID)], notificationRule).compactMap { $0 }
        if !teams.isEmpty {
            // The most frequent digest wins: hourly over daily over none.
            let digest: NotificationDigest = teams.contains { $0.digest == .hourly } ? .hourly : teams.contains { $0.digest == .daily } ? .daily : .none
            var combined = NotificationRule(kind: kind, via: [], whileOffline: teams.contains { $0.whileOffline }, digest: digest)
            for channel in NotificationChannel.allCases where teams.contains(where: { $0.via.contains(channel) }) { combined.via.append(channel) }
            return combined
        }
        if let workspace = try db.queryOne("\(columns) WHERE scope = 'workspace' AND scope_id = '' AND event = ?",
                                           [.text(kind.rawValue)], notificationRule), let workspace { return workspace }
        return .fallback(kind)
    }

    /// A stored rule; nil for a row an older or newer host wrote with an event this one does not know.
    static func notificationRule(_ row: Row) -> NotificationRule? {
        guard let kind = NotificationKind(rawValue: row.text(0)) else { return nil }
        let via = ((try? JSON.parse(row.text(1)))?.arrayValue ?? []).compactMap { $0.stringValue.flatMap(NotificationChannel.init(rawValue:)) }
        return NotificationRule(kind: kind, via: via, whileOffline: row.int(2) != 0, digest: NotificationDigest(rawValue: row.text(3)) ?? .none)
    }
}
