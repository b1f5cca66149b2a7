import SwitchboardSupport

/// Which agents one host event concerns, and as what kind of notification. Pure reading: no writes.
enum NotificationTrigger {
    /// The event types `recipients` may name someone for: a type missing here notifies nobody. The
    /// notifier looks for them outside the writer before it writes (`firstNotifying`).
    static let eventTypes = Set(anyoneEventTypes + assigneeEventTypes)
    static let anyoneEventTypes = ["conversation.assigned", "conversation.queued", "agent.mentioned", "sla.at_risk", "sla.missed"]
    /// Those that only ever notify the conversation's assignee.
    static let assigneeEventTypes = ["message.received", SideConversationEvents.message]

    /// The agents (active ones) `event` is news for; never the agent who caused it.
    static func recipients(_ db: StoreConnection, of event: Event) throws -> [(agentID: String, kind: NotificationKind)] {
        guard eventTypes.contains(event.type) else { return [] }
        let data = (try? JSON.parse(event.dataJSON)) ?? .null
        var found: [(String, NotificationKind)] = []
        switch event.type {
        case "conversation.assigned":
            if let agent = data["agent_id"]?.stringValue {
                found = [(agent, data["reason"]?.stringValue == "handover" ? .handover : .assigned)]
            }
        case "conversation.queued":
            if let team = data["team_id"]?.stringValue {
                let kind: NotificationKind = data["reason"]?.stringValue == "handover" ? .handover : .queued
                found = try members(db, team: team).map { ($0, kind) }
            }
        case "agent.mentioned":
            if let agent = event.agentID { found = [(agent, .mentioned)] }
        case "message.received":
            found = try assignee(db, event.conversationID).map { [($0, .customerReplied)] } ?? []
        case "sla.at_risk", "sla.missed":   // one rule: a target about to be missed, and then missed
            if let agent = try assignee(db, event.conversationID) {
                found = [(agent, .slaAtRisk)]
            } else if let team = try conversationTeam(db, event.conversationID) {
                found = try members(db, team: team).map { ($0, .slaAtRisk) }
            }
        case SideConversationEvents.message where data["direction"]?.stringValue == SideMessageDirection.inbound.rawValue:
            found = try assignee(db, event.conversationID).map { [($0, .sideReply)] } ?? []
        default:
            break
        }
        return found.filter { "agent:\($0.0)" != event.actor }
    }

    /// The first event in (after, through] that may notify someone, read outside the writer: under
    /// ingest load nearly every event is a message to a conversation nobody is assigned yet.
    /// Runs after every group commit: its text and type bindings are built once, so the statement
    /// cache finds it by address (SQLiteDatabase.prepare) instead of hashing a new string each time.
    static func firstNotifying(_ db: StoreConnection, after: Int64, through: Int64) throws -> Int64? {
        try db.queryOne(firstNotifyingSQL, [.integer(after), .integer(through)] + firstNotifyingTypes, { $0.int(0) })
    }

    private static let firstNotifyingTypes: [SQLValue] = (anyoneEventTypes + assigneeEventTypes).map { .text($0) }
    private static let firstNotifyingSQL: String = {
        let marks = { (types: [String]) in types.map { _ in "?" }.joined(separator: ", ") }
        return """
            SELECT e.id FROM events e WHERE e.id > ? AND e.id <= ? AND (e.type IN (\(marks(anyoneEventTypes)))
                OR (e.type IN (\(marks(assigneeEventTypes))) AND EXISTS (SELECT 1 FROM conversations c
                                                                          WHERE c.id = e.conversation_id AND c.assignee IS NOT NULL)))
            ORDER BY e.id LIMIT 1
            """
    }()

    static func members(_ db: StoreConnection, team: String) throws -> [String] {
        try db.query("""
            SELECT m.agent_id FROM team_members m JOIN agents a ON a.id = m.agent_id
            WHERE m.team_id = ? AND a.deactivated_at IS NULL ORDER BY m.agent_id
            """, [.text(team)]) { $0.text(0) }
    }

    static func assignee(_ db: StoreConnection, _ conversationID: String?) throws -> String? {
        guard let conversationID else { return nil }
        return try db.queryOne("SELECT assignee FROM conversations WHERE id = ?", [.text(conversationID)]) { $0.optionalText(0) } ?? nil
    }

    static func conversationTeam(_ db: StoreConnection, _ conversationID: String?) throws -> String? {
        guard let conversationID else { return nil }
        return try db.queryOne("SELECT team_id FROM conversations WHERE id = ?", [.text(conversationID)]) { $0.optionalText(0) } ?? nil
    }

    /// The headline and one line of context an agent sees in the centre and in the push.
    static func wording(_ db: StoreConnection, kind: NotificationKind, event: Event) throws -> (title: String, body: String) {
        let data = (try? JSON.parse(event.dataJSON)) ?? .null
        let contact = try event.conversationID.flatMap { id in
            try db.queryOne("SELECT t.display_name FROM conversations c JOIN contacts t ON t.id = c.contact_id WHERE c.id = ?",
                            [.text(id)]) { $0.optionalText(0) } ?? nil
        } ?? "a customer"
        let title = switch kind {
        case .assigned: "Assigned to you: \(contact)"
        case .mentioned: "You were mentioned"
        case .queued: "Waiting in your team's queue: \(contact)"
        case .customerReplied: "\(contact) answered"
        case .handover: "Handed over to you: \(contact)"
        case .slaAtRisk:
            (data["target"]?.stringValue == SLATarget.resolution.rawValue ? "Resolution target" : "Target")
                + (event.type == "sla.missed" ? " missed: \(contact)" : " about to be missed: \(contact)")
        case .sideReply: "A side conversation was answered"
        }
        var body = data["excerpt"]?.stringValue ?? ""
        if body.isEmpty, let messageID = data["message_id"]?.doubleValue, event.type == "message.received" {
            body = try db.queryOne("SELECT text FROM messages WHERE id = ?", [.integer(Int64(messageID))]) { $0.text(0) } ?? ""
        }
        if body.isEmpty, kind == .handover {
            // The assignment names no reason of its own: the stack's handover just before it does.
            body = data["explanation"]?.stringValue ?? ""
            if body.isEmpty, let id = event.conversationID {
                let data = try db.queryOne("SELECT data FROM events WHERE conversation_id = ? AND type = 'stack.handover' ORDER BY id DESC LIMIT 1",
                                           [.text(id)]) { $0.text(0) }
                body = data.flatMap { (try? JSON.parse($0))?["explanation"]?.stringValue } ?? ""
            }
        }
        return (title, String(body.prefix(200)))
    }
}
