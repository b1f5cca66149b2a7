import SwitchboardSupport

/// What a retention pass did.
public struct RetentionReport: Sendable, Equatable {
    public var startedAt: Int64
    public var finishedAt: Int64 = 0
    public var conversationsDeleted = 0
    public var conversationsAnonymized = 0
    /// Messages whose attachments were removed (the messages stay).
    public var attachmentsRemoved = 0
    public var filesDeleted = 0
    /// Plugin state entries past the expiry their plugin set (ABI 1.3 kv_set_expiring).
    public var pluginStatePruned = 0

    public init(startedAt: Int64) { self.startedAt = startedAt }

    public var didSomething: Bool { conversationsDeleted + conversationsAnonymized + attachmentsRemoved + filesDeleted + pluginStatePruned > 0 }

    public var json: JSONObject {
        ["started_at": .string(Clock.iso8601(startedAt)), "finished_at": .string(Clock.iso8601(finishedAt)),
         "conversations_deleted": .number(Double(conversationsDeleted)), "conversations_anonymized": .number(Double(conversationsAnonymized)),
         "attachments_removed": .number(Double(attachmentsRemoved)), "files_deleted": .number(Double(filesDeleted)),
         "plugin_state_pruned": .number(Double(pluginStatePruned))]
    }
}

/// Retention in the store: the policy (`host_settings`), and passes that apply it in small batches,
/// each its own short write, so the one writer is never held for long.
extension Store {
    static let retentionPolicyKey = "retention.policy"
    static let retentionReportKey = "retention.last_report"
    static let dayMs: Int64 = 86_400_000

    public func retentionPolicy() throws -> RetentionPolicy {
        guard let json = try hostSetting(Self.retentionPolicyKey) else { return RetentionPolicy() }
        return (try? RetentionPolicy.parse(json)) ?? RetentionPolicy()
    }

    /// Channel rules must name existing instances; recorded in the audit trail.
    public func setRetentionPolicy(_ policy: RetentionPolicy, actor: String, now: Int64 = Clock.nowMillis()) throws {
        try write { db in
            for (index, rule) in policy.rules.enumerated() {
                guard let channel = rule.channelInstanceID else { continue }
                if try db.queryOne("SELECT 1 FROM channel_instances WHERE id = ?", [.text(channel)], { _ in true }) == nil {
                    throw PeopleError.invalid(field: "rules[\(index)].channel_instance_id", "no channel instance \(channel)")
                }
            }
            try Self.putHostSetting(db, Self.retentionPolicyKey, policy.json, now: now)
            try Self.recordAudit(db, actor: actor, action: "retention.policy", subject: nil, detail: policy.json.objectValue ?? JSONObject(), now: now)
        }
    }

    public func lastRetentionReport() throws -> JSONObject? { try hostSetting(Self.retentionReportKey)?.objectValue }

