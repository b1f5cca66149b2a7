import SwitchboardSupport

/// Everything the host keeps about one contact, as JSON records for an export: read piece by piece
/// (one conversation at a time), so a long history is never one big read and progress can be told.
extension Store {
    /// The contact with its identities and attributes, and the events about the contact itself
    /// (updates, merges); nil when there is no such contact.
    public func contactRecord(id: String) throws -> (contact: JSONObject, events: [JSONObject], conversationIDs: [String])? {
        try readSnapshot { db in
            guard var contact = try db.queryOne("SELECT id, display_name, attributes, created_at, updated_at, erased_at FROM contacts WHERE id = ?",
                                                [.text(id)], { $0.jsonObject(parsing: ["attributes"]) })
            else { return nil }
            contact["identities"] = .array(try db.query("SELECT kind, value, created_at FROM contact_identities WHERE contact_id = ? ORDER BY created_at, kind",
                                                        [.text(id)]) { .object($0.jsonObject()) })
            contact["merged_from"] = .array(try db.query("SELECT id FROM contacts WHERE merged_into = ? ORDER BY id", [.text(id)]) { .string($0.text(0)) })
            let events = try db.query("""
                SELECT id, type, actor, data, created_at FROM events
                WHERE conversation_id IS NULL AND (json_extract(data, '$.contact_id') = ?1 OR json_extract(data, '$.source_id') = ?1) ORDER BY id
                """, [.text(id)]) { $0.jsonObject(parsing: ["data"]) }
            let conversations = try db.query("SELECT id FROM conversations WHERE contact_id = ? ORDER BY created_at, id", [.text(id)]) { $0.text(0) }
            return (contact, events, conversations)
        }
    }

    /// One conversation whole: its record, messages, events, side conversations with their messages,
    /// and the ids of the host-stored files its messages link to.
    public func conversationRecord(id: String) throws -> (record: JSONObject, fileIDs: [String])? {
        try readSnapshot { db in
            guard var record = try db.queryOne("SELECT * FROM conversations WHERE id = ?", [.text(id)], { $0.jsonObject(parsing: ["fields"]) })
            else { return nil }
            var files: [String] = []
            let messages = try db.query("SELECT * FROM messages WHERE conversation_id = ? ORDER BY id", [.text(id)]) { row -> JSON in
                let message = row.jsonObject(parsing: ["rich", "attachments"])
                files += Self.hostFileIDs(message["attachments"])
                return .object(message)
            }
            record["messages"] = .array(messages)
            record["tags"] = .array(try db.query("SELECT tag FROM conversation_tags WHERE conversation_id = ? ORDER BY tag", [.text(id)]) { .string($0.text(0)) })
            record["events"] = .array(try db.query("SELECT id, type, actor, data, created_at FROM events WHERE conversation_id = ? ORDER BY id",
                                                   [.text(id)]) { .object($0.jsonObject(parsing: ["data"])) })
            let sides = try db.query("SELECT * FROM side_conversations WHERE conversation_id = ? ORDER BY created_at, id", [.text(id)]) {
                $0.jsonObject(parsing: ["participants"])
            }
            record["side_conversations"] = .array(try sides.map { side -> JSON in
                var side = side
                let sideID = side["id"]?.stringValue ?? ""
                side["messages"] = .array(try db.query("SELECT * FROM side_messages WHERE side_conversation_id = ? ORDER BY id", [.text(sideID)]) { row -> JSON in
                    let message = row.jsonObject(parsing: ["attachments"])
                    files += Self.hostFileIDs(message["attachments"])
                    return .object(message)
                })
                return .object(side)
            })
            return (record, files)
        }
    }

    /// The ids of files the host stores (`/files/<id>/<name>` URLs) among a message's attachments.
    static func hostFileIDs(_ attachments: JSON?) -> [String] {
        (attachments?.arrayValue ?? []).compactMap { attachment in
            guard let url = attachment["url"]?.stringValue else { return nil }
            let path = url.split(separator: "?", maxSplits: 1).first ?? ""
            let segments = path.split(separator: "/")
            guard let at = segments.firstIndex(of: "files"), at + 1 < segments.count else { return nil }
            return String(segments[at + 1])
        }
    }
}
