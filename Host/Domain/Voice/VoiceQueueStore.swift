import SwitchboardSupport

extension Store {
    static let voiceQueueColumns = "id, name, team_id, hold_prompt, hold_music_url, announce_position, max_wait_seconds, created_at, updated_at"

    static func voiceQueue(_ r: Row) -> VoiceQueue {
        VoiceQueue(id: r.text(0), fields: VoiceQueueFields(name: r.text(1), teamID: r.text(2), holdPrompt: r.optionalText(3),
                                                           holdMusicURL: r.optionalText(4), announcePosition: r.int(5) != 0,
                                                           maxWaitSeconds: Int(r.int(6))),
                   createdAt: r.int(7), updatedAt: r.int(8))
    }

    private static func checkTeam(_ id: String, db: StoreConnection) throws {
        guard try db.queryOne("SELECT 1 FROM teams WHERE id = ?", [.text(id)], { _ in true }) != nil else {
            throw VoiceError.invalidField("team_id", "no team \(id)")
        }
    }

    public func voiceQueues() throws -> [VoiceQueue] {
        try read { db in try db.query("SELECT \(Self.voiceQueueColumns) FROM voice_queues ORDER BY name, id", [], Self.voiceQueue) }
    }

    public func voiceQueue(id: String) throws -> VoiceQueue? {
        try read { db in try db.queryOne("SELECT \(Self.voiceQueueColumns) FROM voice_queues WHERE id = ?", [.text(id)], Self.voiceQueue) }
    }

    public func createVoiceQueue(_ fields: VoiceQueueFields) throws -> VoiceQueue {
        try write { db in
            try Self.checkTeam(fields.teamID, db: db)
            let now = Clock.nowMillis()
            let queue = VoiceQueue(id: Identifier.make("vqu"), fields: fields, createdAt: now, updatedAt: now)
            try db.run("INSERT INTO voice_queues (\(Self.voiceQueueColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       [.text(queue.id), .text(queue.name), .text(queue.teamID), .optional(queue.holdPrompt), .optional(queue.holdMusicURL),
                        .integer(queue.announcePosition ? 1 : 0), .integer(Int64(queue.maxWaitSeconds)), .integer(now), .integer(now)])
            return queue
        }
    }

    /// Replaces every field (absent optional ones are cleared).
    public func replaceVoiceQueue(id: String, _ fields: VoiceQueueFields) throws -> VoiceQueue {
        try write { db in
            guard try db.queryOne("SELECT 1 FROM voice_queues WHERE id = ?", [.text(id)], { _ in true }) != nil else {
                throw VoiceError.notFound("no queue \(id)")
            }
            try Self.checkTeam(fields.teamID, db: db)
            try db.run("""
                UPDATE voice_queues SET name = ?, team_id = ?, hold_prompt = ?, hold_music_url = ?, announce_position = ?,
                max_wait_seconds = ?, updated_at = ? WHERE id = ?
                """, [.text(fields.name), .text(fields.teamID), .optional(fields.holdPrompt), .optional(fields.holdMusicURL),
                      .integer(fields.announcePosition ? 1 : 0), .integer(Int64(fields.maxWaitSeconds)), .integer(Clock.nowMillis()), .text(id)])
            return try db.queryOne("SELECT \(Self.voiceQueueColumns) FROM voice_queues WHERE id = ?", [.text(id)], Self.voiceQueue)!
        }
    }

    /// Refused (409) while a published flow sends calls to the queue.
    public func deleteVoiceQueue(id: String) throws {
        let users = try publishedVoiceFlows().filter { $0.revision.flow.queueIDs.contains(id) }.map(\.flowID)
        if !users.isEmpty {
            throw VoiceError.conflict(field: nil, "the published flow(s) \(users.joined(separator: ", ")) send calls to this queue; publish them without it first")
        }
        try write { db in
            try db.run("DELETE FROM voice_queues WHERE id = ?", [.text(id)])
            guard db.changes > 0 else { throw VoiceError.notFound("no queue \(id)") }
        }
    }
}
