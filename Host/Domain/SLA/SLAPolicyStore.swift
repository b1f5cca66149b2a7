import SwitchboardSupport

extension Store {
    static func slaPolicy(_ r: Row) -> SLAPolicy? {
        guard let body = (try? JSON.parse(r.text(2)))?.objectValue else { return nil }
        return try? SLAPolicy.parse(body, id: r.text(0), createdAt: r.int(3), updatedAt: r.int(4), defaultPosition: Int(r.int(1)))
    }

    /// Every policy in the order they are tried (position, then age).
    static func slaPolicies(_ db: StoreConnection) throws -> [SLAPolicy] {
        try db.query("SELECT id, position, definition, created_at, updated_at FROM sla_policies ORDER BY position, created_at, id", [], slaPolicy)
            .compactMap { $0 }
    }

    static func slaPolicy(_ db: StoreConnection, id: String) throws -> SLAPolicy? {
        try db.queryOne("SELECT id, position, definition, created_at, updated_at FROM sla_policies WHERE id = ?", [.text(id)], slaPolicy) ?? nil
    }

    public func slaPolicies() throws -> [SLAPolicy] { try read { db in try Self.slaPolicies(db) } }

    public func slaPolicy(id: String) throws -> SLAPolicy? { try read { db in try Self.slaPolicy(db, id: id) } }

    /// Create (id nil) or replace a policy from its REST body; teams named must exist. Clocks already
    /// running keep their due time; the policy times the answers owed from now on.
    public func saveSLAPolicy(id: String?, body: JSONObject) throws -> SLAPolicy {
        try write { db in
            let now = Clock.nowMillis()
            let existing = try id.map { id in
                guard let policy = try Self.slaPolicy(db, id: id) else { throw WorkflowError.notFound(what: "SLA policy", id: id) }
                return policy
            }
            let next = try Int(db.queryOne("SELECT COALESCE(MAX(position), 0) + 10 FROM sla_policies") { $0.int(0) } ?? 10)
            let policy = try SLAPolicy.parse(body, id: existing?.id ?? Identifier.make("sla"), createdAt: existing?.createdAt ?? now,
                                             updatedAt: now, defaultPosition: existing?.position ?? next)
            for (index, team) in policy.teamIDs.enumerated() where try db.queryOne("SELECT 1 FROM teams WHERE id = ?", [.text(team)], { _ in true }) == nil {
                throw WorkflowError.invalid(field: "team_ids.\(index)", reason: "no team \(team)")
            }
            try db.run(
                """
                INSERT INTO sla_policies (id, position, definition, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET position = excluded.position, definition = excluded.definition, updated_at = excluded.updated_at
                """, [.text(policy.id), .integer(Int64(policy.position)), .text(JSON.object(body).serialized), .integer(policy.createdAt), .integer(now)])
            return policy
        }
    }

    public func deleteSLAPolicy(id: String) throws -> Bool {
        try write { db in
            try db.run("DELETE FROM sla_policies WHERE id = ?", [.text(id)])
            return db.changes > 0
        }
    }
}
