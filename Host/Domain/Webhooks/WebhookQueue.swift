import SwitchboardSupport

/// One attempt to deliver one event to one subscription.
public struct WebhookJob: Sendable, Equatable {
    public var subscriptionID: String
    public var url: String
    public var secret: String
    /// Also signs while a rotation's overlap lasts.
    public var previousSecret: String? = nil
    public var event: WebhookEvent
    /// 1 for the first try of this event here, 2 for the first retry, …
    public var attempt: Int
    /// A replay of an event at or below the cursor (from the replay queue), not the live stream.
    public var replay: Bool
    /// The cursor this job was chosen at: its outcome is dropped if a replay moved the cursor meanwhile.
    public var expectedCursor: Int64

    public var deliveryID: String { "\(subscriptionID)-\(event.event.id)" }
}

/// What the dispatcher should do now, and when to look again at the earliest retry.
public struct WebhookWork: Sendable {
    public var jobs: [WebhookJob] = []
    public var nextDueAt: Int64?
    /// Enabled subscriptions seen (busy ones included): none means nothing can be owed.
    public var subscriptions = 0
}

/// What became of an attempt.
public enum WebhookAttemptResult: Sendable, Equatable {
    case delivered
    case retry(at: Int64)
    case deadLettered
    /// The subscription was deleted, or a replay moved its cursor, while the attempt ran: nothing recorded but the log.
    case stale
}

extension Store {
    /// Attempts kept in each subscription's delivery log.
    public static let webhookLogSize = 100

    static let webhookEventColumns = """
        e.id, e.conversation_id, e.type, e.actor, e.data, e.created_at, e.agent_id, c.channel_instance_id
        """
    static let webhookEventSource = "events e LEFT JOIN conversations c ON c.id = e.conversation_id"

    static func webhookEvent(_ r: Row) -> WebhookEvent {
        WebhookEvent(event: Event(id: r.int(0), conversationID: r.optionalText(1), type: r.text(2), actor: r.text(3),
                                  dataJSON: r.text(4), createdAt: r.int(5)),
                     agentID: r.optionalText(6), channelInstanceID: r.optionalText(7))
    }

    /// The head event of every enabled subscription not in `busy`, when it is due.
    ///
    /// A subscription's head is the lowest of: a queued replay at or below its cursor, and the first
    /// event after its cursor that it wants. Events it does not want are skipped by moving the cursor
    /// past them (a compare-and-set, so a concurrent replay wins). An integrator subscription whose
    /// API key was revoked pauses with its cursor, like a disabled one: the key's owner is gone.
    public func webhookWork(now: Int64, busy: Set<String>, scanBatch: Int = 500, maxScanned: Int = 5_000) throws -> WebhookWork {
        var work = WebhookWork()
        func due(at time: Int64) { work.nextDueAt = min(work.nextDueAt ?? time, time) }
        let subscriptions = try read { db in
            try db.query("""
                SELECT \(Self.webhookColumns) FROM webhook_subscriptions
                WHERE enabled = 1 AND (viewer_kind = 'everyone' OR owner_key_id IN (SELECT id FROM api_keys WHERE revoked_at IS NULL))
                ORDER BY created_at, id
                """, [], Self.webhook)
        }
        work.subscriptions = subscriptions.count
        var skips: [(id: String, from: Int64, to: Int64)] = []
        var unreplayable: [(WebhookSubscription, Int64, String)] = []
        for s in subscriptions where !busy.contains(s.id) {
            var head: (event: WebhookEvent, replay: Bool)?
            let replay = try read { db in
                try db.queryOne("SELECT MIN(event_id) FROM webhook_replays WHERE subscription_id = ? AND event_id <= ?",
                                [.text(s.id), .integer(s.cursor)]) { $0.optionalInt(0) } ?? nil
            }
            if let replay {
                guard let event = try webhookEvent(id: replay), WebhookAudience.mayReceive(s.owner, event) else {
                    unreplayable.append((s, replay, "the event is gone or no longer visible to this subscription's owner"))
                    continue
                }
                head = (event, true)
            } else if let held = s.headEventID, held > s.cursor, let at = s.nextAttemptAt, at > now {
                // The live head waits for its retry; nothing before it can appear (ids only grow).
                due(at: at)
                continue
            } else {
                let (found, scannedThrough) = try firstWanted(by: s, batch: scanBatch, limit: maxScanned)
                if let found { head = (found, false) }
                if scannedThrough > s.cursor && found == nil { skips.append((s.id, s.cursor, scannedThrough)) }
            }
            guard let head else { continue }
            let retrying = s.headEventID == head.event.event.id
            if retrying, let at = s.nextAttemptAt, at > now {
                due(at: at)
                continue
            }
            work.jobs.append(WebhookJob(subscriptionID: s.id, url: s.url, secret: s.secret, previousSecret: s.previousSecret, event: head.event,
                                        attempt: (retrying ? s.attempts : 0) + 1, replay: head.replay, expectedCursor: s.cursor))
        }
        if !skips.isEmpty || !unreplayable.isEmpty {
            // Webhook tables only, as in recordWebhookAttempt: ingest's cache is spared (a pass runs after
            // every commit), and the body only touches the database, so it may run again after a rollback.
            try write(rerunnable: true, sparesIngestCache: true) { db in
                for skip in skips {
                    try db.run("UPDATE webhook_subscriptions SET cursor = ? WHERE id = ? AND cursor = ?",
                               [.integer(skip.to), .text(skip.id), .integer(skip.from)])
                }
                for (s, eventID, why) in unreplayable {
                    try db.run("DELETE FROM webhook_replays WHERE subscription_id = ? AND event_id = ?", [.text(s.id), .integer(eventID)])
                    try db.run("UPDATE webhook_dead_letters SET last_error = ? WHERE subscription_id = ? AND event_id = ?",
                               [.text(why), .text(s.id), .integer(eventID)])
                }
            }
        }
        return work
    }

