import SwitchboardSupport

extension Store {
    static let voiceFlowColumns = "id, name, draft, published_revision, created_at, updated_at"
    static let voiceRevisionColumns = "flow_id, number, definition, sha256, author, message, created_at"

    static func voiceFlow(_ r: Row) -> VoiceFlow {
        VoiceFlow(id: r.text(0), name: r.text(1), draft: r.text(2), publishedRevision: r.optionalInt(3).map(Int.init),
                  createdAt: r.int(4), updatedAt: r.int(5))
    }

    static func voiceRevision(_ r: Row) -> VoiceRevision {
        VoiceRevision(flowID: r.text(0), number: Int(r.int(1)), definition: r.text(2), sha256: r.text(3), author: r.text(4),
                      message: r.optionalText(5), createdAt: r.int(6))
    }

    private static func loadVoiceFlow(_ id: String, db: StoreConnection) throws -> VoiceFlow {
        guard let flow = try db.queryOne("SELECT \(voiceFlowColumns) FROM voice_flows WHERE id = ?", [.text(id)], voiceFlow) else {
            throw VoiceError.notFound("no flow \(id)")
        }
        return flow
    }

    public func voiceFlows() throws -> [VoiceFlow] {
        try read { db in try db.query("SELECT \(Self.voiceFlowColumns) FROM voice_flows ORDER BY name, id", [], Self.voiceFlow) }
    }

    public func voiceFlow(id: String) throws -> VoiceFlow? {
        try read { db in try db.queryOne("SELECT \(Self.voiceFlowColumns) FROM voice_flows WHERE id = ?", [.text(id)], Self.voiceFlow) }
    }

    /// `definition`: JSON text already checked by `VoiceFlow.checkDefinition`.
    public func createVoiceFlow(name: String, definition: String) throws -> VoiceFlow {
        try VoiceFlow.checkName(name)
        let now = Clock.nowMillis()
        let flow = VoiceFlow(id: Identifier.make("flw"), name: name, draft: definition, publishedRevision: nil, createdAt: now, updatedAt: now)
        try write { db in
            try db.run("INSERT INTO voice_flows (\(Self.voiceFlowColumns)) VALUES (?, ?, ?, NULL, ?, ?)",
                       [.text(flow.id), .text(name), .text(definition), .integer(now), .integer(now)])
        }
        return flow
    }

    /// Autosave: the draft may be invalid; only publishing requires a valid one.
    public func saveVoiceDraft(flowID: String, definition: String) throws -> VoiceFlow {
        try write { db in
            var flow = try Self.loadVoiceFlow(flowID, db: db)
            flow.draft = definition
            flow.updatedAt = Clock.nowMillis()
            try db.run("UPDATE voice_flows SET draft = ?, updated_at = ? WHERE id = ?", [.text(definition), .integer(flow.updatedAt), .text(flowID)])
            return flow
        }
    }

    /// Refused (409) while a channel instance answers calls with the flow (its config's `flow_id`).
    public func deleteVoiceFlow(id: String) throws {
        let users = try channelInstances().filter { instance in
            (try? JSON.parse(instance.configJSON))?["flow_id"]?.stringValue == id
        }.map(\.id)
        if !users.isEmpty {
            throw VoiceError.conflict(field: nil, "the channel instance(s) \(users.joined(separator: ", ")) answer calls with this flow; point them at another flow first")
        }
        try write { db in
            try db.run("DELETE FROM voice_flow_revisions WHERE flow_id = ?", [.text(id)])
            try db.run("DELETE FROM voice_flows WHERE id = ?", [.text(id)])
            guard db.changes > 0 else { throw VoiceError.notFound("no flow \(id)") }
        }
    }

