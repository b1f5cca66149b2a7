import SwitchboardSupport

/// A stored secret, referenced by ID from channel configuration. Its value is never listed.
public struct CredentialInfo: Sendable, Equatable {
    public var id: String
    public var description: String
    public var createdAt: Int64
}

extension Store {
    public func putCredential(id: String, secret: String, description: String) throws {
        try write { db in
            try db.run(
                """
                INSERT INTO credentials (id, secret, description, created_at) VALUES (?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET secret = excluded.secret, description = excluded.description
                """, [.text(id), .text(secret), .text(description), .integer(Clock.nowMillis())])
            try Self.bumpConfigVersion(db, .channels)
        }
    }

    public func credentialSecret(id: String) throws -> String? {
        try read { db in try db.queryOne("SELECT secret FROM credentials WHERE id = ?", [.text(id)]) { $0.text(0) } }
    }

    public func credentials() throws -> [CredentialInfo] {
        try read { db in
            try db.query("SELECT id, description, created_at FROM credentials ORDER BY id", []) {
                CredentialInfo(id: $0.text(0), description: $0.text(1), createdAt: $0.int(2))
            }
        }
    }

    public func deleteCredential(id: String) throws -> Bool {
        try write { db in
            try db.run("DELETE FROM credentials WHERE id = ?", [.text(id)])
            guard db.changes > 0 else { return false }
            try Self.bumpConfigVersion(db, .channels)
            return true
        }
    }
}
