import SwitchboardSupport

/// One thing done to accounts or customer data that must stay on record: who did it, what, to whom.
public struct AuditEntry: Sendable, Equatable {
    public var id: Int64
    /// "agent:<id>" or "key:<id>", as on events.
    public var actor: String
    /// A dotted verb: `two_factor.reset`, `two_factor.policy`, `contact.erased`, ...
    public var action: String
    /// What it was done to ("agent:<id>", "contact:<id>"), when it concerns one thing.
    public var subject: String?
    public var detail: JSONObject
    public var createdAt: Int64
}

/// The audit trail (`audit_log`): written in the same transaction as the change it records, so a
/// change is never without its entry; never edited or deleted by the host.
extension Store {
    static func recordAudit(_ db: StoreConnection, actor: String, action: String, subject: String?, detail: JSONObject = JSONObject(),
                            now: Int64) throws {
        try db.run("INSERT INTO audit_log (actor, action, subject, detail, created_at) VALUES (?, ?, ?, ?, ?)",
                   [.text(actor), .text(action), .optional(subject), .text(JSON.object(detail).serialized), .integer(now)])
    }

    /// An entry for a change made elsewhere (the router's record of an admin request), in its own transaction.
    public func recordAudit(actor: String, action: String, subject: String?, detail: JSONObject) throws {
        try write { db in try Self.recordAudit(db, actor: actor, action: action, subject: subject, detail: detail, now: Clock.nowMillis()) }
    }

    /// Newest first; `subject` narrows to one thing, `actor` to who did it, `action` to one action or,
    /// ending in ".*", a family ("channels.*"); `before` pages on (an id).
    public func auditTrail(subject: String? = nil, actor: String? = nil, action: String? = nil, before: Int64? = nil,
                           limit: Int = 100) throws -> [AuditEntry] {
        var conditions = ["TRUE"], values: [SQLValue] = []
        if let subject { conditions.append("subject = ?"); values.append(.text(subject)) }
        if let actor { conditions.append("actor = ?"); values.append(.text(actor)) }
        if let action, action.hasSuffix(".*") {
            conditions.append("substr(action, 1, ?) = ?")
            values += [.integer(Int64(action.utf8.count - 1)), .text(String(action.dropLast()))]
        } else if let action {
            conditions.append("action = ?"); values.append(.text(action))
        }
        if let before { conditions.append("id < ?"); values.append(.integer(before)) }
        return try read { db in
            try db.query("SELECT id, actor, action, subject, detail, created_at FROM audit_log WHERE \(conditions.joined(separator: " AND ")) ORDER BY id DESC LIMIT ?",
                         values + [.integer(Int64(limit))]) { r in
                AuditEntry(id: r.int(0), actor: r.text(1), action: r.text(2), subject: r.optionalText(3),
                           detail: (try? JSON.parse(r.text(4)))?.objectValue ?? JSONObject(), createdAt: r.int(5))
            }
        }
    }
}