    /// Appends an immutable revision of `definition` (validated by the caller) and points the flow at it.
    public func publishVoiceRevision(flowID: String, definition: String, author: String, message: String?) throws -> VoiceRevision {
        if let message, message.count > VoiceRevision.maxMessageLength {
            throw VoiceError.invalidField("message", "must be at most \(VoiceRevision.maxMessageLength) characters")
        }
        return try write { db in
            _ = try Self.loadVoiceFlow(flowID, db: db)
            let last = try db.queryOne("SELECT MAX(number) FROM voice_flow_revisions WHERE flow_id = ?", [.text(flowID)]) { $0.optionalInt(0) } ?? nil
            let now = Clock.nowMillis()
            let revision = VoiceRevision(flowID: flowID, number: Int(last ?? 0) + 1, definition: definition, sha256: Crypto.sha256Hex(definition),
                                         author: author, message: message, createdAt: now)
            try db.run("INSERT INTO voice_flow_revisions (\(Self.voiceRevisionColumns)) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       [.text(flowID), .integer(Int64(revision.number)), .text(definition), .text(revision.sha256), .text(author),
                        .optional(message), .integer(now)])
            try db.run("UPDATE voice_flows SET published_revision = ?, updated_at = ? WHERE id = ?",
                       [.integer(Int64(revision.number)), .integer(now), .text(flowID)])
            return revision
        }
    }

    /// Re-points the flow at an earlier revision; nothing is edited.
    public func rollBackVoiceFlow(id: String, to number: Int) throws -> VoiceFlow {
        try write { db in
            var flow = try Self.loadVoiceFlow(id, db: db)
            guard try db.queryOne("SELECT 1 FROM voice_flow_revisions WHERE flow_id = ? AND number = ?",
                                  [.text(id), .integer(Int64(number))], { _ in true }) != nil
            else { throw VoiceError.invalidField("revision", "flow \(id) has no revision \(number)") }
            flow.publishedRevision = number
            flow.updatedAt = Clock.nowMillis()
            try db.run("UPDATE voice_flows SET published_revision = ?, updated_at = ? WHERE id = ?",
                       [.integer(Int64(number)), .integer(flow.updatedAt), .text(id)])
            return flow
        }
    }

    /// Newest first.
    public func voiceRevisions(flowID: String) throws -> [VoiceRevision] {
        try read { db in
            _ = try Self.loadVoiceFlow(flowID, db: db)
            return try db.query("SELECT \(Self.voiceRevisionColumns) FROM voice_flow_revisions WHERE flow_id = ? ORDER BY number DESC",
                                [.text(flowID)], Self.voiceRevision)
        }
    }

    public func voiceRevision(flowID: String, number: Int) throws -> VoiceRevision? {
        try read { db in
            try db.queryOne("SELECT \(Self.voiceRevisionColumns) FROM voice_flow_revisions WHERE flow_id = ? AND number = ?",
                            [.text(flowID), .integer(Int64(number))], Self.voiceRevision)
        }
    }

    /// The revision new calls on the flow start on, or nil while it was never published.
    public func publishedVoiceRevision(flowID: String) throws -> VoiceRevision? {
        try read { db in
            try db.queryOne("""
                SELECT r.flow_id, r.number, r.definition, r.sha256, r.author, r.message, r.created_at FROM voice_flow_revisions r
                JOIN voice_flows f ON f.id = r.flow_id AND f.published_revision = r.number WHERE f.id = ?
                """, [.text(flowID)], Self.voiceRevision)
        }
    }

    /// A revision ready for the engine, its hours checks reading the stored schedules as they are now
    /// (so a holiday added today applies to calls on older revisions too). nil: no such revision.
    public func runnableVoiceRevision(flowID: String, number: Int) throws -> IVRRevision? {
        guard let stored = try voiceRevision(flowID: flowID, number: number) else { return nil }
        return try runnable(stored)
    }

    func runnable(_ stored: VoiceRevision) throws -> IVRRevision {
        let flow: IVRFlow
        if let cached = parsedVoiceFlows.withLock({ $0[stored.sha256] }) {
            flow = cached
        } else {
            flow = try IVRFlow.parse(stored.definition)
            parsedVoiceFlows.withLock { cache in
                if cache.count >= 256 { cache.removeAll() }
                cache[stored.sha256] = flow
            }
        }
        var schedules: [String: IVRSchedule] = [:]
        for id in flow.scheduleIDs where flow.schedules[id] == nil {
            if let schedule = try voiceSchedule(id: id) { schedules[id] = schedule.ivrSchedule }
        }
        return IVRRevision(number: stored.number, flow: flow.resolvingSchedules { schedules[$0] })
    }

    /// Every flow's published revision, parsed (for the checks that keep what calls use from being deleted).
    func publishedVoiceFlows() throws -> [(flowID: String, revision: IVRRevision)] {
        let revisions = try read { db in
            try db.query("""
                SELECT r.flow_id, r.number, r.definition, r.sha256, r.author, r.message, r.created_at FROM voice_flow_revisions r
                JOIN voice_flows f ON f.id = r.flow_id AND f.published_revision = r.number
                """, [], Self.voiceRevision)
        }
        return revisions.compactMap { stored in
            (try? IVRFlow.parse(stored.definition)).map { (stored.flowID, IVRRevision(number: stored.number, flow: $0)) }
        }
    }
}
