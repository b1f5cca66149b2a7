import SwitchboardSupport

/// How a conversation that needs humans found its team.
public enum RoutingOutcome: Sendable, Equatable {
    case routed(teamID: String, via: String, result: AssignmentResult)
    /// No rule matched, the channel is bound to no team and there is no default team: it stays unrouted
    /// (admins see it) until the teams or rules change (`markUnhandledForRouting`).
    case unrouted
    /// It already has a team, an agent or an Agent Stack.
    case alreadyHandled
}

extension Store {
    /// Route a conversation that needs humans (new, or handed over by an Agent Stack): the first
    /// matching routing rule names the team, else the channel instance's bound team, else the default team;
    /// then the team's strategy assigns it or it waits in the team's queue.
    /// Without `force`, a conversation that already has a team, an agent or an Agent Stack is left alone.
    public func routeToHumans(conversationID: String, actor: String = "routing", force: Bool = false) throws -> RoutingOutcome {
        try write { db in try Self.routeToHumans(db, conversationID: conversationID, actor: actor, force: force) }
    }

    /// Route the conversations waiting for routing (oldest first), in one transaction. Returns how many were looked at.
    @discardableResult
    public func routePending(limit: Int = 100, fence: Lease? = nil) throws -> Int {
        // Most passes find nothing: a read on the partial index keeps them off the writer.
        let sql = "SELECT 1 FROM conversations WHERE routing_pending = 1 LIMIT 1"
        guard try read({ db in try db.queryOne(sql, [], { _ in true }) }) != nil else { return 0 }
        return try write { db in
            try Self.checkFence(db, fence)
            let pending = try db.query("SELECT id FROM conversations WHERE routing_pending = 1 ORDER BY created_at LIMIT ?",
                                       [.integer(Int64(limit))], { $0.text(0) })
            for id in pending { _ = try Self.routeToHumans(db, conversationID: id, actor: "routing", force: false) }
            return pending.count
        }
    }

    /// Teams, rules or bindings changed: every conversation nobody handles gets routed again.
    public func markUnhandledForRouting(fence: Lease? = nil) throws {
        try write { db in
            try Self.checkFence(db, fence)
            try db.run(
                """
                UPDATE conversations SET routing_pending = 1
                WHERE status IN ('active', 'snoozed') AND team_id IS NULL AND assignee IS NULL AND agent_stack IS NULL
                """)
        }
    }

    /// Inside a write (an Agent Stack's handover routes in the same transaction as its notes, with
    /// `reason` "handover", so the people it lands with hear of a handover, not a routine assignment).
    static func routeToHumans(_ db: StoreConnection, conversationID: String, actor: String, force: Bool,
                              reason: String = "routed") throws -> RoutingOutcome {
        guard let conversation = try db.queryOne(
            "SELECT \(Self.conversationColumns) FROM conversations WHERE id = ?", [.text(conversationID)], Self.conversation)
        else { throw WorkflowError.notFound(what: "conversation", id: conversationID) }
        // Whatever happens next, this request for routing is answered.
        try db.run("UPDATE conversations SET routing_pending = 0 WHERE id = ?", [.text(conversationID)])
        guard conversation.status == .active || conversation.status == .snoozed else { return .alreadyHandled }
        if !force, conversation.teamID != nil || conversation.assignee != nil || conversation.agentStack != nil { return .alreadyHandled }
        let facts = try Self.routingFacts(db, conversation)
        let now = Clock.nowMillis()
        var choice: (team: String, via: String)?
        if let rule = RoutingRule.firstMatch(try Self.routingRules(db), facts) {
            choice = (rule.teamID, "rule:\(rule.id)")
        } else if let bound = try db.queryOne(
            "SELECT binding_ref FROM channel_instances WHERE id = ? AND binding_kind = 'team' AND binding_ref IS NOT NULL",
            [.text(conversation.channelInstanceID)], { $0.text(0) }),
            try db.queryOne("SELECT 1 FROM teams WHERE id = ?", [.text(bound)], { _ in true }) != nil {
            choice = (bound, "channel_binding")
        } else if let fallback = try db.queryOne("SELECT id FROM teams WHERE is_default = 1", [], { $0.text(0) }) {
            choice = (fallback, "default_team")
        }
        guard let choice else { return .unrouted }
        try Self.appendEvent(db, conversationID: conversationID, type: "conversation.routed", actor: actor,
                             data: ["team_id": .string(choice.team), "via": .string(choice.via)], now: now)
        let result = try Self.assignWithinTeam(db, conversation, teamID: choice.team, actor: actor, reason: reason, now: now)
        return .routed(teamID: choice.team, via: choice.via, result: result)
    }

    static func routingFacts(_ db: StoreConnection, _ conversation: Conversation) throws -> RoutingFacts {
        let pluginID = try db.queryOne("SELECT plugin_id FROM channel_instances WHERE id = ?", [.text(conversation.channelInstanceID)], { $0.text(0) })
        let attributes = try db.queryOne("SELECT attributes FROM contacts WHERE id = ?", [.text(conversation.contactID)], { $0.text(0) })
            .flatMap { try? JSON.parse($0).objectValue } ?? JSONObject()
        return RoutingFacts(channelInstanceID: conversation.channelInstanceID, pluginID: pluginID, tags: Set(conversation.tags),
                            topic: conversation.topic, priority: conversation.priority, contactAttributes: attributes)
    }
}
