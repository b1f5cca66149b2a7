import SwitchboardSupport

/// What an inbox row shows beside the conversation itself: who the customer is, which channel it
/// is on, the latest message, and since when the customer has been waiting for us.
public struct InboxItem: Sendable, Equatable {
    public var conversation: Conversation
    public var contactName: String?
    /// The contact's first identity (an email address, a phone number, an integrator's id).
    public var contactIdentity: Identity?
    public var channelName: String?
    public var channelPluginID: String?
    /// The latest message the customer or the team sent (internal notes are not previews).
    public var lastMessage: InboxPreview?
    /// The first customer message after our latest reply, while the conversation waits on us.
    public var waitingSince: Int64?
    /// The id of an Agent Stack's draft waiting for review ("AI draft ready").
    public var pendingDraftID: Int64?
}

public struct InboxPreview: Sendable, Equatable {
    public var messageID: Int64
    public var direction: MessageDirection
    public var authorKind: AuthorKind
    /// At most `InboxFilter.previewLength` characters of the text.
    public var text: String
    public var format: TextFormat
    public var createdAt: Int64
}

/// Where a page of the inbox ends: rows are ordered by (updated_at, id) descending and the cursor
/// names the last row, so conversations updated in the same millisecond are never skipped.
public struct InboxCursor: Sendable, Equatable {
    public var updatedAt: Int64
    public var id: String

    public init(updatedAt: Int64, id: String) {
        self.updatedAt = updatedAt
        self.id = id
    }

    /// "<updated_at>:<id>"
    public var token: String { "\(updatedAt):\(id)" }

    public init?(token: String) {
        guard let colon = token.firstIndex(of: ":"), let millis = Int64(token[..<colon]) else { return nil }
        updatedAt = millis
        id = String(token[token.index(after: colon)...])
        guard !id.isEmpty else { return nil }
    }
}

/// The inbox's filters. Every one is optional; together they AND.
public struct InboxFilter: Sendable {
    public enum Assignee: Sendable, Equatable {
        case agent(String)
        /// Nobody handles it: no agent and no Agent Stack.
        case nobody
    }

    public var status: ConversationStatus?
    public var engagement: Engagement?
    public var assignee: Assignee?
    public var teamID: String?
    public var channelInstanceID: String?
    public var tag: String?
    /// Only conversations of this topic (set by triage, a stack, or an agent).
    public var topic: String?
    /// Only conversations with a draft waiting for review ("AI draft ready").
    public var draftReady = false
    public var priority: Priority?
    /// Only conversations this agent was mentioned in (brought in by an @mention).
    public var mentionedAgentID: String?
    /// Search: the conversation id, the customer's name or an identity (substring), a tag (exact),
    /// or the text of one of the latest `searchedMessages` messages (substring). Case-insensitive for ASCII.
    public var query: String?
    /// Only these conversations (a client refreshing rows it was told changed); still filtered.
    public var ids: [String]?
    /// Only conversations whose answer is due (a response clock runs), or only those past it.
    public var responseDue: ResponseDueFilter?
    /// Most recently updated first (the default), or the soonest due answer first (only
    /// conversations with a response clock; `before` then names a due time and an id).
    public var order: InboxOrder = .updated
    public var viewer: Viewer = .everyone
    public var before: InboxCursor?
    public var limit = 50

    public static let previewLength = 280
    /// Message text search reads at most this many of the newest messages, so its cost is bounded
    /// however large the store grows (names, identities, tags and ids are searched in full).
    public static let searchedMessages: Int64 = 50_000

    public init() {}
}

public enum ResponseDueFilter: Sendable, Equatable {
    /// An answer is owed (any due time).
    case any
    /// The due time has passed at this moment (Unix ms).
    case overdue(now: Int64)
    /// The service-level sweep announced it as about to be missed, or missed.
    case atRisk
}

public enum InboxOrder: String, Sendable {
    case updated
    /// `response_due_at` ascending, then id.
    case responseDue = "response_due"
    /// The nearer of the two due times (the answer's, the resolution's) ascending, then id; only
    /// conversations with a clock counting.
    case nextDue = "next_due"
}

/// The counts beside the inbox's views: active conversations only, read on indexes.
public struct InboxCounts: Sendable, Equatable {
    public var mine: Int
    public var unassigned: Int
    public var mentioned: Int

    public init(mine: Int, unassigned: Int, mentioned: Int) {
        self.mine = mine
        self.unassigned = unassigned
        self.mentioned = mentioned
    }
}

extension Store {
    /// The nearer of a conversation's two due times, NULL when neither clock counts (portable SQL:
    /// a comparison with NULL is not true, so the CASE falls through to the one that is set).
    static let nextDueSQL = """
        (CASE WHEN conversations.resolution_due_at IS NULL OR conversations.response_due_at <= conversations.resolution_due_at
              THEN COALESCE(conversations.response_due_at, conversations.resolution_due_at)
              ELSE conversations.resolution_due_at END)
        """

