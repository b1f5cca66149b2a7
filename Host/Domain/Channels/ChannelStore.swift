import SwitchboardSupport

extension Store {
    static let instanceColumns = "id, plugin_id, name, config, enabled, binding_kind, binding_ref, created_at, updated_at"

    static func instance(_ r: Row) -> ChannelInstanceRecord {
        var record = ChannelInstanceRecord(id: r.text(0), pluginID: r.text(1), name: r.text(2), configJSON: r.text(3), enabled: r.int(4) != 0,
                                           bindingKind: BindingKind(rawValue: r.text(5)) ?? .team, bindingRef: r.optionalText(6),
                                           createdAt: r.int(7), updatedAt: r.int(8))
        record.disconnectedReason = r.optionalText(9)
        record.stackMode = StackMode(rawValue: r.text(10)) ?? .answer
        return record
    }

    /// The stored columns plus the take-over state, which only the store writes (see AssetClaims).
    static let instanceReadColumns = instanceColumns + ", disconnected_reason, stack_mode"

    public func channelInstances() throws -> [ChannelInstanceRecord] {
        try read { db in try db.query("SELECT \(Self.instanceReadColumns) FROM channel_instances ORDER BY created_at, id", [], Self.instance) }
    }

    public func channelInstance(id: String) throws -> ChannelInstanceRecord? {
        try read { db in try db.queryOne("SELECT \(Self.instanceReadColumns) FROM channel_instances WHERE id = ?", [.text(id)], Self.instance) }
    }

    /// Insert a new instance; false when the id is taken.
    public func insertChannelInstance(_ record: ChannelInstanceRecord) throws -> Bool {
        try write { db in
            if try db.queryOne("SELECT 1 FROM channel_instances WHERE id = ?", [.text(record.id)], { _ in true }) != nil { return false }
            try db.run("INSERT INTO channel_instances (\(Self.instanceColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       [.text(record.id), .text(record.pluginID), .text(record.name), .text(record.configJSON),
                        .integer(record.enabled ? 1 : 0), .text(record.bindingKind.rawValue), .optional(record.bindingRef),
                        .integer(record.createdAt), .integer(record.updatedAt)])
            try db.run("UPDATE channel_instances SET stack_mode = ? WHERE id = ?", [.text(record.stackMode.rawValue), .text(record.id)])
            try Self.bumpConfigVersion(db, .channels)
            return true
        }
    }

    /// Enabling an instance clears a take-over's mark: it starts again, and claims its asset again.
    public func updateChannelInstance(_ record: ChannelInstanceRecord) throws {
        try write { db in
            try db.run("""
                UPDATE channel_instances SET name = ?, config = ?, enabled = ?, binding_kind = ?, binding_ref = ?, updated_at = ?,
                    disconnected_reason = CASE WHEN ?3 = 1 THEN NULL ELSE disconnected_reason END, stack_mode = ?
                WHERE id = ?
                """,
                       [.text(record.name), .text(record.configJSON), .integer(record.enabled ? 1 : 0), .text(record.bindingKind.rawValue),
                        .optional(record.bindingRef), .integer(Clock.nowMillis()), .text(record.stackMode.rawValue), .text(record.id)])
            try Self.bumpConfigVersion(db, .channels)
        }
    }

    public func deleteChannelInstance(id: String) throws {
        try write { db in
            try db.run("DELETE FROM channel_instances WHERE id = ?", [.text(id)])
            try db.run("DELETE FROM plugin_state WHERE instance_id = ?", [.text(id)])
            try db.run("DELETE FROM asset_claims WHERE instance_id = ?", [.text(id)])
            try Self.bumpConfigVersion(db, .channels)
        }
    }

    /// Whether the store says the instance should be running: it and its plugin enabled (a plugin
    /// without a record yet is enabled).
    public func channelInstanceShouldRun(id: String) throws -> Bool {
        try anyInstanceShouldRun(where: "ci.id = ?", id)
    }

    /// Whether the store says some instance of the plugin should be running (shared routes).
    public func channelPluginShouldRun(pluginID: String) throws -> Bool {
        try anyInstanceShouldRun(where: "ci.plugin_id = ?", pluginID)
    }

    private func anyInstanceShouldRun(where condition: String, _ value: String) throws -> Bool {
        try read { db in
            try db.queryOne(
                """
                SELECT 1 FROM channel_instances ci LEFT JOIN plugins p ON p.id = ci.plugin_id
                WHERE \(condition) AND ci.enabled <> 0 AND COALESCE(p.enabled, 1) <> 0 LIMIT 1
                """, [.text(value)]) { _ in true } ?? false
        }
    }

    public func pluginRecords() throws -> [PluginRecord] {
        try read { db in
            try db.query("SELECT id, enabled, active_version, active_sha256 FROM plugins ORDER BY id", []) {
                PluginRecord(id: $0.text(0), enabled: $0.int(1) != 0, activeVersion: $0.optionalText(2), activeSHA256: $0.optionalText(3))
            }
        }
    }

    public func savePluginRecord(_ record: PluginRecord) throws {
        try write { db in
            try db.run(
                """
                INSERT INTO plugins (id, enabled, active_version, active_sha256, updated_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET enabled = excluded.enabled, active_version = excluded.active_version,
                    active_sha256 = excluded.active_sha256, updated_at = excluded.updated_at
                """, [.text(record.id), .integer(record.enabled ? 1 : 0), .optional(record.activeVersion), .optional(record.activeSHA256),
                      .integer(Clock.nowMillis())])
            try Self.bumpConfigVersion(db, .channels)
        }
    }
}