    /// One batch of at most `limit` conversations and `limit` messages per channel; adds to `report`.
    /// Returns whether there may be more to do (a batch came back full).
    public func retentionBatch(_ policy: RetentionPolicy, now: Int64, limit: Int = 50, into report: inout RetentionReport,
                               fence: Lease? = nil) throws -> Bool {
        guard !policy.rules.isEmpty else { return false }
        let channels = try read { db in
            try db.query("SELECT id FROM channel_instances UNION SELECT DISTINCT channel_instance_id FROM conversations", []) { $0.text(0) }
        }
        var more = false
        for channel in channels {
            let rule = policy.effective(channelInstanceID: channel)
            if let days = rule.closedConversationsAfterDays {
                let cutoff = now - Int64(days) * Self.dayMs
                let (done, files) = try write { db -> (Int, Int) in
                    try Self.checkFence(db, fence)
                    let pending = rule.closedConversationsAction == .anonymize ? " AND anonymized_at IS NULL" : ""
                    let ids = try db.query("""
                        SELECT id FROM conversations WHERE channel_instance_id = ? AND status IN ('done', 'archived') AND updated_at < ?\(pending)
                        ORDER BY updated_at LIMIT ?
                        """, [.text(channel), .integer(cutoff), .integer(Int64(limit))]) { $0.text(0) }
                    var removed = ScrubbedConversation()
                    for id in ids {
                        let one = rule.closedConversationsAction == .delete ? try Self.deleteConversation(db, id) : try Self.scrubConversation(db, id, now: now)
                        removed.files += one.files
                        removed.attachmentURLs += one.attachmentURLs
                        removed.sideConversationIDs += one.sideConversationIDs
                    }
                    // The channel forgets its own records of them (the email plugin: threads, stored files).
                    if !ids.isEmpty {
                        try Self.queueErasureNotice(db, instanceID: channel, contactID: nil, identities: [], conversationIDs: ids,
                                                    sideConversationIDs: removed.sideConversationIDs, attachmentURLs: removed.attachmentURLs, now: now)
                    }
                    return (ids.count, removed.files)
                }
                if rule.closedConversationsAction == .delete { report.conversationsDeleted += done } else { report.conversationsAnonymized += done }
                report.filesDeleted += files
                more = more || done == limit
            }
            if let days = rule.attachmentsAfterDays {
                let cutoff = now - Int64(days) * Self.dayMs
                let (done, files) = try write { db -> (Int, Int) in
                    try Self.checkFence(db, fence)
                    let rows = try db.query("""
                        SELECT m.id, m.attachments FROM messages m JOIN conversations c ON c.id = m.conversation_id
                        WHERE c.channel_instance_id = ? AND m.attachments IS NOT NULL AND m.attachments_removed_at IS NULL AND m.created_at < ?
                        ORDER BY m.id LIMIT ?
                        """, [.text(channel), .integer(cutoff), .integer(Int64(limit))]) { ($0.int(0), $0.text(1)) }
                    var files = 0, urls: [String] = []
                    for (id, text) in rows {
                        let parsed = try? JSON.parse(text)
                        urls += parsed?.arrayValue?.compactMap { $0["url"]?.stringValue } ?? []
                        files += try Self.deleteFiles(db, Self.hostFileIDs(parsed))
                        // What was attached stays visible (name, type, size); the file and its link go.
                        let kept = (parsed?.arrayValue ?? []).map { item -> JSON in
                            .object(["name": item["name"] ?? .null, "content_type": item["content_type"] ?? .null, "size": item["size"] ?? .null, "removed": true])
                        }
                        try db.run("UPDATE messages SET attachments = ?, attachments_removed_at = ? WHERE id = ?",
                                   [.text(JSON.array(kept).serialized), .integer(now), .integer(id)])
                    }
                    // Files a channel keeps itself (email attachments) go at the channel.
                    if !urls.isEmpty {
                        try Self.queueErasureNotice(db, instanceID: channel, contactID: nil, identities: [], conversationIDs: [],
                                                    sideConversationIDs: [], attachmentURLs: urls, now: now)
                    }
                    return (rows.count, files)
                }
                report.attachmentsRemoved += done
                report.filesDeleted += files
                more = more || done == limit
            }
        }
        return more
    }

    /// Record a finished pass: the last report (for GET), and the audit trail when it removed anything.
    public func finishRetention(_ report: RetentionReport) throws {
        try write { db in
            try Self.putHostSetting(db, Self.retentionReportKey, .object(report.json), now: report.finishedAt)
            if report.didSomething {
                try Self.recordAudit(db, actor: "host", action: "retention.run", subject: nil, detail: report.json, now: report.finishedAt)
            }
        }
    }

    /// A conversation and everything hanging from it: host files deleted, attachment URLs and side
    /// conversations returned for the channel's notice (message and event counts are not kept).
    static func deleteConversation(_ db: StoreConnection, _ id: String) throws -> ScrubbedConversation {
        var removed = ScrubbedConversation()
        var fileIDs: [String] = []
        for text in try db.query("SELECT attachments FROM messages WHERE conversation_id = ? AND attachments IS NOT NULL", [.text(id)], { $0.text(0) }) {
            let parsed = try? JSON.parse(text)
            removed.attachmentURLs += parsed?.arrayValue?.compactMap { $0["url"]?.stringValue } ?? []
            fileIDs += hostFileIDs(parsed)
        }
        removed.files = try deleteFiles(db, fileIDs)
        removed.sideConversationIDs = try db.query("SELECT id FROM side_conversations WHERE conversation_id = ?", [.text(id)]) { $0.text(0) }
        let sides = "(SELECT id FROM side_conversations WHERE conversation_id = ?)"
        try db.run("DELETE FROM side_messages WHERE side_conversation_id IN \(sides)", [.text(id)])
        try db.run("DELETE FROM side_conversations WHERE conversation_id = ?", [.text(id)])
        try db.run("DELETE FROM webhook_dead_letters WHERE event_id IN (SELECT id FROM events WHERE conversation_id = ?)", [.text(id)])
        try db.run("DELETE FROM webhook_replays WHERE event_id IN (SELECT id FROM events WHERE conversation_id = ?)", [.text(id)])
        for table in ["outbox", "outbox_lanes", "messages", "events", "conversation_tags", "conversation_participants", "stack_turns", "switch_tickets"] {
            try db.run("DELETE FROM \(table) WHERE conversation_id = ?", [.text(id)])
        }
        try db.run("DELETE FROM conversations WHERE id = ?", [.text(id)])
        return removed
    }
}
