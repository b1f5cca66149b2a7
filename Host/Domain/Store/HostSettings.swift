import SwitchboardSupport

/// Host-wide settings admins change at run time (`host_settings`): one JSON value per key.
extension Store {
    func hostSetting(_ key: String) throws -> JSON? {
        try read { db in try db.queryOne("SELECT value FROM host_settings WHERE key = ?", [.text(key)]) { try? JSON.parse($0.text(0)) } ?? nil }
    }

    static func putHostSetting(_ db: StoreConnection, _ key: String, _ value: JSON, now: Int64) throws {
        try db.run("INSERT INTO host_settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                   [.text(key), .text(value.serialized), .integer(now)])
    }
}
