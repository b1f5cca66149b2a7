import SwitchboardSupport

/// A customer message waiting for the chat-completions engine's second opinion on its topic.
public struct TriageJob: Sendable, Equatable {
    public var messageID: Int64
    public var conversationID: String
    public var text: String
    /// This attempt's number (1 for the first).
    public var attempt: Int
}

/// The engine's second opinion runs as durable jobs (`triage_jobs`): queued inside ingest's write
/// (one row, no engine call), taken after the commit by the triage worker, retried with backoff
/// while the engine fails. How the two opinions combine: the engine's topic replaces the
/// conversation's when it has none, or when the engine is more confident than the classifier that
/// set it; a topic a person (or a stack) set is never replaced; below the threshold nothing is set.
extension Store {
    /// Inside ingest: ask the engine about this message once the write committed.
    static func queueTriageJob(_ db: StoreConnection, conversationID: String, messageID: Int64, now: Int64) throws {
        try db.run("INSERT INTO triage_jobs (message_id, conversation_id, next_attempt_at, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                   [.integer(messageID), .text(conversationID), .integer(now), .integer(now)])
    }

    /// The jobs due by `now`, oldest first, and when the next one comes due. Jobs whose message is
    /// gone or whose conversation a stack took over meanwhile are dropped (nothing left to classify).
    public func dueTriageJobs(now: Int64, limit: Int) throws -> (jobs: [TriageJob], nextDueAt: Int64?) {
        let rows = try read { db in
            try db.query(
                """
                SELECT j.message_id, j.conversation_id, j.attempts, m.text, c.agent_stack IS NULL FROM triage_jobs j
                LEFT JOIN messages m ON m.id = j.message_id LEFT JOIN conversations c ON c.id = j.conversation_id
                WHERE j.next_attempt_at <= ? ORDER BY j.next_attempt_at LIMIT ?
                """, [.integer(now), .integer(Int64(limit))]) { r -> (TriageJob, Bool) in
                (TriageJob(messageID: r.int(0), conversationID: r.text(1), text: r.optionalText(3) ?? "", attempt: Int(r.int(2)) + 1),
                 !r.isNull(3) && !r.isNull(4) && r.int(4) != 0)
            }
        }
        let stale = rows.filter { !$0.1 }.map(\.0)
        if !stale.isEmpty { try write { db in for job in stale { try Self.dropTriageJob(db, job) } } }
        let next = try read { db in try db.queryOne("SELECT MIN(next_attempt_at) FROM triage_jobs", [], { $0.optionalInt(0) }) ?? nil }
        return (rows.filter(\.1).map(\.0), next)
    }

    /// The engine answered: its topic (nil: none of the topics, or below the threshold) is combined
    /// with the conversation's as described above, and the job is done.
    public func settleTriageJob(_ job: TriageJob, guess: TriageGuess?, now: Int64 = Clock.nowMillis(), fence: Lease? = nil) throws {
        try write { db in
            try Self.checkFence(db, fence)
            try Self.dropTriageJob(db, job)
            guard let guess else { return }
            try db.run(
                """
                UPDATE conversations SET topic = ?, topic_confidence = ?, topic_classifier = ?
                WHERE id = ? AND agent_stack IS NULL AND (topic IS NULL OR (topic_confidence IS NOT NULL AND topic_confidence < ?))
                """, [.text(guess.topic), .real(guess.confidence), .text(TriageClassifier.engine.rawValue), .text(job.conversationID),
                      .real(guess.confidence)])
            guard db.changes > 0 else { return }
            try Self.topicDetected(db, conversationID: job.conversationID, messageID: job.messageID, guess: guess, by: .engine, now: now)
        }
    }

    /// The engine failed: try again at `nextAttemptAt`, or (nil: attempts exhausted) give up on this
    /// message, whose built-in topic stays.
    public func retryTriageJob(_ job: TriageJob, error: String, nextAttemptAt: Int64?, fence: Lease? = nil) throws {
        try write { db in
            try Self.checkFence(db, fence)
            guard let nextAttemptAt else { return try Self.dropTriageJob(db, job) }
            try db.run("UPDATE triage_jobs SET attempts = ?, last_error = ?, next_attempt_at = ? WHERE message_id = ?",
                       [.integer(Int64(job.attempt)), .text(String(error.prefix(500))), .integer(nextAttemptAt), .integer(job.messageID)])
        }
    }

    /// How many messages wait for the engine's opinion, and the last error of the oldest that failed.
    public func triageBacklog() throws -> (waiting: Int, lastError: String?) {
        try read { db in
            let waiting = try db.queryOne("SELECT COUNT(*) FROM triage_jobs", [], { Int($0.int(0)) }) ?? 0
            let error = try db.queryOne("SELECT last_error FROM triage_jobs WHERE last_error IS NOT NULL ORDER BY created_at LIMIT 1", [],
                                        { $0.optionalText(0) }) ?? nil
            return (waiting, error)
        }
    }

    static func dropTriageJob(_ db: StoreConnection, _ job: TriageJob) throws {
        try db.run("DELETE FROM triage_jobs WHERE message_id = ?", [.integer(job.messageID)])
    }
}
