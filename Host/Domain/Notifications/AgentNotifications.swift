import SwitchboardSupport

/// One entry of an agent's notification centre.
public struct AgentNotification: Sendable, Equatable {
    public var id: Int64
    public var kind: String
    public var conversationID: String?
    public var title: String
    public var body: String
    public var createdAt: Int64
    public var readAt: Int64?
}

/// A page of the centre: entries after a cursor, and how many are unread in all.
public struct NotificationPage: Sendable, Equatable {
    public var notifications: [AgentNotification]
    public var unread: Int
}

extension Store {
    /// The agent's centre entries with an id above `after` (oldest first; a client that reconnects passes the
    /// last id it holds), or the newest `limit` when `after` is nil (newest first).
    public func notifications(agentID: String, after: Int64?, limit: Int) throws -> NotificationPage {
        try read { db in
            let columns = "id, kind, conversation_id, title, body, created_at, read_at"
            let rows: [AgentNotification]
            if let after {
                rows = try db.query("SELECT \(columns) FROM notifications WHERE agent_id = ? AND in_app = 1 AND id > ? ORDER BY id LIMIT ?",
                                    [.text(agentID), .integer(after), .integer(Int64(limit))], Self.agentNotification)
            } else {
                rows = try db.query("SELECT \(columns) FROM notifications WHERE agent_id = ? AND in_app = 1 ORDER BY id DESC LIMIT ?",
                                    [.text(agentID), .integer(Int64(limit))], Self.agentNotification)
            }
            let unread = try db.queryOne("SELECT COUNT(*) FROM notifications WHERE agent_id = ? AND in_app = 1 AND read_at IS NULL",
                                         [.text(agentID)]) { Int($0.int(0)) } ?? 0
            return NotificationPage(notifications: rows, unread: unread)
        }
    }

    /// Mark one entry read (false when the agent has no such entry), or all of them (`id` nil).
    @discardableResult
    public func markNotificationsRead(agentID: String, id: Int64?) throws -> Bool {
        try write { db in
            let now = Clock.nowMillis()
            if let id {
                guard try db.queryOne("SELECT 1 FROM notifications WHERE id = ? AND agent_id = ? AND in_app = 1",
                                      [.integer(id), .text(agentID)], { _ in true }) != nil else { return false }
                try db.run("UPDATE notifications SET read_at = COALESCE(read_at, ?) WHERE id = ?", [.integer(now), .integer(id)])
            } else {
                try db.run("UPDATE notifications SET read_at = ? WHERE agent_id = ? AND read_at IS NULL", [.integer(now), .text(agentID)])
            }
            return true
        }
    }

    static func agentNotification(_ r: Row) -> AgentNotification {
        AgentNotification(id: r.int(0), kind: r.text(1), conversationID: r.optionalText(2), title: r.text(3), body: r.text(4),
                          createdAt: r.int(5), readAt: r.optionalInt(6))
    }
}
