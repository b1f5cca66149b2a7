import SwitchboardSupport

/// Taking the personal data out of one conversation while the record stays (erasure, and retention's
/// "anonymize"): message and side-message texts and attachments, the host's stored files, custom
/// fields, switch tickets, event details beyond the keys that say who handled what, and webhook
/// dead letters and replays of those events (their old payloads are never sent again).
struct ScrubbedConversation {
    var messages = 0
    var sideMessages = 0
    var events = 0
    var files = 0
    /// Every attachment URL the messages held, for the channels that keep the bytes themselves.
    var attachmentURLs: [String] = []
    var sideConversationIDs: [String] = []
    var sideInstanceIDs: [String] = []
}

extension Store {
    /// Event data keys that hold no personal data and tell who handled what.
    static let eventKeysKept: Set<String> = ["status", "assignee", "agent_id", "team_id", "priority", "engagement", "reason", "from", "to",
                                             "stack_id", "outcome", "message_id", "direction", "channel_instance_id", "contact_id",
                                             "source_id", "delivery_status", "snoozed_until", "erased"]

    static func scrubConversation(_ db: StoreConnection, _ id: String, now: Int64) throws -> ScrubbedConversation {
        var result = ScrubbedConversation()
        let sides = try db.query("SELECT id, channel_instance_id FROM side_conversations WHERE conversation_id = ?", [.text(id)]) { ($0.text(0), $0.text(1)) }
        result.sideConversationIDs = sides.map(\.0)
        result.sideInstanceIDs = sides.map(\.1)
        let inSides = "(SELECT id FROM side_conversations WHERE conversation_id = ?)"

        var fileIDs: [String] = []
        for text in try db.query("SELECT attachments FROM messages WHERE conversation_id = ? AND attachments IS NOT NULL", [.text(id)], { $0.text(0) })
            + db.query("SELECT attachments FROM side_messages WHERE side_conversation_id IN \(inSides) AND attachments IS NOT NULL", [.text(id)], { $0.text(0) }) {
            let parsed = try? JSON.parse(text)
            result.attachmentURLs += parsed?.arrayValue?.compactMap { $0["url"]?.stringValue } ?? []
            fileIDs += hostFileIDs(parsed)
        }
        result.files = try deleteFiles(db, fileIDs)

        try db.run("""
            UPDATE messages SET text = '', rich = NULL, attachments = NULL, delivery_detail = NULL,
                author_id = CASE WHEN author_kind = 'customer' THEN NULL ELSE author_id END
            WHERE conversation_id = ?
            """, [.text(id)])
        result.messages = db.changes
        // Replies not yet sent must not go out (empty, or at all): they end as failed.
        try db.run("UPDATE messages SET delivery_status = 'failed', delivery_detail = 'erased' WHERE id IN (SELECT message_id FROM outbox WHERE conversation_id = ? AND state = 'pending')",
                   [.text(id)])
        try db.run("UPDATE outbox SET state = 'failed', last_error = 'erased', updated_at = ? WHERE conversation_id = ? AND state = 'pending'", [.integer(now), .text(id)])
        try Self.refreshOutboxLane(db, conversationID: id)
        try db.run("UPDATE side_messages SET text = '', attachments = NULL, delivery_detail = NULL, author_avatar_url = NULL, provider_link = NULL, "
                   + "author_id = CASE WHEN author_kind = 'participant' THEN NULL ELSE author_id END, "
                   + "author_name = CASE WHEN author_kind = 'participant' THEN NULL ELSE author_name END WHERE side_conversation_id IN \(inSides)",
                   [.text(id)])
        result.sideMessages = db.changes
        try db.run("UPDATE side_conversations SET subject = '', participants = '[]' WHERE conversation_id = ?", [.text(id)])
        try db.run("UPDATE conversations SET fields = '{}', anonymized_at = ? WHERE id = ?", [.integer(now), .text(id)])
        try db.run("DELETE FROM switch_tickets WHERE conversation_id = ?", [.text(id)])
        let events = try db.query("SELECT id, data FROM events WHERE conversation_id = ?", [.text(id)]) { ($0.int(0), $0.text(1)) }
        try scrubEvents(db, events)
        result.events = events.count
        return result
    }

    /// Keep each event's type, actor and time; keep only the data keys that say who handled what.
    static func scrubEvents(_ db: StoreConnection, _ events: [(Int64, String)]) throws {
        for (eventID, data) in events {
            var kept = JSONObject()
            for (key, value) in (try? JSON.parse(data))?.objectValue ?? JSONObject() where eventKeysKept.contains(key) { kept[key] = value }
            kept["erased"] = true
            try db.run("UPDATE events SET data = ? WHERE id = ?", [.text(JSON.object(kept).serialized), .integer(eventID)])
            try db.run("DELETE FROM webhook_dead_letters WHERE event_id = ?", [.integer(eventID)])
            try db.run("DELETE FROM webhook_replays WHERE event_id = ?", [.integer(eventID)])
        }
    }

    /// Delete host-stored files; how many there were.
    static func deleteFiles(_ db: StoreConnection, _ ids: [String]) throws -> Int {
        var deleted = 0
        for file in Set(ids) {
            try db.run("DELETE FROM files WHERE id = ?", [.text(file)])
            deleted += db.changes
        }
        return deleted
    }
}
