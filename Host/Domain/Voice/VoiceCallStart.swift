extension Store {
    /// The call's first step, one transaction: the call ingested as the caller's message (when the
    /// request carries it), the flow's published revision pinned, the engine's first answer and the
    /// call's timeline stored. A repeated first request (Twilio retrying) finds the message and the
    /// call stored and gets the same answer. Only a step that moves a conversation clears the ingest
    /// cache (the others touch none of what it remembers).
    func startVoiceCall(_ request: VoiceStepRequest, flowID: String?, nowMillis: Int64) throws -> VoiceStepAnswer {
        guard let flowID, !flowID.isEmpty else { throw VoiceCallError.noFlow("the instance names no flow (config flow_id)") }
        guard let stored = try publishedVoiceRevision(flowID: flowID) else { throw VoiceCallError.noFlow("flow \(flowID) is not published") }
        guard let caller = request.caller, request.conversationID != nil || request.firstMessage != nil else {
            throw VoiceCallError.invalid("the first step needs the caller and the conversation (or the call's message)")
        }
        let triage = try request.firstMessage.map(checkedTriageModel) ?? nil
        let revision = try runnable(stored)
        let state = IVRCallState(revision: revision.number, caller: caller, startedAtMillis: nowMillis)
        let step = try IVREngine.step(revision: revision, state: state, input: .callStarted, nowMillis: nowMillis)
        let instruction = try instructionJSON(step)
        let movesConversations = step.events.contains(where: \.queuesText)
        let (started, ingested) = try write(rerunnable: true, sparesIngestCache: !movesConversations) { [self] db -> (VoiceStepAnswer?, IngestResult?) in
            var ingested: IngestResult?
            if let message = request.firstMessage { ingested = try Self.ingest(message, db: db, cache: &ingestCache, triage: triage) }
            guard let conversationID = ingested?.conversationID ?? request.conversationID else { return (nil, nil) }
            let answer = Self.answerJSON(seq: 0, instruction: instruction, step: step, conversationID: conversationID)
            let call = VoiceCall(callSID: request.callSID, instanceID: request.instanceID, flowID: flowID, revision: revision.number,
                                 conversationID: conversationID, caller: caller, state: step.state, seq: 0, lastAnswer: answer,
                                 status: step.state.ended ? "completed" : "in_progress", startedAt: nowMillis,
                                 endedAt: step.state.ended ? nowMillis : nil)
            try db.run("""
                INSERT INTO voice_calls (\(Self.voiceCallColumns), updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (call_sid) DO NOTHING
                """, [.text(call.callSID), .text(call.instanceID), .text(flowID), .integer(Int64(call.revision)), .text(conversationID),
                      .text(caller), .text(try Self.stateJSON(call.state)), .integer(0), .text(answer), .text(call.status),
                      .integer(nowMillis), .optional(call.endedAt), .integer(nowMillis)])
            guard db.changes > 0 else { return (nil, ingested) }
            try Self.recordCallEvents(db, call: call, events: step.events, started: true, now: nowMillis)
            _ = try Self.carryOutCallTexts(db, call: call, events: step.events, now: nowMillis)
            return (VoiceStepAnswer(call: call, answerJSON: answer, events: step.events, replayed: false, ingested: ingested), ingested)
        }
        if let started { return started }
        guard let existing = try voiceCall(sid: request.callSID) else { throw VoiceCallError.unknownCall(request.callSID) }
        return VoiceStepAnswer(call: existing, answerJSON: existing.lastAnswer ?? "{}", events: [], replayed: true, ingested: ingested)
    }
}

extension IVREvent {
    /// Whether the step queues a text or moves the conversation (stored with the step: `Store.carryOutCallTexts`).
    public var queuesText: Bool {
        switch self {
        case .smsRequested, .channelRouteRequested: return true
        default: return false
        }
    }
}
