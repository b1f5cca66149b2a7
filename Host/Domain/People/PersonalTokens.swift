import SwitchboardSupport

/// Personal API tokens: `api_keys` rows with an `agent_id`. A token acts as its agent, with the
/// agent's current role, until it is revoked or the agent is deactivated (see `apiKeyColumns`).
extension Store {
    /// A new token for an active agent; the plaintext is returned once.
    public func createPersonalToken(agentID: String, name: String) throws -> (APIKeyInfo, String) {
        let name = name.trimmingASCIIWhitespace()
        guard !name.isEmpty, name.count <= 200 else { throw PeopleError.invalid(field: "name", "is required: 1-200 characters") }
        guard let agent = try agent(id: agentID) else { throw PeopleError.notFound("no agent \(agentID)") }
        guard agent.isActive else { throw PeopleError.conflict(field: nil, "agent \(agentID) is deactivated") }
        // Should the agent be deactivated between these two steps, the token is dead on arrival:
        // authentication checks the agent on every request.
        return try createAPIKey(name: name, role: agent.role, agentID: agentID)
    }

    /// The agent's live tokens, oldest first.
    public func personalTokens(agentID: String) throws -> [APIKeyInfo] {
        try read { db in
            try db.query("SELECT \(Self.apiKeyColumns) FROM \(Self.apiKeySource) WHERE k.agent_id = ? AND \(Self.liveAPIKey) ORDER BY k.created_at",
                         [.text(agentID)], Self.apiKey)
        }
    }

    /// Revoke one of the agent's tokens. False when the agent has no such live token.
    public func revokePersonalToken(agentID: String, id: String) throws -> Bool {
        try write { db in
            try db.run("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND agent_id = ? AND revoked_at IS NULL",
                       [.integer(Clock.nowMillis()), .text(id), .text(agentID)])
            return db.changes > 0
        }
    }
}
