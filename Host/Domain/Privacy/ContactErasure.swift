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
    /// Keys of the contact's export archives (HostFiles), for the caller to remove once this committed.
    public var archivesToRemove: [String] = []
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
    public func eraseContact(id: String, actor: String, reason: String? = nil, now: Int64 = Clock.nowMillis()) throws -> ErasureReport {
        try write { db in
            guard let contactID = try Self.liveContactID(db, id) else { throw ContactError.notFound(id) }
            let identities = try db.query("SELECT kind, value FROM contact_identities WHERE contact_id = ?", [.text(contactID)]) {
                JSON.object(["kind": .string($0.text(0)), "value": .string($0.text(1))])
            }
            let conversations = try db.query("SELECT id, channel_instance_id FROM conversations WHERE contact_id = ?", [.text(contactID)]) { ($0.text(0), $0.text(1)) }
            let conversationIDs = conversations.map(\.0)
            var scrubbed: [ScrubbedConversation] = []
            for id in conversationIDs { scrubbed.append(try Self.scrubConversation(db, id, now: now)) }
            try db.run("UPDATE conversations SET updated_at = ? WHERE contact_id = ?", [.integer(now), .text(contactID)])
            // Events about the contact itself (updates, merges).
            let contactEvents = try db.query("""
                SELECT id, data FROM events WHERE conversation_id IS NULL
                   AND (json_extract(data, '$.contact_id') = ?1 OR json_extract(data, '$.source_id') = ?1)
                """, [.text(contactID)]) { ($0.int(0), $0.text(1)) }
            try Self.scrubEvents(db, contactEvents)
            let urls = scrubbed.flatMap(\.attachmentURLs)

            // The contact, and contacts merged into it earlier, keep their rows without personal data.
            try db.run("UPDATE contacts SET display_name = NULL, attributes = '{}', erased_at = ?, updated_at = ? WHERE id = ? OR merged_into = ?",
                       [.integer(now), .integer(now), .text(contactID), .text(contactID)])
            try db.run("DELETE FROM contact_identities WHERE contact_id = ?", [.text(contactID)])
            let archives = try db.query("SELECT archive_path FROM contact_exports WHERE contact_id = ? AND archive_path IS NOT NULL",
                                        [.text(contactID)], { $0.text(0) })
            try db.run("UPDATE contact_exports SET status = 'expired', token = NULL, archive_path = NULL, updated_at = ? WHERE contact_id = ? AND status IN ('queued', 'running', 'ready')",
                       [.integer(now), .text(contactID)])

            // Every instance that carried a conversation or side conversation hears which identities went.
            let instances = Array(Set(conversations.map(\.1) + scrubbed.flatMap(\.sideInstanceIDs))).sorted()
            for instance in instances {
                try Self.queueErasureNotice(db, instanceID: instance, contactID: contactID, identities: identities, conversationIDs: conversationIDs,
                                            sideConversationIDs: scrubbed.flatMap(\.sideConversationIDs), attachmentURLs: urls, now: now)
            }
            try Self.appendEvent(db, conversationID: nil, type: "contact.erased", actor: actor, data: ["contact_id": .string(contactID)], now: now)
            var report = ErasureReport(contactID: contactID, identities: identities.count, conversations: conversationIDs.count,
                                       messages: scrubbed.map(\.messages).reduce(0, +), sideMessages: scrubbed.map(\.sideMessages).reduce(0, +),
                                       files: scrubbed.map(\.files).reduce(0, +),
                                       events: scrubbed.map(\.events).reduce(0, +) + contactEvents.count, pluginsNotified: instances)
            report.archivesToRemove = archives
            var detail = report.json
            if let reason { detail["reason"] = .string(reason) }
            try Self.recordAudit(db, actor: actor, action: "contact.erased", subject: "contact:\(contactID)", detail: detail, now: now)
            return report
        }
    }

    /// A durable "contact.erased" signal for one instance (see the plugin header). Retention sends it
    /// too, without a contact or identities, for the conversations and attachments it removes.
    static func queueErasureNotice(_ db: StoreConnection, instanceID: String, contactID: String?, identities: [JSON], conversationIDs: [String],
                                   sideConversationIDs: [String], attachmentURLs: [String], now: Int64) throws {
        let notice: JSON = ["contact_id": .from(contactID), "identities": .array(identities), "conversation_ids": .array(conversationIDs.map(JSON.string)),
                            "side_conversation_ids": .array(sideConversationIDs.map(JSON.string)), "attachment_urls": .array(attachmentURLs.map(JSON.string))]
        try db.run("INSERT INTO erasure_notices (instance_id, data, created_at) VALUES (?, ?, ?)", [.text(instanceID), .text(notice.serialized), .integer(now)])
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
