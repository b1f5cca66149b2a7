import SwitchboardSupport

/// What an erasure removed (counts only: the report itself holds no personal data).
public struct ErasureReport: Sendable, Equatable {
    public var contactID: String
    public var identities: Int
    public var conversations: Int
    public var messages: Int
    public var sideMessages: Int
    public var files: Int
    public var events: Int
    /// Channel instances told (through the ABI) to drop what they keep about these identities.
    public var pluginsNotified: [String]
}

/// Erasure of a contact's personal data, on the customer's request. Irreversible. What the record
/// needs stays without personal data: the contact row (anonymous, `erased_at` set), its
/// conversations with their times, channel, status, assignee and team, the messages' direction,
/// author kind, agent authors and times, and the events' types, actors and times.
/// Gone: identities (so a new message from the same person starts a new contact), name and
/// attributes, message and side-message texts and attachments, the host's stored files, custom
/// fields, event details beyond the non-personal keys, webhook dead letters and replays of those
/// events, switch tickets, exports of the contact; plugins are told which identities went
/// (`erasure_notices`, signal "contact.erased") so provider-side state goes too.
extension Store {
    /// Event data keys that hold no personal data and tell who handled what.
    static let eventKeysKept: Set<String> = ["status", "assignee", "agent_id", "team_id", "priority", "engagement", "reason", "from", "to",
                                             "stack_id", "outcome", "message_id", "direction", "channel_instance_id", "contact_id",
                                             "source_id", "delivery_status", "snoozed_until", "erased"]

