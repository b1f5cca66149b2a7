import SwitchboardSupport

extension Store {
    /// The agent rung for a live caller answered: the place ends as answered by them. Nil when the
    /// caller no longer waits for this agent (hung up meanwhile, or offered to someone else).
    public func answerVoiceQueueEntry(id: String, agentID: String, nowMillis: Int64) throws -> VoiceQueueEntry? {
        try write { db in
            try db.run("UPDATE voice_queue_entries SET status = 'answered', updated_at = ? WHERE id = ? AND status = 'waiting' AND agent_id = ?",
                       [.integer(nowMillis), .text(id), .text(agentID)])
            return db.changes == 1 ? try Self.entry(db, id: id) : nil
        }
    }

    /// The agent rung for a live caller did not answer: the caller is offered again in the same place,
    /// and not to this agent (`voiceAgentOffer(…, entryID:)` skips them).
    public func missVoiceOffer(id: String, agentID: String, status: String, nowMillis: Int64) throws {
        try write { db in
            try db.run("UPDATE voice_queue_entries SET agent_id = NULL, updated_at = ? WHERE id = ? AND status = 'waiting' AND agent_id = ?",
                       [.integer(nowMillis), .text(id), .text(agentID)])
            try Self.noteMiss(db, entryID: id, agentID: agentID, status: status, now: nowMillis)
        }
    }

    static func noteMiss(_ db: StoreConnection, entryID: String, agentID: String, status: String, now: Int64) throws {
        try db.run("INSERT INTO voice_agent_misses (entry_id, agent_id, status, missed_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                   [.text(entryID), .text(agentID), .text(status), .integer(now)])
    }
}
