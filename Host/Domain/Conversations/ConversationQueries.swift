import SwitchboardSupport

/// Filters for listing conversations.
public struct ConversationFilter: Sendable {
    public var status: ConversationStatus?
    public var engagement: Engagement?
    public var channelInstanceID: String?
    public var contactID: String?
    public var assignee: String?
    public var teamID: String?
    public var tag: String?
    public var viewer: Viewer = .everyone
    public var updatedBefore: Int64?     // cursor: strictly older than this
    public var limit: Int = 50

    public init() {}
}

extension Store {
    /// Columns of `conversations` (unaliased) read by `conversation(_:)`; tags come joined by U+001F.
    static let conversationColumns = """
        id, contact_id, channel_instance_id, status, engagement, assignee, agent_stack, priority, created_at, updated_at,
        last_message_at, team_id, fields, topic, snoozed_until, queued_at,
        (SELECT group_concat(tag, '\u{1F}') FROM (SELECT tag FROM conversation_tags t WHERE t.conversation_id = conversations.id ORDER BY tag) AS ordered),
        response_due_at, sla_policy_id, sla_target, sla_state, sla_paused_ms, topic_confidence,
        resolution_due_at, resolution_policy_id, resolution_state, resolution_paused_ms, topic_classifier
        """

    static func conversation(_ r: Row) -> Conversation {
        Conversation(id: r.text(0), contactID: r.text(1), channelInstanceID: r.text(2),
                     status: ConversationStatus(rawValue: r.text(3)) ?? .active,
                     engagement: Engagement(rawValue: r.text(4)) ?? .pending,
                     assignee: r.optionalText(5), teamID: r.optionalText(11), agentStack: r.optionalText(6),
                     priority: Priority(rawValue: r.text(7)) ?? .normal,
                     tags: r.optionalText(16).map { $0.split(separator: "\u{1F}").map(String.init) } ?? [],
                     fieldsJSON: r.text(12), topic: r.optionalText(13), topicConfidence: r.isNull(22) ? nil : r.double(22), snoozedUntil: r.optionalInt(14), queuedAt: r.optionalInt(15),
                     createdAt: r.int(8), updatedAt: r.int(9), lastMessageAt: r.optionalInt(10), responseDueAt: r.optionalInt(17),
                     sla: slaStatus(policyID: r.optionalText(18), target: r.optionalText(19), state: r.optionalText(20),
                                    dueAt: r.optionalInt(17), pausedMs: r.optionalInt(21)),
                     resolution: slaStatus(policyID: r.optionalText(24), target: SLATarget.resolution.rawValue, state: r.optionalText(25),
                                           dueAt: r.optionalInt(23), pausedMs: r.optionalInt(26)),
                     topicClassifier: r.optionalText(27))
    }

    static func slaStatus(policyID: String?, target: String?, state: String?, dueAt: Int64?, pausedMs: Int64?) -> SLAStatus? {
        guard let policyID, let target = target.flatMap(SLATarget.init(rawValue:)), let state = state.flatMap(SLAStatus.State.init(rawValue:)),
              dueAt != nil || pausedMs != nil else { return nil }
        return SLAStatus(policyID: policyID, target: target, dueAt: dueAt, state: state, pausedRemainingMs: pausedMs)
    }

    static let messageColumns = """
        id, conversation_id, direction, author_kind, author_id, channel_instance_id, text, format, rich, attachments,
        provider_message_id, delivery_status, delivery_detail, created_at, deleted_at, sent_at, edited_at
        """

    static func message(_ r: Row) -> Message {
        Message(id: r.int(0), conversationID: r.text(1), direction: MessageDirection(rawValue: r.text(2)) ?? .inbound,
                authorKind: AuthorKind(rawValue: r.text(3)) ?? .system, authorID: r.optionalText(4),
                channelInstanceID: r.text(5), text: r.text(6), format: TextFormat(rawValue: r.text(7)) ?? .plain,
                richJSON: r.optionalText(8), attachmentsJSON: r.optionalText(9), providerMessageID: r.optionalText(10),
                deliveryStatus: DeliveryStatus(rawValue: r.text(11)) ?? .queued, deliveryDetail: r.optionalText(12),
                createdAt: r.int(13), deletedAt: r.isNull(14) ? nil : r.int(14), sentAt: r.isNull(15) ? nil : r.int(15),
                editedAt: r.isNull(16) ? nil : r.int(16))
    }

    /// The conversation, when it exists and the viewer may see it.
    public func conversation(id: String, visibleTo viewer: Viewer = .everyone) throws -> Conversation? {
        let visible = viewer.conversationCondition()
        return try read { db in
            try db.queryOne("SELECT \(Self.conversationColumns) FROM conversations WHERE id = ? AND \(visible.sql)",
                            [.text(id)] + visible.values, Self.conversation)
        }
    }

