import SwitchboardPluginAPI

/// ABI 1.3: what a plugin learns about a customer outside any message.
extension PluginHost {
    /// Merges `attributes` (string, number or boolean values; null deletes a key) into the
    /// attributes of the contact known by (identityKind, identityValue), who must have a message
    /// on this instance. Throws `.notFound` when there is none.
    public func updateContact(identityKind: String, identityValue: String, attributes: JSONObject) throws {
        let update = try service(\.contact_update, "contact_update")
        try withSBStrs([identityKind, identityValue, JSON.object(attributes).serialized]) { s throws in
            try call("contact_update") { update(ctx, s[0], s[1], s[2], $0, $1) }
        }
    }
}