    public func eraseContact(id: String, actor: String, reason: String? = nil, now: Int64 = Clock.nowMillis()) throws -> ErasureReport {
        try write { db in
            guard let contactID = try Self.liveContactID(db, id) else { throw ContactError.notFound(id) }
            let identities = try db.query("SELECT kind, value FROM contact_identities WHERE contact_id = ?", [.text(contactID)]) {
                JSON.object(["kind": .string($0.text(0)), "value": .string($0.text(1))])
            }
            let conversations = try db.query("SELECT id, channel_instance_id FROM conversations WHERE contact_id = ?", [.text(contactID)]) { ($0.text(0), $0.text(1)) }
            let conversationIDs = conversations.map(\.0)
            let inConversations = "(SELECT id FROM conversations WHERE contact_id = ?)"
            let sides = try db.query("SELECT id, channel_instance_id FROM side_conversations WHERE conversation_id IN \(inConversations)", [.text(contactID)]) {
                ($0.text(0), $0.text(1))
            }
            let inSides = "(SELECT id FROM side_conversations WHERE conversation_id IN \(inConversations))"

            // Attachments: host files are deleted here; every URL goes to the plugins (a channel may keep the bytes).
            var urls: [String] = [], fileIDs: [String] = []
            for text in try db.query("SELECT attachments FROM messages WHERE conversation_id IN \(inConversations) AND attachments IS NOT NULL", [.text(contactID)], { $0.text(0) })
                + db.query("SELECT attachments FROM side_messages WHERE side_conversation_id IN \(inSides) AND attachments IS NOT NULL", [.text(contactID)], { $0.text(0) }) {
                let parsed = try? JSON.parse(text)
                urls += parsed?.arrayValue?.compactMap { $0["url"]?.stringValue } ?? []
                fileIDs += Self.hostFileIDs(parsed)
            }
            var files = 0
            for file in Set(fileIDs) {
                try db.run("DELETE FROM files WHERE id = ?", [.text(file)])
                files += db.changes
            }

            try db.run("""
                UPDATE messages SET text = '', rich = NULL, attachments = NULL, delivery_detail = NULL,
                    author_id = CASE WHEN author_kind = 'customer' THEN NULL ELSE author_id END
                WHERE conversation_id IN \(inConversations)
                """, [.text(contactID)])
            let messages = db.changes
            // Replies not yet sent must not go out empty (or at all): they end as failed.
            try db.run("UPDATE messages SET delivery_status = 'failed', delivery_detail = 'erased' WHERE id IN (SELECT message_id FROM outbox WHERE conversation_id IN \(inConversations) AND state = 'pending')",
                       [.text(contactID)])
            try db.run("UPDATE outbox SET state = 'failed', last_error = 'erased', updated_at = ? WHERE conversation_id IN \(inConversations) AND state = 'pending'",
                       [.integer(now), .text(contactID)])
            try db.run("UPDATE side_messages SET text = '', attachments = NULL, delivery_detail = NULL, author_avatar_url = NULL, provider_link = NULL, "
                       + "author_id = CASE WHEN author_kind = 'participant' THEN NULL ELSE author_id END, "
                       + "author_name = CASE WHEN author_kind = 'participant' THEN NULL ELSE author_name END WHERE side_conversation_id IN \(inSides)",
                       [.text(contactID)])
            let sideMessages = db.changes
            try db.run("UPDATE side_conversations SET subject = '', participants = '[]' WHERE conversation_id IN \(inConversations)", [.text(contactID)])
            try db.run("UPDATE conversations SET fields = '{}', updated_at = ? WHERE contact_id = ?", [.integer(now), .text(contactID)])
            try db.run("DELETE FROM switch_tickets WHERE conversation_id IN \(inConversations)", [.text(contactID)])

            // Events: keep type, actor and time; keep only the data keys that say who handled what.
            let events = try db.query("""
                SELECT id, data FROM events WHERE conversation_id IN (SELECT id FROM conversations WHERE contact_id = ?1)
                   OR (conversation_id IS NULL AND (json_extract(data, '$.contact_id') = ?1 OR json_extract(data, '$.source_id') = ?1))
                """, [.text(contactID)]) { ($0.int(0), $0.text(1)) }
            for (eventID, data) in events {
                var kept = JSONObject()
                for (key, value) in (try? JSON.parse(data))?.objectValue ?? JSONObject() where Self.eventKeysKept.contains(key) { kept[key] = value }
                kept["erased"] = true
                try db.run("UPDATE events SET data = ? WHERE id = ?", [.text(JSON.object(kept).serialized), .integer(eventID)])
                // Webhooks never send these events' old payloads again.
                try db.run("DELETE FROM webhook_dead_letters WHERE event_id = ?", [.integer(eventID)])
                try db.run("DELETE FROM webhook_replays WHERE event_id = ?", [.integer(eventID)])
            }

            // The contact, and contacts merged into it earlier, keep their rows without personal data.
            try db.run("UPDATE contacts SET display_name = NULL, attributes = '{}', erased_at = ?, updated_at = ? WHERE id = ? OR merged_into = ?",
                       [.integer(now), .integer(now), .text(contactID), .text(contactID)])
            try db.run("DELETE FROM contact_identities WHERE contact_id = ?", [.text(contactID)])
            for path in try db.query("SELECT archive_path FROM contact_exports WHERE contact_id = ? AND archive_path IS NOT NULL", [.text(contactID)], { $0.text(0) }) {
                FileSystem.remove(path)
            }
            try db.run("UPDATE contact_exports SET status = 'expired', token = NULL, archive_path = NULL, updated_at = ? WHERE contact_id = ? AND status IN ('queued', 'running', 'ready')",
                       [.integer(now), .text(contactID)])

            // Every instance that carried a conversation or side conversation hears which identities went.
            let instances = Array(Set(conversations.map(\.1) + sides.map(\.1))).sorted()
            let notice: JSON = ["contact_id": .string(contactID), "identities": .array(identities),
                                "conversation_ids": .array(conversationIDs.map(JSON.string)), "side_conversation_ids": .array(sides.map { .string($0.0) }),
                                "attachment_urls": .array(urls.map(JSON.string))]
            for instance in instances {
                try db.run("INSERT INTO erasure_notices (instance_id, data, created_at) VALUES (?, ?, ?)", [.text(instance), .text(notice.serialized), .integer(now)])
            }
            try Self.appendEvent(db, conversationID: nil, type: "contact.erased", actor: actor, data: ["contact_id": .string(contactID)], now: now)
            let report = ErasureReport(contactID: contactID, identities: identities.count, conversations: conversationIDs.count, messages: messages,
                                       sideMessages: sideMessages, files: files, events: events.count, pluginsNotified: instances)
            var detail = report.json
            if let reason { detail["reason"] = .string(reason) }
            try Self.recordAudit(db, actor: actor, action: "contact.erased", subject: "contact:\(contactID)", detail: detail, now: now)
            return report
        }
    }

    /// Erasure notices waiting for their instance, oldest first.
    public func pendingErasureNotices(limit: Int = 50) throws -> [(id: Int64, instanceID: String, data: String)] {
        try read { db in
            try db.query("SELECT id, instance_id, data FROM erasure_notices ORDER BY id LIMIT ?", [.integer(Int64(limit))]) { ($0.int(0), $0.text(1), $0.text(2)) }
        }
    }

    public func erasureNoticeDelivered(id: Int64) throws {
        try write { db in try db.run("DELETE FROM erasure_notices WHERE id = ?", [.integer(id)]) }
    }
}

extension ErasureReport {
    public var json: JSONObject {
        ["contact_id": .string(contactID), "identities": .number(Double(identities)), "conversations": .number(Double(conversations)),
         "messages": .number(Double(messages)), "side_messages": .number(Double(sideMessages)), "files": .number(Double(files)),
         "events": .number(Double(events)), "plugins_notified": .array(pluginsNotified.map(JSON.string))]
    }
}
