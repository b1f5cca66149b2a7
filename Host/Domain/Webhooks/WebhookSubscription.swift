import SwitchboardSupport

/// An integrator's (or admin's) subscription to host events, delivered by POST to `url`.
///
/// `cursor` is the highest event id handled: delivered, dead-lettered, or not wanted. Events come
/// strictly in id order, one at a time: the event after the cursor that the subscription wants is
/// its *head*, and `attempts` / `nextAttemptAt` count the failed tries at `headEventID`.
public struct WebhookSubscription: Sendable, Equatable {
    public var id: String
    public var url: String
    public var eventTypes: [String]
    public var description: String
    /// The signing secret; the REST API shows it once, at creation (and at each rotation).
    public var secret: String
    /// The API key that created it: an integrator sees and changes only its own subscriptions.
    public var ownerKeyID: String?
    /// What the creator could see when it subscribed: decides which events it receives.
    public var owner: Viewer
    public var enabled: Bool
    public var cursor: Int64
    public var headEventID: Int64?
    public var attempts: Int
    public var nextAttemptAt: Int64?
    public var deadLetterCount: Int
    public var createdAt: Int64
    public var updatedAt: Int64
    /// The secret before the last rotation, while it still signs too (nil once its overlap ended).
    public var previousSecret: String? = nil

    /// The parsed event types; nil (nothing matches) if a stored list no longer parses.
    public var filter: EventTypeFilter? { try? EventTypeFilter(eventTypes) }

    /// The id of every attempt to deliver `eventID` here: receivers dedupe on it.
    public func deliveryID(eventID: Int64) -> String { "\(id)-\(eventID)" }
}

/// Changes to a subscription; nil leaves a setting as it is.
public struct WebhookChange: Sendable {
    public var url: String?
    public var eventTypes: EventTypeFilter?
    public var description: String?
    public var enabled: Bool?

    public init(url: String? = nil, eventTypes: EventTypeFilter? = nil, description: String? = nil, enabled: Bool? = nil) {
        self.url = url
        self.eventTypes = eventTypes
        self.description = description
        self.enabled = enabled
    }
}

extension Store {
    static let webhookColumns = """
        id, url, event_types, description, secret, owner_key_id, viewer_kind, viewer_ref, enabled, cursor, head_event_id,
        attempts, next_attempt_at, created_at, updated_at,
        (SELECT COUNT(*) FROM webhook_dead_letters d WHERE d.subscription_id = webhook_subscriptions.id),
        previous_secret, previous_secret_expires_at
        """

    static func webhook(_ r: Row) -> WebhookSubscription {
        WebhookSubscription(id: r.text(0), url: r.text(1),
                            eventTypes: (try? JSON.parse(r.text(2)))?.arrayValue?.compactMap(\.stringValue) ?? [],
                            description: r.text(3), secret: r.text(4), ownerKeyID: r.optionalText(5),
                            owner: Viewer(storedKind: r.text(6), ref: r.text(7)), enabled: r.int(8) != 0, cursor: r.int(9),
                            headEventID: r.optionalInt(10), attempts: Int(r.int(11)), nextAttemptAt: r.optionalInt(12),
                            deadLetterCount: Int(r.int(15)), createdAt: r.int(13), updatedAt: r.int(14),
                            previousSecret: (r.optionalInt(17) ?? 0) > Clock.nowMillis() ? r.optionalText(16) : nil)
    }

    /// A new subscription, starting after the newest event: it receives what happens from now on.
    public func createWebhook(url: String, eventTypes: EventTypeFilter, description: String, ownerKeyID: String?,
                              owner: Viewer) throws -> WebhookSubscription {
        let id = Identifier.make("whk")
        let secret = "whsec_" + Crypto.randomHex(bytes: 24)
        let stored = owner.stored
        try write { db in
            let now = Clock.nowMillis()
            try db.run("""
                INSERT INTO webhook_subscriptions (id, url, event_types, description, secret, owner_key_id, viewer_kind, viewer_ref,
                                                   enabled, cursor, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, (SELECT COALESCE(MAX(id), 0) FROM events), ?, ?)
                """, [.text(id), .text(url), .text(JSON.array(eventTypes.texts.map(JSON.string)).serialized), .text(description),
                      .text(secret), .optional(ownerKeyID), .text(stored.kind), .text(stored.ref), .integer(now), .integer(now)])
        }
        return try webhook(id: id)!
    }

    public func webhook(id: String) throws -> WebhookSubscription? {
        try read { db in
            try db.queryOne("SELECT \(Self.webhookColumns) FROM webhook_subscriptions WHERE id = ?", [.text(id)], Self.webhook)
        }
    }

    /// Every subscription, or only those created by one API key; oldest first.
    public func webhooks(ownerKeyID: String? = nil) throws -> [WebhookSubscription] {
        try read { db in
            if let ownerKeyID {
                return try db.query("SELECT \(Self.webhookColumns) FROM webhook_subscriptions WHERE owner_key_id = ? ORDER BY created_at, id",
                                    [.text(ownerKeyID)], Self.webhook)
            }
            return try db.query("SELECT \(Self.webhookColumns) FROM webhook_subscriptions ORDER BY created_at, id", [], Self.webhook)
        }
    }

    /// Apply a change. Any change clears the backoff of the event at the head, so a fixed URL (or a
    /// re-enabled subscription) is tried at once rather than after the last retry delay.
    public func updateWebhook(id: String, _ change: WebhookChange) throws -> WebhookSubscription? {
        let changed = try write { db -> Bool in
            var sets = ["attempts = 0", "head_event_id = NULL", "next_attempt_at = NULL", "updated_at = ?"]
            var values: [SQLValue] = [.integer(Clock.nowMillis())]
            if let url = change.url { sets.append("url = ?"); values.append(.text(url)) }
            if let types = change.eventTypes {
                sets.append("event_types = ?"); values.append(.text(JSON.array(types.texts.map(JSON.string)).serialized))
            }
            if let description = change.description { sets.append("description = ?"); values.append(.text(description)) }
            if let enabled = change.enabled { sets.append("enabled = ?"); values.append(.integer(enabled ? 1 : 0)) }
            try db.run("UPDATE webhook_subscriptions SET \(sets.joined(separator: ", ")) WHERE id = ?", values + [.text(id)])
            return db.changes > 0
        }
        return changed ? try webhook(id: id) : nil
    }

    /// Remove a subscription with its dead letters, queued replays and attempt log.
    public func deleteWebhook(id: String) throws -> Bool {
        try write { db in
            try db.run("DELETE FROM webhook_subscriptions WHERE id = ?", [.text(id)])
            let existed = db.changes > 0
            for table in ["webhook_dead_letters", "webhook_replays", "webhook_deliveries"] {
                try db.run("DELETE FROM \(table) WHERE subscription_id = ?", [.text(id)])
            }
            return existed
        }
    }
}
