import SwitchboardSupport

/// A contact as a viewer sees it: the record, how many of its conversations the viewer may
/// see, and, when it was asked for by the id of a contact merged into it, that id.
public struct ContactView: Sendable, Equatable {
    public var contact: Contact
    public var conversationCount: Int
    public var mergedFrom: String?
}

/// Where a page of contacts ends: contacts are listed by (updated_at, id) descending, and
/// the cursor names the last one, so contacts updated in the same millisecond are never skipped.
public struct ContactCursor: Sendable, Equatable {
    public var updatedAt: Int64
    public var id: String

    public init(updatedAt: Int64, id: String) {
        self.updatedAt = updatedAt
        self.id = id
    }

    /// "<updated_at>:<id>"
    public var token: String { "\(updatedAt):\(id)" }

    public init?(token: String) {
        guard let colon = token.firstIndex(of: ":"), let millis = Int64(token[..<colon]) else { return nil }
        updatedAt = millis
        id = String(token[token.index(after: colon)...])
        guard !id.isEmpty else { return nil }
    }
}

/// Filters for listing contacts.
public struct ContactFilter: Sendable {
    /// Case-insensitive prefix of the display name (or of a word in it) or of an identity value.
    public var query: String?
    /// Exact identity lookup.
    public var identity: Identity?
    public var viewer: Viewer = .everyone
    public var before: ContactCursor?
    public var limit: Int = 50

    public init() {}
}

extension Store {
    static let contactColumns = "id, display_name, attributes, created_at, updated_at, merged_into, erased_at"

    static func contact(_ r: Row) -> Contact {
        Contact(id: r.text(0), displayName: r.optionalText(1), identities: [], attributesJSON: r.text(2),
                createdAt: r.int(3), updatedAt: r.int(4), mergedInto: r.optionalText(5), erasedAt: r.optionalInt(6))
    }

    /// The contact record as stored (merged or not), with its identities; no visibility check.
    public func contact(id: String) throws -> Contact? {
        try read { db in try Self.loadContact(id, db: db) }
    }

    static func loadContact(_ id: String, db: StoreConnection) throws -> Contact? {
        guard var contact = try db.queryOne("SELECT \(contactColumns) FROM contacts WHERE id = ?", [.text(id)], Self.contact)
        else { return nil }
        contact.identities = try identities(of: id, db: db)
        return contact
    }

    static func identities(of contactID: String, db: StoreConnection) throws -> [Identity] {
        try db.query("SELECT kind, value FROM contact_identities WHERE contact_id = ? ORDER BY created_at, kind, value",
                     [.text(contactID)], { Identity(kind: $0.text(0), value: $0.text(1)) })
    }

    /// The live contact behind an id: itself, or the contact it was merged into (followed to
    /// the end). nil when there is no such contact.
    static func liveContactID(_ id: String, db: StoreConnection) throws -> String? {
        var current = id
        // Merges repoint older merges at the new target, so one hop is the rule; the bound guards bad data.
        for _ in 0..<16 {
            guard let next = try db.queryOne("SELECT merged_into FROM contacts WHERE id = ?", [.text(current)], { $0.optionalText(0) })
            else { return nil }
            guard let next else { return current }
            current = next
        }
        return nil
    }

    /// Admins see every contact; others only contacts with at least one conversation they may see.
    static func contactVisibility(_ viewer: Viewer, alias: String = "contacts") -> (sql: String, values: [SQLValue]) {
        guard viewer != .everyone else { return ("TRUE", []) }
        let visible = viewer.conversationCondition("cv")
        return ("EXISTS (SELECT 1 FROM conversations cv WHERE cv.contact_id = \(alias).id AND \(visible.sql))", visible.values)
    }

    static func isContactVisible(_ id: String, to viewer: Viewer, db: StoreConnection) throws -> Bool {
        let visible = contactVisibility(viewer)
        return try db.queryOne("SELECT 1 FROM contacts WHERE id = ? AND \(visible.sql)", [.text(id)] + visible.values, { _ in true }) ?? false
    }

    static func visibleConversationCount(_ id: String, viewer: Viewer, db: StoreConnection) throws -> Int {
        let visible = viewer.conversationCondition("cv")
        return Int(try db.queryOne("SELECT COUNT(*) FROM conversations cv WHERE cv.contact_id = ? AND \(visible.sql)",
                                   [.text(id)] + visible.values, { $0.int(0) }) ?? 0)
    }

    /// The contact behind `id` as the viewer sees it: a merged contact answers with the contact
    /// it was merged into (`mergedFrom` = id). nil when unknown or not visible.
    public func contact(id: String, visibleTo viewer: Viewer) throws -> ContactView? {
        try read { db in try Self.contactView(id, viewer: viewer, db: db) }
    }

    static func contactView(_ id: String, viewer: Viewer, db: StoreConnection) throws -> ContactView? {
        guard let live = try liveContactID(id, db: db), try isContactVisible(live, to: viewer, db: db),
              let contact = try loadContact(live, db: db)
        else { return nil }
        return ContactView(contact: contact, conversationCount: try visibleConversationCount(live, viewer: viewer, db: db),
                           mergedFrom: live == id ? nil : id)
    }

    /// A page of live (not merged) contacts, most recently updated first.
    public func contacts(_ filter: ContactFilter) throws -> [ContactView] {
        let counted = filter.viewer.conversationCondition("cv")
        var values: [SQLValue] = counted.values
        var clauses = ["merged_into IS NULL"]
        if let query = filter.query, !query.isEmpty {
            let prefix = Self.likeEscaped(query) + "%"
            clauses.append("""
                (\(dialect.like("display_name")) ? ESCAPE '\\' OR \(dialect.like("display_name")) ? ESCAPE '\\'
                 OR EXISTS (SELECT 1 FROM contact_identities i WHERE i.contact_id = contacts.id AND \(dialect.like("i.value")) ? ESCAPE '\\'))
                """)
            values += [.text(prefix), .text("% " + prefix), .text(prefix)]
        }
        if let identity = filter.identity {
            clauses.append("id IN (SELECT contact_id FROM contact_identities WHERE kind = ? AND value = ?)")
            values += [.text(identity.kind), .text(identity.value)]
        }
        if filter.viewer != .everyone {
            let visible = Self.contactVisibility(filter.viewer)
            clauses.append(visible.sql)
            values += visible.values
        }
        if let cursor = filter.before {
            clauses.append("(updated_at < ? OR (updated_at = ? AND id < ?))")
            values += [.integer(cursor.updatedAt), .integer(cursor.updatedAt), .text(cursor.id)]
        }
        values.append(.integer(Int64(filter.limit)))
        return try read { db in
            let rows = try db.query(
                """
                SELECT \(Self.contactColumns),
                       (SELECT COUNT(*) FROM conversations cv WHERE cv.contact_id = contacts.id AND \(counted.sql))
                FROM contacts WHERE \(clauses.joined(separator: " AND "))
                ORDER BY updated_at DESC, id DESC LIMIT ?
                """, values, { (Self.contact($0), Int($0.int(7))) })
            return try rows.map { contact, count in
                var contact = contact
                contact.identities = try Self.identities(of: contact.id, db: db)
                return ContactView(contact: contact, conversationCount: count, mergedFrom: nil)
            }
        }
    }

    /// `text` with LIKE's wildcards escaped by `\`.
    static func likeEscaped(_ text: String) -> String {
        var out = ""
        for c in text {
            if c == "%" || c == "_" || c == "\\" { out.append("\\") }
            out.append(c)
        }
        return out
    }
}
