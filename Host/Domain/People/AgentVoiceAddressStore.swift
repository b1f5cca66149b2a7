import SwitchboardSupport

extension Store {
    /// Where the agent answers calls; `PeopleError.notFound` for an unknown agent.
    public func agentVoiceAddress(agentID: String) throws -> AgentVoiceAddress {
        try read { db in try Self.voiceAddress(db, agentID: agentID) }
    }

    /// Replaces the agent's phone and SIP address (nil clears one), after `AgentVoiceAddress.validated`.
    public func setAgentVoiceAddress(agentID: String, phone: String?, sip: String?) throws -> AgentVoiceAddress {
        let address = try AgentVoiceAddress.validated(phone: phone, sip: sip)
        return try write { db in
            try db.run("UPDATE agents SET phone = ?, sip = ?, updated_at = ? WHERE id = ?",
                       [.optional(address.phone), .optional(address.sip), .integer(Clock.nowMillis()), .text(agentID)])
            guard db.changes == 1 else { throw PeopleError.notFound("no agent \(agentID)") }
            return address
        }
    }

    /// The agent a queued call is offered to: the team's strategy picks among its available agents under
    /// capacity who have somewhere to be dialled and are not already being rung for a caller.
    /// Agents who did not answer when rung for `entryID` are skipped. Nil: nobody now (the caller keeps waiting).
    public func voiceAgentOffer(teamID: String, channelInstanceID: String, entryID: String? = nil) throws -> (agentID: String, dialTarget: String)? {
        try read { db in
            guard let (strategyName, lastAssigned) = try db.queryOne(
                "SELECT strategy, last_assigned_agent FROM teams WHERE id = ?", [.text(teamID)], { ($0.text(0), $0.optionalText(1)) })
            else { throw PeopleError.notFound("no team \(teamID)") }
            let strategy = AssignmentStrategy(rawValue: strategyName) ?? .roundRobin
            let ringing = Set(try db.query(
                "SELECT agent_id FROM voice_queue_entries WHERE agent_id IS NOT NULL AND status IN ('waiting', 'dialing')", [], { $0.text(0) })
                + db.query("SELECT agent_id FROM voice_agent_misses WHERE entry_id = ?", [.optional(entryID)], { $0.text(0) }))
            let candidates = try Self.candidates(db, teamID: teamID, strategy: strategy).filter { !ringing.contains($0.agentID) }
            var targets: [String: String] = [:]
            for candidate in candidates {
                if let target = try Self.voiceAddress(db, agentID: candidate.agentID).dialTarget { targets[candidate.agentID] = target }
            }
            let reachable = candidates.filter { targets[$0.agentID] != nil }
            let need = AssignmentStrategy.Need(requiredSkills: [], channelInstanceID: channelInstanceID, lastAssignedAgent: lastAssigned)
            guard let agentID = strategy.pick(from: reachable, for: need), let target = targets[agentID] else { return nil }
            return (agentID, target)
        }
    }

    static func voiceAddress(_ db: StoreConnection, agentID: String) throws -> AgentVoiceAddress {
        guard let address = try db.queryOne("SELECT phone, sip FROM agents WHERE id = ?", [.text(agentID)],
                                            { AgentVoiceAddress(phone: $0.optionalText(0), sip: $0.optionalText(1)) })
        else { throw PeopleError.notFound("no agent \(agentID)") }
        return address
    }
}