    /// A page of the inbox, most recently updated first.
    public func inbox(_ filter: InboxFilter) throws -> [InboxItem] {
        var clauses: [String] = []
        var values: [SQLValue] = []
        if let v = filter.status { clauses.append("conversations.status = ?"); values.append(.text(v.rawValue)) }
        if let v = filter.engagement { clauses.append("conversations.engagement = ?"); values.append(.text(v.rawValue)) }
        switch filter.assignee {
        case .agent(let id)?: clauses.append("conversations.assignee = ?"); values.append(.text(id))
        case .nobody?: clauses.append("conversations.assignee IS NULL AND conversations.agent_stack IS NULL")
        case nil: break
        }
        if let v = filter.teamID { clauses.append("conversations.team_id = ?"); values.append(.text(v)) }
        if let v = filter.channelInstanceID { clauses.append("conversations.channel_instance_id = ?"); values.append(.text(v)) }
        if let v = filter.priority { clauses.append("conversations.priority = ?"); values.append(.text(v.rawValue)) }
        if let v = filter.topic { clauses.append("conversations.topic = ?"); values.append(.text(v)) }
        if let v = filter.tag {
            clauses.append("conversations.id IN (SELECT conversation_id FROM conversation_tags WHERE tag = ?)")
            values.append(.text(v))
        }
        if filter.draftReady { clauses.append("conversations.id IN (SELECT conversation_id FROM stack_drafts WHERE state = 'pending')") }
        if let v = filter.mentionedAgentID {
            clauses.append("conversations.id IN (SELECT conversation_id FROM conversation_participants WHERE agent_id = ?)")
            values.append(.text(v))
        }
        if let ids = filter.ids {
            clauses.append("conversations.id IN (SELECT value FROM json_each(?))")
            values.append(.text(JSON.array(ids.map(JSON.string)).serialized))
        }
        // Due filters look at both clocks: the answer owed and the resolution.
        switch filter.responseDue {
        case .any?: clauses.append("(conversations.response_due_at IS NOT NULL OR conversations.resolution_due_at IS NOT NULL)")
        case .overdue(let now)?:
            clauses.append("(conversations.response_due_at < ? OR conversations.resolution_due_at < ?)")
            values += [.integer(now), .integer(now)]
        case .atRisk?:
            clauses.append("""
                ((conversations.response_due_at IS NOT NULL AND conversations.sla_state IN ('at_risk', 'missed'))
                 OR (conversations.resolution_due_at IS NOT NULL AND conversations.resolution_state IN ('at_risk', 'missed')))
                """)
        case nil:
            if filter.order == .responseDue { clauses.append("conversations.response_due_at IS NOT NULL") }
            if filter.order == .nextDue { clauses.append("\(Self.nextDueSQL) IS NOT NULL") }
        }
        let visible = filter.viewer.conversationCondition()
        if filter.viewer != .everyone { clauses.append(visible.sql); values += visible.values }
        if let cursor = filter.before, filter.order != .updated {
            let due = filter.order == .nextDue ? Self.nextDueSQL : "conversations.response_due_at"
            clauses.append("(\(due) > ? OR (\(due) = ? AND conversations.id > ?))")
            values += [.integer(cursor.updatedAt), .integer(cursor.updatedAt), .text(cursor.id)]
        } else if let cursor = filter.before {
            clauses.append("(conversations.updated_at < ? OR (conversations.updated_at = ? AND conversations.id < ?))")
            values += [.integer(cursor.updatedAt), .integer(cursor.updatedAt), .text(cursor.id)]
        }
        return try read { db in
            var clauses = clauses, values = values
            if let query = filter.query, !query.isEmpty {
                // The message window: ids above this are the newest `searchedMessages` messages.
                let newest = try db.queryOne("SELECT MAX(id) FROM messages") { $0.int(0) } ?? 0
                let like = "%" + Self.likeEscaped(query) + "%"
                clauses.append("""
                    (conversations.id = ?
                     OR conversations.contact_id IN (SELECT id FROM contacts WHERE \(db.dialect.like("display_name")) ? ESCAPE '\\')
                     OR conversations.contact_id IN (SELECT contact_id FROM contact_identities WHERE \(db.dialect.like("value")) ? ESCAPE '\\')
                     OR conversations.id IN (SELECT conversation_id FROM conversation_tags WHERE tag = ?)
                     OR conversations.id IN (SELECT conversation_id FROM messages WHERE id > ? AND \(db.dialect.like("text")) ? ESCAPE '\\'))
                    """)
                values += [.text(query), .text(like), .text(like), .text(query.lowercased()),
                           .integer(newest - InboxFilter.searchedMessages), .text(like)]
            }
            values.append(.integer(Int64(filter.limit)))
            let whereClause = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
            let order = switch filter.order {
            case .responseDue: "response_due_at ASC, id ASC"
            case .nextDue: "\(Self.nextDueSQL) ASC, id ASC"
            case .updated: "updated_at DESC, id DESC"
            }
            let page = try db.query(
                "SELECT \(Self.conversationColumns) FROM conversations \(whereClause) ORDER BY \(order) LIMIT ?",
                values, Self.conversation)
            return try page.map { try Self.inboxItem($0, db: db) }
        }
    }

