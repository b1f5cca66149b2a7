import SwitchboardSupport

extension Store {
    static let voiceFlowTestColumns = "id, flow_id, test, created_at"
    /// Saved tests a flow may hold.
    public static let maxVoiceFlowTests = 100

    static func voiceFlowTest(_ r: Row) throws -> VoiceFlowTest {
        guard let object = try JSON.parse(r.text(2)).objectValue else { throw VoiceError.invalidField("test", "stored test \(r.text(0)) is not an object") }
        return VoiceFlowTest(id: r.text(0), flowID: r.text(1), test: try IVRFlowTest.parse(object), createdAt: r.int(3))
    }

    /// Oldest first.
    public func voiceFlowTests(flowID: String) throws -> [VoiceFlowTest] {
        try read { db in
            guard try db.queryOne("SELECT 1 FROM voice_flows WHERE id = ?", [.text(flowID)], { _ in true }) != nil else {
                throw VoiceError.notFound("no flow \(flowID)")
            }
            return try db.query("SELECT \(Self.voiceFlowTestColumns) FROM voice_flow_tests WHERE flow_id = ? ORDER BY created_at, id",
                                [.text(flowID)], Self.voiceFlowTest)
        }
    }

    public func createVoiceFlowTest(flowID: String, test: IVRFlowTest) throws -> VoiceFlowTest {
        try write { db in
            guard try db.queryOne("SELECT 1 FROM voice_flows WHERE id = ?", [.text(flowID)], { _ in true }) != nil else {
                throw VoiceError.notFound("no flow \(flowID)")
            }
            let count = try db.queryOne("SELECT COUNT(*) FROM voice_flow_tests WHERE flow_id = ?", [.text(flowID)]) { $0.int(0) } ?? 0
            guard count < Self.maxVoiceFlowTests else {
                throw VoiceError.conflict(field: nil, "flow \(flowID) already has \(Self.maxVoiceFlowTests) saved tests; delete one first")
            }
            let saved = VoiceFlowTest(id: Identifier.make("vft"), flowID: flowID, test: test, createdAt: Clock.nowMillis())
            try db.run("INSERT INTO voice_flow_tests (\(Self.voiceFlowTestColumns)) VALUES (?, ?, ?, ?)",
                       [.text(saved.id), .text(flowID), .text(test.json.serialized), .integer(saved.createdAt)])
            return saved
        }
    }

    public func deleteVoiceFlowTest(flowID: String, id: String) throws {
        try write { db in
            try db.run("DELETE FROM voice_flow_tests WHERE flow_id = ? AND id = ?", [.text(flowID), .text(id)])
            guard db.changes > 0 else { throw VoiceError.notFound("no test \(id) of flow \(flowID)") }
        }
    }

    /// A definition as the simulator and saved tests run it: parsed, its hours checks reading the
    /// stored schedules it does not carry itself.
    public func simulatableVoiceFlow(_ flow: IVRFlow) throws -> IVRFlow {
        let schedules = try Dictionary(voiceSchedules().map { ($0.id, $0.ivrSchedule) }, uniquingKeysWith: { a, _ in a })
        return flow.resolvingSchedules { schedules[$0] }
    }

    /// The first saved test of the flow the definition fails, with what went differently; nil when all pass.
    public func failingVoiceFlowTest(flowID: String, definition: String, nowMillis: Int64) throws -> (test: VoiceFlowTest, failure: String)? {
        let tests = try voiceFlowTests(flowID: flowID)
        guard !tests.isEmpty else { return nil }
        let flow = try simulatableVoiceFlow(try IVRFlow.parse(definition))
        for saved in tests {
            if let failure = saved.test.failure(on: flow, nowMillis: nowMillis) { return (saved, failure) }
        }
        return nil
    }

    /// Per-node and per-edge counts over the flow's stored calls, each walked on its own revision;
    /// with `revision`, only the calls pinned to that one.
    public func voiceFlowStats(flowID: String, revision: Int? = nil) throws -> IVRFlowStats {
        guard try voiceFlow(id: flowID) != nil else { throw VoiceError.notFound("no flow \(flowID)") }
        if let revision, try voiceRevision(flowID: flowID, number: revision) == nil {
            throw VoiceError.notFound("flow \(flowID) has no revision \(revision)")
        }
        var stats = IVRFlowStats()
        var revisions: [Int: IVRFlow] = [:]
        for call in try voiceCalls(flowID: flowID) where revision == nil || call.revision == revision {
            if revisions[call.revision] == nil, let stored = try voiceRevision(flowID: flowID, number: call.revision) {
                revisions[call.revision] = try? IVRFlow.parse(stored.definition)
            }
            guard let flow = revisions[call.revision] else { continue }
            stats.add(path: call.state.path, ended: call.state.ended || call.endedAt != nil, flow: flow)
        }
        return stats
    }
}
