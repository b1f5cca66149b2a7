import SwitchboardSupport

/// A request for a contact's data: a background job that ends in one archive behind an expiring link.
public struct ContactExport: Sendable, Equatable {
    public enum Status: String, Sendable { case queued, running, ready, failed, expired }

    public var id: String
    public var contactID: String
    public var requestedBy: String
    public var status: Status
    /// 0-100.
    public var progress: Int
    /// The download link's capability while the archive exists.
    public var token: String?
    public var archivePath: String?
    public var size: Int64?
    public var error: String?
    public var createdAt: Int64
    public var updatedAt: Int64
    public var expiresAt: Int64?
}

extension Store {
    /// How long a ready archive stays downloadable.
    public static let exportLifetimeMs: Int64 = 7 * 86_400_000

    /// Queue an export (404 for an unknown contact; a merged one is exported under the contact it
    /// went into); recorded in the audit trail.
    public func requestContactExport(contactID: String, actor: String, now: Int64 = Clock.nowMillis()) throws -> ContactExport {
        let id = Identifier.make("exp")
        return try write { db in
            guard let live = try Self.liveContactID(db, contactID) else { throw ContactError.notFound(contactID) }
            try db.run("INSERT INTO contact_exports (id, contact_id, requested_by, status, created_at, updated_at) VALUES (?, ?, ?, 'queued', ?, ?)",
                       [.text(id), .text(live), .text(actor), .integer(now), .integer(now)])
            try Self.recordAudit(db, actor: actor, action: "contact.export_requested", subject: "contact:\(live)", detail: ["export_id": .string(id)], now: now)
            return try Self.loadExport(db, id)!
        }
    }

    public func contactExport(id: String) throws -> ContactExport? {
        try read { db in try Self.loadExport(db, id) }
    }

    /// The oldest queued export, now marked running (one worker takes it); nil when none waits.
    /// Exports a restart interrupted are queued again first.
    ///
    /// The privacy worker asks every second: a read first keeps the passes that find nothing off the
    /// writer (each was a commit and a WAL sync). The write touches only contact_exports (and the
    /// lease it checks), none of what ingest caches, so it spares IngestCache.
    public func claimNextExport(now: Int64 = Clock.nowMillis(), fence: Lease? = nil) throws -> ContactExport? {
        let queued = "SELECT id FROM contact_exports WHERE status = 'queued' ORDER BY created_at, id LIMIT 1"
        guard try read({ db in try db.queryOne(queued, [], { _ in true }) }) != nil else { return nil }
        return try write(rerunnable: true, sparesIngestCache: true) { db in
            try Self.checkFence(db, fence)
            guard let id = try db.queryOne(queued, [], { $0.text(0) }) else { return nil }
            try db.run("UPDATE contact_exports SET status = 'running', progress = 0, updated_at = ? WHERE id = ?", [.integer(now), .text(id)])
            return try Self.loadExport(db, id)
        }
    }

    /// At start: exports a stop interrupted run again from the beginning.
    public func requeueInterruptedExports() throws {
        try write { db in try db.run("UPDATE contact_exports SET status = 'queued', progress = 0 WHERE status = 'running'") }
    }

    public func exportProgress(id: String, percent: Int, now: Int64 = Clock.nowMillis()) throws {
        try write { db in
            try db.run("UPDATE contact_exports SET progress = ?, updated_at = ? WHERE id = ? AND status = 'running'",
                       [.integer(Int64(max(0, min(99, percent)))), .integer(now), .text(id)])
        }
    }

    public func exportReady(id: String, archivePath: String, size: Int64, now: Int64 = Clock.nowMillis()) throws -> ContactExport? {
        try write { db in
            try db.run("UPDATE contact_exports SET status = 'ready', progress = 100, token = ?, archive_path = ?, size = ?, updated_at = ?, expires_at = ? WHERE id = ?",
                       [.text(Crypto.randomHex(bytes: 24)), .text(archivePath), .integer(size), .integer(now), .integer(now + Self.exportLifetimeMs), .text(id)])
            return try Self.loadExport(db, id)
        }
    }

    public func exportFailed(id: String, error: String, now: Int64 = Clock.nowMillis()) throws {
        try write { db in
            try db.run("UPDATE contact_exports SET status = 'failed', error = ?, updated_at = ? WHERE id = ?", [.text(error), .integer(now), .text(id)])
        }
    }

    /// Ready exports whose link has ended: marked expired (token gone); their archive paths, for the caller to delete.
    /// Asked every second, like `claimNextExport`: a read first, and the write spares IngestCache
    /// (it touches only contact_exports).
    public func expireExports(now: Int64 = Clock.nowMillis()) throws -> [String] {
        let due = "SELECT 1 FROM contact_exports WHERE status = 'ready' AND expires_at <= ? LIMIT 1"
        guard try read({ db in try db.queryOne(due, [.integer(now)], { _ in true }) }) != nil else { return [] }
        return try write(rerunnable: true, sparesIngestCache: true) { db in
            let paths = try db.query("SELECT archive_path FROM contact_exports WHERE status = 'ready' AND expires_at <= ?", [.integer(now)]) { $0.text(0) }
            try db.run("UPDATE contact_exports SET status = 'expired', token = NULL, archive_path = NULL, updated_at = ? WHERE status = 'ready' AND expires_at <= ?",
                       [.integer(now), .integer(now)])
            return paths
        }
    }

    /// The contact a merged one lives on in (one hop: merges keep `merged_into` pointing at the live contact).
    static func liveContactID(_ db: StoreConnection, _ id: String) throws -> String? {
        try db.queryOne("SELECT COALESCE(merged_into, id) FROM contacts WHERE id = ?", [.text(id)]) { $0.text(0) }
    }

    static func loadExport(_ db: StoreConnection, _ id: String) throws -> ContactExport? {
        try db.queryOne("""
            SELECT id, contact_id, requested_by, status, progress, token, archive_path, size, error, created_at, updated_at, expires_at
            FROM contact_exports WHERE id = ?
            """, [.text(id)]) { r in
            ContactExport(id: r.text(0), contactID: r.text(1), requestedBy: r.text(2), status: ContactExport.Status(rawValue: r.text(3)) ?? .failed,
                          progress: Int(r.int(4)), token: r.optionalText(5), archivePath: r.optionalText(6), size: r.optionalInt(7),
                          error: r.optionalText(8), createdAt: r.int(9), updatedAt: r.int(10), expiresAt: r.optionalInt(11))
        }
    }
}
