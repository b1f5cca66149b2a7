import SwitchboardSupport

/// A stack definition as stored.
public struct StoredStack: Sendable, Equatable {
    public var definition: StackDefinition
    public var createdAt: Int64
    public var updatedAt: Int64
}

extension Store {
    /// Create or replace a stack. Everything it names must exist: its collections, its handover team,
    /// its credentials; otherwise nothing is stored and the error names the field.
    /// Returns the stored stack and whether it was created.
    public func putStack(_ definition: StackDefinition) throws -> (StoredStack, created: Bool) {
        try write { db in
            try Self.checkReferences(db, definition)
            let now = Clock.nowMillis()
            let existed = try db.queryOne("SELECT created_at FROM agent_stacks WHERE id = ?", [.text(definition.id)], { $0.int(0) })
            try db.run(
                """
                INSERT INTO agent_stacks (id, name, definition, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET name = excluded.name, definition = excluded.definition, updated_at = excluded.updated_at,
                                              version = agent_stacks.version + 1
                """, [.text(definition.id), .text(definition.name), .text(JSON.object(definition.json).serialized), .integer(now), .integer(now)])
            return (StoredStack(definition: definition, createdAt: existed ?? now, updatedAt: now), existed == nil)
        }
    }

    static func checkReferences(_ db: StoreConnection, _ d: StackDefinition) throws {
        for (i, collection) in d.collections.enumerated()
        where try db.queryOne("SELECT 1 FROM knowledge_collections WHERE id = ?", [.text(collection)], { _ in true }) == nil {
            throw WorkflowError.invalid(field: "collections[\(i)]", reason: "no knowledge collection \(collection)")
        }
        if let team = d.handoverTeam, try db.queryOne("SELECT 1 FROM teams WHERE id = ?", [.text(team)], { _ in true }) == nil {
            throw WorkflowError.invalid(field: "handover_team", reason: "no team \(team)")
        }
        for (field, credential) in d.credentialReferences
        where try db.queryOne("SELECT 1 FROM credentials WHERE id = ?", [.text(credential)], { _ in true }) == nil {
            throw WorkflowError.invalid(field: field, reason: "no credential \(credential) (store it first: PUT /api/v1/credentials/\(credential))")
        }
    }

    static func storedStack(_ r: Row) -> StoredStack? {
        guard let object = (try? JSON.parse(r.text(0)))?.objectValue, let definition = try? StackDefinition.parse(object) else { return nil }
        return StoredStack(definition: definition, createdAt: r.int(1), updatedAt: r.int(2))
    }

    public func stack(id: String) throws -> StoredStack? {
        try read { db in try Self.stack(db, id: id) }
    }

    static func stack(_ db: StoreConnection, id: String) throws -> StoredStack? {
        try db.queryOne("SELECT definition, created_at, updated_at FROM agent_stacks WHERE id = ?", [.text(id)], Self.storedStack) ?? nil
    }

    /// The stack's version (bumped by every change), nil when it does not exist: a cache of compiled
    /// stacks checks it each turn and reads the definition again only when it changed.
    public func stackVersion(id: String) throws -> Int64? {
        try read { db in try db.queryOne("SELECT version FROM agent_stacks WHERE id = ?", [.text(id)], { $0.int(0) }) }
    }

    /// The stored definition and its version.
    public func stackWithVersion(id: String) throws -> (StoredStack, version: Int64)? {
        try read { db in
            guard let version = try db.queryOne("SELECT version FROM agent_stacks WHERE id = ?", [.text(id)], { $0.int(0) }),
                  let stored = try Self.stack(db, id: id) else { return nil }
            return (stored, version)
        }
    }

    public func stacks() throws -> [StoredStack] {
        try read { db in
            try db.query("SELECT definition, created_at, updated_at FROM agent_stacks ORDER BY id", [], Self.storedStack).compactMap { $0 }
        }
    }

    /// Delete a stack no channel instance is bound to. Conversations it was handling hand over on their next turn.
    public func deleteStack(id: String) throws -> Bool {
        try write { db in
            let bound = try db.query("SELECT id FROM channel_instances WHERE binding_kind = 'stack' AND binding_ref = ? ORDER BY id",
                                     [.text(id)], { $0.text(0) })
            guard bound.isEmpty else {
                throw WorkflowError.conflict("channel instances \(bound.joined(separator: ", ")) are bound to stack \(id); bind them elsewhere first")
            }
            try db.run("DELETE FROM agent_stacks WHERE id = ?", [.text(id)])
            return db.changes > 0
        }
    }

    static func stackExists(_ db: StoreConnection, _ id: String) throws -> Bool {
        try db.queryOne("SELECT 1 FROM agent_stacks WHERE id = ?", [.text(id)], { _ in true }) != nil
    }

    public func stackExists(id: String) throws -> Bool {
        try read { db in try Self.stackExists(db, id) }
    }
}
