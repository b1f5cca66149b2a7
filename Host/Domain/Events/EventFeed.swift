import SwitchboardSupport

/// A page of the event feed as one viewer sees it.
public struct EventPage: Sendable, Equatable {
    /// Visible events, oldest first.
    public var events: [Event]
    /// The viewer has been given every visible event with an id up to this one: resume after it.
    /// It can pass the last returned event (up to the newest id stored), so a viewer who sees
    /// little does not rescan the same invisible events on every call.
    public var through: Int64

    public init(events: [Event], through: Int64) {
        self.events = events
        self.through = through
    }
}

extension Viewer {
    /// An SQL condition on an `events` row (`event`) left-joined to its conversation (`conversation`).
    ///
    /// - everyone: every event;
    /// - an agent: events of conversations they may see, and events addressed to them
    ///   (`agent_id`, e.g. a mention, even in a conversation they do not otherwise see);
    ///   never events addressed to another agent, never events without a conversation;
    /// - an integrator: events of conversations on its channel instances, never addressed ones,
    ///   never side-conversation events.
    public func eventCondition(event: String = "e", conversation: String = "c") -> (sql: String, values: [SQLValue]) {
        let visible = conversationCondition(conversation)
        switch self {
        case .everyone:
            return ("TRUE", [])
        case .agent(let id):
            return ("(\(event).agent_id = ? OR (\(event).agent_id IS NULL AND \(conversation).id IS NOT NULL AND \(visible.sql)))",
                    [.text(id)] + visible.values)
        case .integrator:
            // Side conversations are the team's business: an integrator's channel faces the customer.
            let prefix = SideConversationEvents.prefix
            return ("(\(event).agent_id IS NULL AND \(conversation).id IS NOT NULL AND \(visible.sql)"
                    + " AND substr(\(event).type, 1, \(prefix.utf8.count)) != ?)", visible.values + [.text(prefix)])
        }
    }
}

extension Store {
    /// The newest event id stored, 0 when there is none: where a feed that starts "now" begins.
    public func latestEventID() throws -> Int64 {
        try read { db in try Self.newestEventID(db) }
    }

    static func newestEventID(_ db: StoreConnection) throws -> Int64 {
        try db.queryOne("SELECT COALESCE(MAX(id), 0) FROM events") { $0.int(0) } ?? 0
    }

    /// Events with an id above `after` that `viewer` may see (and `types` admits), oldest first,
    /// at most `limit`: one query joining events to their conversations, filtered in SQL.
    ///
    /// Why resuming from an id loses nothing: every write runs on the single writer thread and
    /// events get AUTOINCREMENT ids inside its transactions, so ids grow in commit order (on
    /// PostgreSQL, with several hosts' writers, FeedHead numbers them at commit to the same effect). Once
    /// the newest id N is read from committed state, every event with an id up to N is committed
    /// and any later commit adds ids above N only. So the range (after, N] is complete and final,
    /// and a reader that continues after the returned `through` never misses an event nor sees
    /// one twice. (Visibility is judged when the page is read: a conversation assigned to an
    /// agent later does not replay its older events; its assignment event tells the client to
    /// fetch the conversation.)
    /// With `conversationID`, only that conversation's events (read through its index).
    public func events(after: Int64, visibleTo viewer: Viewer, types: EventTypeFilter = .all, conversationID: String? = nil,
                       limit: Int) throws -> EventPage {
        let limit = max(1, limit)
        let newest = try latestEventID()
        guard newest > after else { return EventPage(events: [], through: after) }
        let visible = viewer.eventCondition(event: "e", conversation: "c")
        var typed = types.condition("e")
        if let conversationID {
            typed.sql += " AND e.conversation_id = ?"
            typed.values.append(.text(conversationID))
        }
        // LEFT JOIN keeps events the outer loop, scanned by id (the primary key): no sort, and the
        // scan ends at LIMIT or at `newest`.
        let sql = """
            SELECT \(Event.columns("e"))
            FROM events e LEFT JOIN conversations c ON c.id = e.conversation_id
            WHERE e.id > ? AND e.id <= ? AND \(visible.sql) AND \(typed.sql)
            ORDER BY e.id LIMIT ?
            """
        let values: [SQLValue] = [.integer(after), .integer(newest)] + visible.values + typed.values + [.integer(Int64(limit))]
        let events = try read { db in
            try db.query(sql, values, Event.init(row:))
        }
        // A full page may have more after its last event; a short one covered the range up to `newest`.
        return EventPage(events: events, through: events.count == limit ? events[events.count - 1].id : newest)
    }
}