    /// The first event after the cursor that `s` wants, and how far the scan got (all non-matching up to there).
    func firstWanted(by s: WebhookSubscription, batch: Int, limit: Int) throws -> (WebhookEvent?, Int64) {
        let filter = s.filter   // parsed once, not per event
        var after = s.cursor
        var scanned = 0
        while scanned < limit {
            let events = try read { db in
                try db.query("SELECT \(Self.webhookEventColumns) FROM \(Self.webhookEventSource) WHERE e.id > ? ORDER BY e.id LIMIT ?",
                             [.integer(after), .integer(Int64(batch))], Self.webhookEvent)
            }
            if let wanted = events.first(where: { WebhookAudience.mayReceive(s.owner, $0) && filter?.matches($0.event.type) == true }) {
                return (wanted, after)
            }
            guard let last = events.last else { break }
            after = last.event.id
            scanned += events.count
            if events.count < batch { break }
        }
        return (nil, after)
    }

    func webhookEvent(id: Int64) throws -> WebhookEvent? {
        try read { db in
            try db.queryOne("SELECT \(Self.webhookEventColumns) FROM \(Self.webhookEventSource) WHERE e.id = ?", [.integer(id)], Self.webhookEvent)
        }
    }

    /// Record one attempt: log it, then advance (2xx), schedule a retry, or dead-letter the event once
    /// `policy` has no attempts left. `statusCode` is nil when the receiver never answered.
    public func recordWebhookAttempt(_ job: WebhookJob, statusCode: Int?, error: String?, durationMs: Int,
                                     policy: RetryPolicy, now: Int64 = Clock.nowMillis(), fence: Lease? = nil) throws -> WebhookAttemptResult {
        let delivered = statusCode.map { (200...299).contains($0) } ?? false
        let sub = SQLValue.text(job.subscriptionID), event = SQLValue.integer(job.event.event.id)
        return try write(rerunnable: true, sparesIngestCache: true) { db in
            // Another host took the subscription over: its owner sends the event again, same delivery id.
            try Self.checkFence(db, fence)
            // A deleted subscription keeps no log.
            guard let cursor = try db.queryOne("SELECT cursor FROM webhook_subscriptions WHERE id = ?", [sub], { $0.int(0) }) else {
                return .stale
            }
            try db.run("""
                INSERT INTO webhook_deliveries (subscription_id, event_id, event_type, attempt, replay, status_code, error, duration_ms, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, [sub, event, .text(job.event.event.type), .integer(Int64(job.attempt)), .integer(job.replay ? 1 : 0),
                      .optional(statusCode.map(Int64.init)), .optional(delivered ? nil : error), .integer(Int64(durationMs)), .integer(now)])
            try db.run("""
                DELETE FROM webhook_deliveries WHERE subscription_id = ? AND id <= (
                    SELECT id FROM webhook_deliveries WHERE subscription_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?)
                """, [sub, sub, .integer(Int64(Self.webhookLogSize))])
            if job.replay {
                guard try db.queryOne("SELECT 1 FROM webhook_replays WHERE subscription_id = ? AND event_id = ?", [sub, event], { _ in true }) != nil
                else { return .stale }
            } else {
                guard cursor == job.expectedCursor else { return .stale }
            }
            // Done with this event: the head is free; a live event also moves the cursor (a replayed one is behind it).
            func finish() throws {
                try db.run("""
                    UPDATE webhook_subscriptions SET head_event_id = NULL, attempts = 0, next_attempt_at = NULL,
                        cursor = CASE WHEN ? = 1 THEN ? ELSE cursor END
                    WHERE id = ?
                    """, [.integer(job.replay ? 0 : 1), event, sub])
            }
            if delivered {
                try finish()
                try db.run("DELETE FROM webhook_dead_letters WHERE subscription_id = ? AND event_id = ?", [sub, event])
                try db.run("DELETE FROM webhook_replays WHERE subscription_id = ? AND event_id = ?", [sub, event])
                return .delivered
            }
            if policy.exhausted(afterAttempts: job.attempt) {
                try db.run("""
                    INSERT INTO webhook_dead_letters (subscription_id, event_id, attempts, status_code, last_error, created_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (subscription_id, event_id) DO UPDATE SET
                        attempts = excluded.attempts, status_code = excluded.status_code, last_error = excluded.last_error,
                        created_at = excluded.created_at
                    """, [sub, event, .integer(Int64(job.attempt)), .optional(statusCode.map(Int64.init)),
                          .text(error ?? "failed"), .integer(now)])
                try finish()
                try db.run("DELETE FROM webhook_replays WHERE subscription_id = ? AND event_id = ?", [sub, event])
                return .deadLettered
            }
            let at = now + Int64(policy.delayMs(afterAttempts: job.attempt))
            try db.run("UPDATE webhook_subscriptions SET head_event_id = ?, attempts = ?, next_attempt_at = ? WHERE id = ?",
                       [event, .integer(Int64(job.attempt)), .integer(at), sub])
            return .retry(at: at)
        }
    }
}
