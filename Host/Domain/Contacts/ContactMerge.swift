import SwitchboardSupport

/// What a merge moved from the source contact to the target.
public struct ContactMergeResult: Sendable, Equatable {
    public var targetID: String
    public var sourceID: String
    public var identities: [Identity]
    public var conversationIDs: [String]
    /// Attribute keys the target did not have, taken from the source.
    public var attributesAdded: [String]
    /// The source's values for keys where the target's value won.
    public var attributeConflicts: JSONObject
}

extension Store {
    /// Merge the source contact into the target: two records that turned out to be one person.
    ///
    /// In one write transaction: every identity and every conversation of the source moves to the
    /// target; attributes merge (the target's values win; the source's losing values are kept in
    /// the `contact.merged` event); the target keeps its display name unless it has none; the
    /// source is marked `merged_into` the target and keeps its own row, so nothing is lost. Events:
    /// `contact.merged`, and `conversation.contact_changed` per moved conversation.
    ///
    /// A target that was itself merged is followed to the contact it went into. A source that was
    /// already merged is refused (`alreadyMerged`), as is merging a contact into itself. Both
    /// contacts must be visible to the viewer (`notFound` otherwise).
    public func mergeContact(_ sourceID: String, into targetID: String, visibleTo viewer: Viewer, actor: String) throws -> ContactMergeResult {
        try write { db in
            let target = try Self.visibleLiveContact(targetID, viewer: viewer, db: db)
            guard let source = try Self.loadContact(sourceID, db: db) else { throw ContactError.notFound(sourceID) }
            if let into = source.mergedInto {
                // A merged source has no conversations left: say where it went, if the viewer may see that contact.
                guard let live = try Self.liveContactID(into, db: db), try Self.isContactVisible(live, to: viewer, db: db)
                else { throw ContactError.notFound(sourceID) }
                throw ContactError.alreadyMerged(source.id, into: live)
            }
            guard try Self.isContactVisible(source.id, to: viewer, db: db) else { throw ContactError.notFound(sourceID) }
            guard source.id != target.id else { throw ContactError.mergeIntoSelf(source.id) }

            let now = Clock.nowMillis()
            let conversationIDs = try db.query("SELECT id FROM conversations WHERE contact_id = ? ORDER BY created_at, id",
                                               [.text(source.id)], { $0.text(0) })
            try db.run("UPDATE contact_identities SET contact_id = ? WHERE contact_id = ?", [.text(target.id), .text(source.id)])
            // updated_at stays: a merge is not activity in the conversation and must not reorder inboxes.
            try db.run("UPDATE conversations SET contact_id = ? WHERE contact_id = ?", [.text(target.id), .text(source.id)])

            let attributes = ContactAttributes.merge(target: ContactAttributes.parse(target.attributesJSON),
                                                     source: ContactAttributes.parse(source.attributesJSON))
            let name = target.displayName ?? source.displayName
            try db.run("UPDATE contacts SET display_name = ?, attributes = ?, updated_at = ? WHERE id = ?",
                       [.optional(name), .text(JSON.object(attributes.attributes).serialized), .integer(now), .text(target.id)])
            try db.run("UPDATE contacts SET merged_into = ?, updated_at = ? WHERE id = ?", [.text(target.id), .integer(now), .text(source.id)])
            // Contacts merged into the source earlier now point straight at the target: one hop to the live contact.
            try db.run("UPDATE contacts SET merged_into = ? WHERE merged_into = ?", [.text(target.id), .text(source.id)])

            try Self.appendEvent(db, conversationID: nil, type: "contact.merged", actor: actor, data: [
                "contact_id": .string(target.id), "source_id": .string(source.id),
                "identities": .array(source.identities.map(\.json)),
                "conversations": .array(conversationIDs.map(JSON.string)),
                "display_name": ["kept": .from(name), "source": .from(source.displayName)],
                "attributes_added": .array(attributes.added.map(JSON.string)),
                "attribute_conflicts": .object(attributes.conflicts),
            ], now: now)
            for id in conversationIDs {
                try Self.appendEvent(db, conversationID: id, type: "conversation.contact_changed", actor: actor,
                                     data: ["from": .string(source.id), "to": .string(target.id), "reason": "merge"], now: now)
            }
            return ContactMergeResult(targetID: target.id, sourceID: source.id, identities: source.identities,
                                      conversationIDs: conversationIDs, attributesAdded: attributes.added,
                                      attributeConflicts: attributes.conflicts)
        }
    }
}
