import SwitchboardSupport

/// What one pass of the notifier did.
public struct NotifierPass: Sendable, Equatable {
    /// Events read (all of them, notifying or not).
    public var events: Int
    /// Notifications stored.
    public var notifications: Int
    /// Push deliveries queued.
    public var deliveries: Int
}

/// Where the notifier stands between passes, kept by its caller (the notification worker).
public struct NotifierProgress: Sendable {
    /// Every event up to this id has been looked at (nil: start from the stored cursor).
    var scanned: Int64?
    /// The stored cursor as last written, and when.
    var saved: Int64 = 0
    var savedAt: Int64 = 0

    public init() {}
}

extension Store {
    static let notifierCursorKey = "notifications.cursor"
    /// Events that notify nobody move the stored cursor at most this often (see `notifyFromEvents`).
    static let notifierCursorSaveMs: Int64 = 1000

    /// Turn the events after the notifier's cursor into notifications, in one write: each event's
    /// recipients (`NotificationTrigger`), each recipient's effective rule, their availability and quiet
    /// hours decide the notification-centre entry and the push deliveries (one per subscribed browser).
    /// The cursor moves in the same transaction, so a crash neither loses nor repeats a notification
    /// (and `UNIQUE (agent_id, event_id, kind)` would refuse a repeat anyway). The first pass on a host
    /// starts at the newest event: history does not notify.
    ///
    /// The pass runs after every group commit, and under ingest load nearly every event notifies
    /// nobody (a message to a conversation nobody is assigned). So it first looks, on a read
    /// connection, for an event that may notify someone; without one it writes nothing but the
    /// cursor, at most once a second (a crash re-reads at most that second of events).
    /// `mailBatchMs`: how long an e-mail waits for others to join it in one mail.
    public func notifyFromEvents(now: Int64, mailBatchMs: Int64 = 60_000, limit: Int = 200,
                                 progress: inout NotifierProgress) throws -> NotifierPass {
        let nothing = NotifierPass(events: 0, notifications: 0, deliveries: 0)
        var from = progress.scanned
        if let scanned = progress.scanned {
            let (newest, notifying) = try readSnapshot { db in
                let newest = try Self.newestEventID(db)
                return (newest, try NotificationTrigger.firstNotifying(db, after: scanned, through: newest))
            }
            if let notifying {
                from = notifying - 1
            } else {
                progress.scanned = newest
                guard newest > progress.saved, now - progress.savedAt >= Self.notifierCursorSaveMs else { return nothing }
                from = newest
            }
        }
        // Spares ingest's cache: it writes only the cursor (host_settings), notifications, their
        // deliveries and agent-addressed events, none of what IngestCache remembers (identities,
        // contacts, conversations, channel bindings, SLA policies). Rerunnable: its effects are the
        // database's and its result, so a group it joins needs no savepoints.
        let (pass, through) = try write(rerunnable: true, sparesIngestCache: true) { db -> (NotifierPass, Int64) in
            let newest = try Self.newestEventID(db)
            guard let cursor = try db.queryOne("SELECT value FROM host_settings WHERE key = ?", [.text(Self.notifierCursorKey)], {
                (try? JSON.parse($0.text(0)))?.stringValue.flatMap { Int64($0) } }) ?? nil else {
                try Self.putHostSetting(db, Self.notifierCursorKey, .string(String(newest)), now: now)
                return (nothing, newest)
            }
            let start = max(cursor, from ?? cursor)
            let events = try db.query("SELECT \(Event.columns("e")) FROM events e WHERE e.id > ? ORDER BY e.id LIMIT ?",
                                      [.integer(start), .integer(Int64(limit))], Event.init(row:))
            let last = events.last?.id ?? start
            var pass = NotifierPass(events: events.count, notifications: 0, deliveries: 0)
            for event in events {
                for (agentID, kind) in try NotificationTrigger.recipients(db, of: event) {
                    let queued = try Self.notify(db, agentID: agentID, kind: kind, event: event, now: now, mailBatchMs: mailBatchMs)
                    if queued >= 0 { pass.notifications += 1; pass.deliveries += queued }
                }
            }
            if last > cursor { try Self.putHostSetting(db, Self.notifierCursorKey, .string(String(last)), now: now) }
            return (pass, max(last, cursor))
        }
        (progress.scanned, progress.saved, progress.savedAt) = (through, through, now)
        return pass
    }