    public func conversations(_ filter: ConversationFilter) throws -> [Conversation] {
        var clauses: [String] = []
        var values: [SQLValue] = []
        if let v = filter.status { clauses.append("status = ?"); values.append(.text(v.rawValue)) }
        if let v = filter.engagement { clauses.append("engagement = ?"); values.append(.text(v.rawValue)) }
        if let v = filter.channelInstanceID { clauses.append("channel_instance_id = ?"); values.append(.text(v)) }
        if let v = filter.contactID { clauses.append("contact_id = ?"); values.append(.text(v)) }
        if let v = filter.assignee { clauses.append("assignee = ?"); values.append(.text(v)) }
        if let v = filter.teamID { clauses.append("team_id = ?"); values.append(.text(v)) }
        if let v = filter.tag { clauses.append("id IN (SELECT conversation_id FROM conversation_tags WHERE tag = ?)"); values.append(.text(v)) }
        if let v = filter.updatedBefore { clauses.append("updated_at < ?"); values.append(.integer(v)) }
        let visible = filter.viewer.conversationCondition()
        if filter.viewer != .everyone { clauses.append(visible.sql); values += visible.values }
        let whereClause = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
        values.append(.integer(Int64(filter.limit)))
        return try read { db in
            try db.query("SELECT \(Self.conversationColumns) FROM conversations \(whereClause) ORDER BY updated_at DESC, id LIMIT ?",
                         values, Self.conversation)
        }
    }

    /// The conversation, its messages and its contact as of one instant (nil when the viewer may not see it).
    public func conversationDetail(id: String, visibleTo viewer: Viewer = .everyone, messageLimit: Int = 500)
        throws -> (conversation: Conversation, messages: [Message], contact: Contact?)? {
        let visible = viewer.conversationCondition()
        return try readSnapshot { db in
            guard let conversation = try db.queryOne("SELECT \(Self.conversationColumns) FROM conversations WHERE id = ? AND \(visible.sql)",
                                                     [.text(id)] + visible.values, Self.conversation) else { return nil }
            let messages = try db.query("SELECT \(Self.messageColumns) FROM messages WHERE conversation_id = ? ORDER BY id LIMIT ?",
                                        [.text(id), .integer(Int64(messageLimit))], Self.message)
            return (conversation, messages, try Self.loadContact(conversation.contactID, db: db))
        }
    }

    public func messages(conversationID: String, afterID: Int64 = 0, limit: Int = 500) throws -> [Message] {
        try read { db in
            try db.query("SELECT \(Self.messageColumns) FROM messages WHERE conversation_id = ? AND id > ? ORDER BY id LIMIT ?",
                         [.text(conversationID), .integer(afterID), .integer(Int64(limit))], Self.message)
        }
    }

    public func message(id: Int64) throws -> Message? {
        try read { db in try db.queryOne("SELECT \(Self.messageColumns) FROM messages WHERE id = ?", [.integer(id)], Self.message) }
    }

    /// Every event of one conversation (or of all), oldest first, as an admin sees them.
    public func events(conversationID: String? = nil, afterID: Int64 = 0, limit: Int = 500) throws -> [Event] {
        try events(after: afterID, visibleTo: .everyone, conversationID: conversationID, limit: limit).events
    }

    /// Record an event (from a plugin or a host component).
    @discardableResult
    public func recordEvent(conversationID: String?, type: String, actor: String, data: JSONObject) throws -> Int64 {
        if let conversationID, try conversation(id: conversationID) == nil { throw IngestError.conversationNotFound(conversationID) }
        return try writeEvent { db in try Self.appendEvent(db, conversationID: conversationID, type: type, actor: actor, data: data, now: Clock.nowMillis()) }
    }

    /// Counts for metrics and health.
    public func counts() throws -> (conversations: Int64, messages: Int64, outboxPending: Int64, outboxFailed: Int64) {
        try read { db in
            let c = try db.queryOne("SELECT COUNT(*) FROM conversations") { $0.int(0) } ?? 0
            // SQLite's rowids are dense (a rolled-back insert gives its id back); PostgreSQL's sequence is not.
            let m = try db.queryOne(db.dialect == .postgres ? "SELECT COUNT(*) FROM messages" : "SELECT MAX(id) FROM messages") { $0.int(0) } ?? 0
            let p = try db.queryOne("SELECT COUNT(*) FROM outbox WHERE state = 'pending'") { $0.int(0) } ?? 0
            let f = try db.queryOne("SELECT COUNT(*) FROM outbox WHERE state = 'failed'") { $0.int(0) } ?? 0
            return (c, m, p, f)
        }
    }
}