    /// The rest of a row, for one conversation of a page: each a lookup on an index.
    static func inboxItem(_ conversation: Conversation, db: StoreConnection) throws -> InboxItem {
        var item = InboxItem(conversation: conversation)
        item.contactName = try db.queryOne("SELECT display_name FROM contacts WHERE id = ?", [.text(conversation.contactID)],
                                           { $0.optionalText(0) }) ?? nil
        item.contactIdentity = try db.queryOne(
            "SELECT kind, value FROM contact_identities WHERE contact_id = ? ORDER BY created_at, kind, value LIMIT 1",
            [.text(conversation.contactID)], { Identity(kind: $0.text(0), value: $0.text(1)) })
        if let (name, plugin) = try db.queryOne("SELECT name, plugin_id FROM channel_instances WHERE id = ?",
                                                [.text(conversation.channelInstanceID)], { ($0.text(0), $0.text(1)) }) {
            item.channelName = name
            item.channelPluginID = plugin
        }
        item.lastMessage = try db.queryOne(
            """
            SELECT id, direction, author_kind, substr(text, 1, \(InboxFilter.previewLength)), format, created_at FROM messages
            WHERE conversation_id = ? AND direction != 'internal' ORDER BY id DESC LIMIT 1
            """, [.text(conversation.id)]) { r in
            InboxPreview(messageID: r.int(0), direction: MessageDirection(rawValue: r.text(1)) ?? .inbound,
                         authorKind: AuthorKind(rawValue: r.text(2)) ?? .customer, text: r.text(3),
                         format: TextFormat(rawValue: r.text(4)) ?? .plain, createdAt: r.int(5))
        }
        item.pendingDraftID = try db.queryOne("SELECT MAX(id) FROM stack_drafts WHERE conversation_id = ? AND state = 'pending'",
                                              [.text(conversation.id)], { $0.optionalInt(0) }) ?? nil
        if conversation.engagement == .pending {
            item.waitingSince = try db.queryOne(
                """
                SELECT MIN(created_at) FROM messages WHERE conversation_id = ?1 AND direction = 'inbound'
                AND id > COALESCE((SELECT MAX(id) FROM messages WHERE conversation_id = ?1 AND direction = 'outbound'), 0)
                """, [.text(conversation.id)], { $0.optionalInt(0) }) ?? nil
        }
        return item
    }

    /// Active conversations assigned to the agent, handled by nobody, and those the agent was
    /// mentioned in; each counted on an index (assignee + status, the agent's participations).
    public func inboxCounts(agentID: String?, viewer: Viewer) throws -> InboxCounts {
        let visible = viewer.conversationCondition()
        let extra = viewer == .everyone ? "" : " AND \(visible.sql)"
        return try read { db in
            let mine = try agentID.map { id in
                try db.queryOne("SELECT COUNT(*) FROM conversations WHERE assignee = ? AND status = 'active'",
                                [.text(id)], { Int($0.int(0)) }) ?? 0
            } ?? 0
            let unassigned = try db.queryOne(
                "SELECT COUNT(*) FROM conversations WHERE assignee IS NULL AND status = 'active' AND agent_stack IS NULL\(extra)",
                viewer == .everyone ? [] : visible.values, { Int($0.int(0)) }) ?? 0
            let mentioned = try agentID.map { id in
                try db.queryOne(
                    """
                    SELECT COUNT(*) FROM conversation_participants p JOIN conversations ON conversations.id = p.conversation_id
                    WHERE p.agent_id = ? AND conversations.status = 'active'
                    """, [.text(id)], { Int($0.int(0)) }) ?? 0
            } ?? 0
            return InboxCounts(mine: mine, unassigned: unassigned, mentioned: mentioned)
        }
    }

    /// Tags in use, alphabetically (at most `limit`), for the inbox's tag filter.
    public func tagsInUse(limit: Int = 200) throws -> [String] {
        try read { db in
            try db.query("SELECT DISTINCT tag FROM conversation_tags ORDER BY tag LIMIT ?", [.integer(Int64(limit))]) { $0.text(0) }
        }
    }
}

extension InboxItem {
    init(conversation: Conversation) {
        self.conversation = conversation
    }
}
