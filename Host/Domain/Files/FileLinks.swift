import SwitchboardSupport

/// What signed file links need from the store: each file's link id — random, made the first time
/// a link to the file is signed, so a link never reveals the file's own id (which stays the
/// agents' capability) — and the host's secret keys.
extension Store {
    /// The link id of file `fileID`, made on first use; nil when there is no such file.
    public func fileLinkID(fileID: String) throws -> String? {
        try write { db in
            guard let current = try db.queryOne("SELECT link_id FROM files WHERE id = ?", [.text(fileID)], { $0.optionalText(0) }) else {
                return nil
            }
            if let current { return current }
            let link = "l" + Crypto.randomHex(bytes: 16)
            try db.run("UPDATE files SET link_id = ? WHERE id = ?", [.text(link), .text(fileID)])
            return link
        }
    }

    public func storedFile(linkID: String) throws -> StoredFile? {
        try read { db in
            try db.queryOne("SELECT id, name, content_type, data FROM files WHERE link_id = ?", [.text(linkID)]) {
                StoredFile(id: $0.text(0), name: $0.text(1), contentType: $0.text(2), data: $0.blob(3))
            }
        }
    }

    /// The host's secret key `name` (32 random bytes), made on first use and kept across restarts.
    public func hostKey(_ name: String) throws -> [UInt8] {
        try write { db in
            try db.run("INSERT INTO host_keys (name, secret, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                       [.text(name), .blob(Crypto.randomBytes(32)), .integer(Clock.nowMillis())])
            return try db.queryOne("SELECT secret FROM host_keys WHERE name = ?", [.text(name)]) { $0.blob(0) } ?? []
        }
    }
}