    /// One notification for one agent; the number of push deliveries queued, or -1 when nothing was stored.
    static func notify(_ db: StoreConnection, agentID: String, kind: NotificationKind, event: Event, now: Int64,
                       mailBatchMs: Int64) throws -> Int {
        let rule = try effectiveNotificationRule(db, agentID: agentID, kind: kind)
        guard let availability = try db.queryOne("SELECT availability FROM agents WHERE id = ? AND deactivated_at IS NULL",
                                                 [.text(agentID)], { $0.text(0) }) else { return -1 }
        let settings = try notificationSettings(db, agentID: agentID)
        let inApp = rule.via.contains(.app)
        // Away or offline: only the centre, unless the rule asks for push then too. Quiet hours: only the centre.
        let reachable = (availability == Availability.online.rawValue || rule.whileOffline) && !settings.isQuiet(atMillis: now)
        let push = rule.via.contains(.push) && reachable
        // A digest is a summary for later: it gathers whatever happened, whatever the availability.
        let mailDue: Int64? = !rule.via.contains(.email) ? nil
            : rule.digest == .none ? (reachable ? now + mailBatchMs : nil)
            : NotificationSchedule.nextDigest(rule.digest, after: now, timeZone: settings.timeZone)
        guard inApp || push || mailDue != nil else { return -1 }
        let words = try NotificationTrigger.wording(db, kind: kind, event: event)
        try db.run("""
            INSERT INTO notifications (agent_id, event_id, kind, conversation_id, title, body, in_app, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
            """, [.text(agentID), .integer(event.id), .text(kind.rawValue), .optional(event.conversationID), .text(words.title),
                  .text(words.body), .integer(inApp ? 1 : 0), .integer(now)])
        guard db.changes == 1 else { return -1 }
        let notificationID = db.lastInsertRowID
        var deliveries = 0
        if push {
            let subscriptions = try db.query("SELECT id FROM push_subscriptions WHERE agent_id = ? ORDER BY created_at",
                                             [.text(agentID)]) { $0.text(0) }
            for subscription in subscriptions {
                // Once per notification and browser: the key refuses a second row.
                try db.run("""
                    INSERT INTO notification_deliveries
                        (notification_id, channel, target, idempotency_key, status, next_attempt_at, created_at, updated_at)
                    VALUES (?, 'push', ?, ?, 'pending', ?, ?, ?) ON CONFLICT DO NOTHING
                    """, [.integer(notificationID), .text(subscription), .text("\(notificationID):push:\(subscription)"),
                          .integer(now), .integer(now), .integer(now)])
                deliveries += db.changes
            }
        }
        if let mailDue {
            try db.run("""
                INSERT INTO notification_deliveries
                    (notification_id, channel, target, idempotency_key, status, next_attempt_at, created_at, updated_at)
                VALUES (?, 'email', ?, ?, 'pending', ?, ?, ?) ON CONFLICT DO NOTHING
                """, [.integer(notificationID), .text(rule.digest == .none ? "now" : rule.digest.rawValue),
                      .text("\(notificationID):email"), .integer(mailDue), .integer(now), .integer(now)])
            deliveries += db.changes
        }
        if inApp {
            // Addressed to the agent: it reaches their open event streams at once, and nobody else's.
            try appendEvent(db, conversationID: nil, type: "notification.created", actor: "system",
                            data: ["notification_id": .from(notificationID), "kind": .string(kind.rawValue),
                                   "conversation_id": .from(event.conversationID), "title": .string(words.title),
                                   "body": .string(words.body)], now: now, agentID: agentID)
        }
        return deliveries
    }
}
