import SwitchboardSupport

extension Store {
    /// A channel plugin's change to the attributes of one of its own customers (ABI 1.3
    /// contact_update): the contact known by `identity`, which must have a message on
    /// `channelInstanceID`. Returns false when there is no such contact there. Validated and
    /// recorded as an operator's patch is (a `contact.updated` event by `actor`).
    public func updateContactAttributes(of identity: Identity, onChannel channelInstanceID: String, _ attributes: JSONObject,
                                        actor: String) throws -> Bool {
        try ContactAttributes.validate(patch: attributes)
        let contactID: String? = try read { db in
            guard let owner = try Self.identityOwner(identity, db: db) else { return nil }
            let seen = try db.queryOne("""
                SELECT 1 FROM messages m JOIN conversations c ON c.id = m.conversation_id
                WHERE c.contact_id = ? AND m.channel_instance_id = ? LIMIT 1
                """, [.text(owner), .text(channelInstanceID)], { $0.int(0) })
            return seen == nil ? nil : owner
        }
        guard let contactID else { return false }
        _ = try updateContact(id: contactID, ContactPatch(attributes: attributes), visibleTo: .everyone, actor: actor)
        return true
    }
}
