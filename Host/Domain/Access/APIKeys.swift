import SwitchboardSupport

/// What an API key (or a signed-in person) may do. Admin: everything; agent: conversations;
/// integrator: the conversations of its own channel instances only.
public enum Role: String, Sendable, CaseIterable {
    case admin, agent, integrator
}

public struct APIKeyInfo: Sendable, Equatable {
    public var id: String
    public var name: String
    public var role: Role
    /// For integrators: the channel instances whose conversations the key may see and answer.
    public var channelInstanceIDs: [String]
    /// A personal token acts as this agent (role agent or admin).
    public var agentID: String?
    public var createdAt: Int64
    /// An admin allowed this integrator key to export and erase contacts (data requests).
    public var dataRequests = false
}

extension Store {
    /// Create a key; the plaintext is returned once and only its SHA-256 is stored.
    public func createAPIKey(name: String, role: Role, channelInstanceIDs: [String] = [], agentID: String? = nil,
                             dataRequests: Bool = false) throws -> (APIKeyInfo, String) {
        let secret = "sbk_" + Crypto.randomHex(bytes: 24)
        let info = APIKeyInfo(id: Identifier.make("key"), name: name, role: role, channelInstanceIDs: channelInstanceIDs,
                              agentID: agentID, createdAt: Clock.nowMillis(), dataRequests: dataRequests)
        let scope = JSON.array(channelInstanceIDs.map(JSON.string)).serialized
        try write { db in
            try db.run("INSERT INTO api_keys (id, key_hash, name, role, channel_instance_ids, agent_id, created_at, data_requests) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       [.text(info.id), .text(Crypto.sha256Hex(secret)), .text(name), .text(role.rawValue), .text(scope),
                        .optional(agentID), .integer(info.createdAt), .integer(dataRequests ? 1 : 0)])
        }
        return (info, secret)
    }

    /// A key with an agent (a personal token) acts with that agent's current role, and only
    /// while the agent is active: a demotion or deactivation takes effect on the next request.
    static let apiKeyColumns = "k.id, k.name, COALESCE(a.role, k.role), k.channel_instance_ids, k.created_at, k.agent_id, k.data_requests"
    static let apiKeySource = "api_keys k LEFT JOIN agents a ON a.id = k.agent_id"
    static let liveAPIKey = "k.revoked_at IS NULL AND (k.agent_id IS NULL OR (a.id IS NOT NULL AND a.deactivated_at IS NULL))"

    static func apiKey(_ r: Row) -> APIKeyInfo {
        let scope = (try? JSON.parse(r.text(3)))?.arrayValue?.compactMap(\.stringValue) ?? []
        return APIKeyInfo(id: r.text(0), name: r.text(1), role: Role(rawValue: r.text(2)) ?? .agent, channelInstanceIDs: scope,
                          agentID: r.optionalText(5), createdAt: r.int(4), dataRequests: r.int(6) != 0)
    }

    /// The key's owner, when the presented secret is a live key.
    public func authenticate(apiKey: String) throws -> APIKeyInfo? {
        let hash = Crypto.sha256Hex(apiKey)
        // The key as it is, or as it was before a rotation while its overlap lasts (KeyRotation).
        let match = "(k.key_hash = ? OR (k.previous_key_hash = ? AND k.previous_expires_at > ?))"
        return try read { db in
            try db.queryOne("SELECT \(Self.apiKeyColumns) FROM \(Self.apiKeySource) WHERE \(match) AND \(Self.liveAPIKey)",
                            [.text(hash), .text(hash), .integer(Clock.nowMillis())], Self.apiKey)
        }
    }

    public func apiKeys() throws -> [APIKeyInfo] {
        try read { db in
            try db.query("SELECT \(Self.apiKeyColumns) FROM \(Self.apiKeySource) WHERE \(Self.liveAPIKey) ORDER BY k.created_at",
                         [], Self.apiKey)
        }
    }

    public func revokeAPIKey(id: String) throws -> Bool {
        try write { db in
            try db.run("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", [.integer(Clock.nowMillis()), .text(id)])
            return db.changes > 0
        }
    }

    public func apiKeyCount() throws -> Int {
        try read { db in Int(try db.queryOne("SELECT COUNT(*) FROM api_keys WHERE revoked_at IS NULL") { $0.int(0) } ?? 0) }
    }
}
