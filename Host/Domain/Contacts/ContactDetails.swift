import SwitchboardSupport

extension Store {
    /// Inside ingest: details a customer gave on a channel (a chat's pre-chat form) become contact
    /// attributes. Keys that are not valid attribute keys and empty values are skipped; a name
    /// also fills an empty display name. Writes only when something changes.
    static func mergeContactDetails(_ details: [String: String], contactID: String, now: Int64, db: StoreConnection) throws {
        guard let (stored, displayName) = try db.queryOne("SELECT attributes, display_name FROM contacts WHERE id = ?", [.text(contactID)],
                                                          { ($0.text(0), $0.optionalText(1)) }) else { return }
        var attributes = ContactAttributes.parse(stored)
        var changed = false
        for (key, value) in details.sorted(by: { $0.key < $1.key }) {
            let trimmed = String(value.prefix(ContactAttributes.maxValueBytes / 4))
            guard ContactAttributes.isValidKey(key), key != ContactAttributes.tier, !trimmed.isEmpty,
                  attributes[key] != .string(trimmed) else { continue }
            attributes[key] = .string(trimmed)
            changed = true
        }
        let name = details["name"].flatMap { $0.isEmpty ? nil : $0 }
        let fillName = name != nil && (displayName ?? "").isEmpty
        guard changed || fillName else { return }
        try db.run("UPDATE contacts SET attributes = ?, display_name = COALESCE(NULLIF(display_name, ''), ?), updated_at = ? WHERE id = ?",
                   [.text(JSON.object(attributes).serialized), .optional(name), .integer(now), .text(contactID)])
    }
}
