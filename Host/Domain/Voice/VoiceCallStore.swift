import FoundationEssentials
import SwitchboardSupport

extension Store {
    static let voiceCallColumns = "call_sid, instance_id, flow_id, revision, conversation_id, caller, state, seq, last_answer, status, started_at, ended_at"

    static func voiceCall(_ r: Row) throws -> VoiceCall {
        let state = try JSONDecoder().decode(IVRCallState.self, from: Data(r.text(6).utf8))
        return VoiceCall(callSID: r.text(0), instanceID: r.text(1), flowID: r.text(2), revision: Int(r.int(3)), conversationID: r.text(4),
                         caller: r.text(5), state: state, seq: Int(r.int(7)), lastAnswer: r.optionalText(8), status: r.text(9),
                         startedAt: r.int(10), endedAt: r.optionalInt(11))
    }

    static func stateJSON(_ state: IVRCallState) throws -> String {
        // Sorted keys: a step's UPDATE matches the stored text, so one state must have one encoding.
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(state), as: UTF8.self)
    }

    public func voiceCall(sid: String) throws -> VoiceCall? {
        try read { db in try db.queryOne("SELECT \(Self.voiceCallColumns) FROM voice_calls WHERE call_sid = ?", [.text(sid)], Self.voiceCall) }
    }

    /// The calls a flow answered, oldest first (per-node counts come from their paths).
    public func voiceCalls(flowID: String, limit: Int = 10_000) throws -> [VoiceCall] {
        try read { db in
            try db.query("SELECT \(Self.voiceCallColumns) FROM voice_calls WHERE flow_id = ? ORDER BY started_at LIMIT ?",
                         [.text(flowID), .integer(Int64(limit))], Self.voiceCall)
        }
    }

    /// One step of a call: the first (`.callStarted`) pins the flow's published revision and stores the
    /// call; later ones run the engine from the stored state. A request whose seq was already answered
    /// (Twilio retrying, a late duplicate) or that the waiting node cannot take gets the stored answer
    /// again and changes nothing. `.hungUp` (the status callback) ends the call whatever its seq.
    public func stepVoiceCall(_ request: VoiceStepRequest, flowID: String?, finalStatus: String? = nil, nowMillis: Int64) throws -> VoiceStepAnswer {
        guard let call = try voiceCall(sid: request.callSID) else {
            guard request.input == .callStarted else { throw VoiceCallError.unknownCall(request.callSID) }
            return try startVoiceCall(request, flowID: flowID, nowMillis: nowMillis)
        }
        guard call.instanceID == request.instanceID else { throw VoiceCallError.unknownCall(request.callSID) }
        let replay = VoiceStepAnswer(call: call, answerJSON: call.lastAnswer ?? "{}", events: [], replayed: true)
        guard let revision = try runnableVoiceRevision(flowID: call.flowID, number: call.revision) else {
            throw VoiceCallError.noFlow("flow \(call.flowID) has no revision \(call.revision)")
        }
        if request.input == .hungUp { return try hangUpVoiceCall(call, revision: revision, status: finalStatus, nowMillis: nowMillis) ?? replay }
        if request.input == .callStarted || request.seq != call.seq + 1 { return replay }
        let step: IVRStep
        do { step = try IVREngine.step(revision: revision, state: call.state, input: request.input, nowMillis: nowMillis) } catch {
            return replay
        }
        var next = call
        next.state = step.state
        next.seq = request.seq
        if step.state.ended {
            next.status = finalStatus ?? "completed"
            next.endedAt = next.endedAt ?? nowMillis
        }
        next.lastAnswer = try answerJSON(seq: next.seq, step: step, conversationID: call.conversationID)
        return try storeVoiceStep(from: call, to: next, events: step.events, nowMillis: nowMillis) ?? replay
    }

    /// Stores a step if the call is still as it was read (another request of the same step may have
    /// won the race: then its answer, replayed), with its timeline events and texts, in one transaction.
    func storeVoiceStep(from call: VoiceCall, to next: VoiceCall, events: [IVREvent], nowMillis: Int64) throws -> VoiceStepAnswer? {
        // Only a step that moves a conversation touches what the ingest cache remembers.
        let stored = try write(rerunnable: true, sparesIngestCache: !events.contains(where: \.queuesText)) { db in
            try db.run("""
                UPDATE voice_calls SET state = ?, seq = ?, last_answer = ?, status = ?, ended_at = ?, updated_at = ?
                WHERE call_sid = ? AND seq = ? AND last_answer IS NOT DISTINCT FROM ? AND state = ?
                """, [.text(try Self.stateJSON(next.state)), .integer(Int64(next.seq)), .optional(next.lastAnswer), .text(next.status),
                      .optional(next.endedAt), .integer(nowMillis), .text(call.callSID), .integer(Int64(call.seq)),
                      .optional(call.lastAnswer), .text(try Self.stateJSON(call.state))])
            guard db.changes > 0 else { return false }
            try Self.recordCallEvents(db, call: next, events: events, started: false, now: nowMillis)
            _ = try Self.carryOutCallTexts(db, call: next, events: events, now: nowMillis)
            return true
        }
        guard stored else { return try voiceCall(sid: call.callSID).map { VoiceStepAnswer(call: $0, answerJSON: $0.lastAnswer ?? "{}", events: [], replayed: true) } }
        return VoiceStepAnswer(call: next, answerJSON: next.lastAnswer ?? "{}", events: events, replayed: false)
    }

    /// `{"seq", "instruction", "ended", "conversation_id"}`; an enqueue carries its queue's hold settings.
    func answerJSON(seq: Int, step: IVRStep, conversationID: String) throws -> String {
        Self.answerJSON(seq: seq, instruction: try instructionJSON(step), step: step, conversationID: conversationID)
    }

    /// The step's instruction as JSON; an enqueue carries its queue's hold settings (read here, before any write).
    func instructionJSON(_ step: IVRStep) throws -> JSON {
        var instruction = step.instruction.json
        if case .enqueue(let queueID, _, _) = step.instruction.action, case .object(var action) = instruction["action"] ?? .null {
            if let queue = try voiceQueue(id: queueID) {
                action["queue"] = ["name": .string(queue.name), "team_id": .string(queue.teamID), "hold_prompt": .from(queue.holdPrompt),
                                   "hold_music_url": .from(queue.holdMusicURL), "announce_position": .bool(queue.announcePosition)]
            }
            if case .object(var whole) = instruction { whole["action"] = .object(action); instruction = .object(whole) }
        }
        return instruction
    }

    static func answerJSON(seq: Int, instruction: JSON, step: IVRStep, conversationID: String) -> String {
        let answer: JSON = ["seq": .from(seq), "instruction": instruction, "ended": .bool(step.state.ended),
                            "conversation_id": .string(conversationID), "path": .string(step.state.pathSummary)]
        return answer.serialized
    }
}
