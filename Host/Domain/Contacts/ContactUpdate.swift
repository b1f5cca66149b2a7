import SwitchboardSupport

/// A change to a contact's own fields; only what is set changes.
public struct ContactPatch: Sendable {
    /// `.some(nil)` (or an empty name) clears the display name.
    public var displayName: String??
    /// Merged key by key into the stored attributes; a null value deletes its key.
    public var attributes: JSONObject?

    public static let maxDisplayNameLength = 200

    public init(displayName: String?? = nil, attributes: JSONObject? = nil) {
        self.displayName = displayName
        self.attributes = attributes
    }

    /// Check everything before a write starts, so a refused patch changes nothing.
    public func validate() throws(ContactError) {
        if case .some(.some(let name)) = displayName, name.count > Self.maxDisplayNameLength {
            throw .invalidField("display_name", "must be at most \(Self.maxDisplayNameLength) characters")
        }
        if let attributes { try ContactAttributes.validate(patch: attributes) }
    }
}

extension Identity {
    /// The rules for an identity an operator adds by hand (plugins' identities come through ingest).
    public func validate() throws(ContactError) {
        guard Identity.isValidKind(kind) else { throw .invalidField("kind", "must be 1-32 characters of a-z, 0-9 or '_' (e.g. phone, email, api)") }
        guard !value.isEmpty, value.utf8.count <= Identity.maxValueBytes else {
            throw .invalidField("value", "must be 1 to \(Identity.maxValueBytes) bytes")
        }
        guard !value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw .invalidField("value", "must not contain control characters")
        }
    }

    var json: JSON { ["kind": .string(kind), "value": .string(value)] }
}

extension Store {
    /// Apply a patch to the contact behind `id` (a merged id means the contact it went into),
    /// when the viewer may see it. Records `contact.updated` with what changed, from and to.
    public func updateContact(id: String, _ patch: ContactPatch, visibleTo viewer: Viewer, actor: String) throws -> ContactView {
        try patch.validate()
        return try write { db in
            let contact = try Self.visibleLiveContact(id, viewer: viewer, db: db)
            var changes = JSONObject()
            var name = contact.displayName
            if let requested = patch.displayName {
                let new = requested.flatMap { $0.isEmpty ? nil : $0 }
                if new != name { changes["display_name"] = ["from": .from(name), "to": .from(new)] }
                name = new
            }
            var attributes = ContactAttributes.parse(contact.attributesJSON)
            if let requested = patch.attributes {
                let applied = try ContactAttributes.apply(requested, to: attributes)
                if applied.changes.count > 0 { changes["attributes"] = .object(applied.changes) }
                attributes = applied.attributes
            }
            if changes.count > 0 {
                let now = Clock.nowMillis()
                try db.run("UPDATE contacts SET display_name = ?, attributes = ?, updated_at = ? WHERE id = ?",
                           [.optional(name), .text(JSON.object(attributes).serialized), .integer(now), .text(contact.id)])
                var data: JSONObject = ["contact_id": .string(contact.id)]
                for (key, value) in changes { data[key] = value }
                try Self.appendEvent(db, conversationID: nil, type: "contact.updated", actor: actor, data: data, now: now)
            }
            return try Self.contactView(contact.id, viewer: viewer, db: db)!
        }
    }

    /// Give the contact behind `id` another identity. `added` is false when it already had it.
    /// An identity of another contact is refused: the two are one person, so merge them.
    public func addIdentity(_ identity: Identity, toContact id: String, visibleTo viewer: Viewer,
                            actor: String) throws -> (contact: ContactView, added: Bool) {
        try identity.validate()
        return try write { db in
            let contact = try Self.visibleLiveContact(id, viewer: viewer, db: db)
            if let owner = try Self.identityOwner(identity, db: db) {
                guard owner == contact.id else {
                    throw ContactError.identityTaken(identity, owner: try Self.isContactVisible(owner, to: viewer, db: db) ? owner : nil)
                }
                return (try Self.contactView(contact.id, viewer: viewer, db: db)!, false)
            }
            let now = Clock.nowMillis()
            try db.run("INSERT INTO contact_identities (kind, value, contact_id, created_at) VALUES (?, ?, ?, ?)",
                       [.text(identity.kind), .text(identity.value), .text(contact.id), .integer(now)])
            try db.run("UPDATE contacts SET updated_at = ? WHERE id = ?", [.integer(now), .text(contact.id)])
            try Self.appendEvent(db, conversationID: nil, type: "contact.updated", actor: actor,
                                 data: ["contact_id": .string(contact.id), "identity_added": identity.json], now: now)
            return (try Self.contactView(contact.id, viewer: viewer, db: db)!, true)
        }
    }

    /// Take an identity off the contact behind `id`; its last identity stays (messages find contacts by identity).
    public func removeIdentity(_ identity: Identity, fromContact id: String, visibleTo viewer: Viewer, actor: String) throws -> ContactView {
        try write { db in
            let contact = try Self.visibleLiveContact(id, viewer: viewer, db: db)
            guard contact.identities.contains(identity) else { throw ContactError.identityNotFound(identity) }
            guard contact.identities.count > 1 else { throw ContactError.lastIdentity(identity) }
            let now = Clock.nowMillis()
            try db.run("DELETE FROM contact_identities WHERE kind = ? AND value = ? AND contact_id = ?",
                       [.text(identity.kind), .text(identity.value), .text(contact.id)])
            try db.run("UPDATE contacts SET updated_at = ? WHERE id = ?", [.integer(now), .text(contact.id)])
            try Self.appendEvent(db, conversationID: nil, type: "contact.updated", actor: actor,
                                 data: ["contact_id": .string(contact.id), "identity_removed": identity.json], now: now)
            return try Self.contactView(contact.id, viewer: viewer, db: db)!
        }
    }

    static func identityOwner(_ identity: Identity, db: StoreConnection) throws -> String? {
        try db.queryOne("SELECT contact_id FROM contact_identities WHERE kind = ? AND value = ?",
                        [.text(identity.kind), .text(identity.value)], { $0.text(0) })
    }

    /// The live contact behind `id`, with identities, when the viewer may see it; `ContactError.notFound` otherwise.
    static func visibleLiveContact(_ id: String, viewer: Viewer, db: StoreConnection) throws -> Contact {
        guard let live = try liveContactID(id, db: db), try isContactVisible(live, to: viewer, db: db),
              let contact = try loadContact(live, db: db)
        else { throw ContactError.notFound(id) }
        return contact
    }
}
