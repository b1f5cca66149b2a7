import SwitchboardSupport

extension Store {
    /// Inside a write: the stack lets go and people take over. The conversation's `agent_stack` is
    /// cleared, a `stack.handover` event records why and what the stack tried, then the stack's
    /// handover team takes it (when it names one that still exists), else routing does (rules,
    /// channel binding, default team). Returns the team it landed with; nil when no team could take
    /// it yet (the workflow scheduler keeps trying as configuration changes).
    static func handOver(_ db: StoreConnection, _ conversation: Conversation, stackID: String, stack: StackDefinition?,
                         reason: HandoverReason, noteID: Int64?, tried: JSON, guess: TopicGuess?, actor: String, now: Int64) throws -> String? {
        try db.run("UPDATE conversations SET agent_stack = NULL, updated_at = ? WHERE id = ?", [.integer(now), .text(conversation.id)])
        // Every tool the stack called in this conversation, not only in its last turn: the person taking over sees them all.
        let calls = try db.query("SELECT data FROM events WHERE conversation_id = ? AND type = 'stack.tool_called' AND actor = ? ORDER BY \(FeedHead.orderInsideWrite)",
                                 [.text(conversation.id), .text(actor)], { (try? JSON.parse($0.text(0))) ?? .null })
        var tried = tried.objectValue ?? JSONObject()
        tried["tools"] = .array(calls.map { ["tool": $0["tool"] ?? .null, "ok": $0["ok"] ?? .null] })
        var team = stack?.handoverTeam
        if let t = team, try db.queryOne("SELECT 1 FROM teams WHERE id = ?", [.text(t)], { _ in true }) == nil { team = nil }
        try appendEvent(db, conversationID: conversation.id, type: "stack.handover", actor: actor,
                        data: ["stack_id": .string(stackID), "reason": .string(reason.code), "explanation": .string(reason.explanation),
                               "topic": .from(guess?.topic), "confidence": guess.map { .number(StackNotes.rounded($0.confidence)) } ?? .null,
                               "tried": .object(tried), "note_message_id": .from(noteID), "handover_team": .from(team)], now: now)
        if let team {
            guard let current = try db.queryOne("SELECT \(Self.conversationColumns) FROM conversations WHERE id = ?",
                                                [.text(conversation.id)], Self.conversation) else { return nil }
            _ = try assignWithinTeam(db, current, teamID: team, actor: actor, reason: "handover", now: now)
            return team
        }
        if case .routed(let teamID, _, _) = try routeToHumans(db, conversationID: conversation.id, actor: actor, force: true, reason: "handover") {
            return teamID
        }
        return nil
    }

    /// Hand a conversation its stack cannot serve (the stack was deleted) to people, with a note.
    public func handOverWithoutTurn(conversationID: String, stackID: String, reason: HandoverReason, fence: Lease? = nil) throws -> String? {
        try write { db in
            try Self.checkFence(db, fence)
            guard let conversation = try db.queryOne("SELECT \(Self.conversationColumns) FROM conversations WHERE id = ?",
                                                     [.text(conversationID)], Self.conversation),
                  conversation.agentStack == stackID, conversation.status != .archived else { return nil }
            let now = Clock.nowMillis()
            let stack = try Self.stack(db, id: stackID)?.definition
            let note = try Self.appendStackNote(db, conversation, stackID: stackID, text: "Handed over to people: \(reason.explanation).", now: now)
            return try Self.handOver(db, conversation, stackID: stackID, stack: stack, reason: reason, noteID: note, tried: [:], guess: nil,
                                actor: "stack:\(stackID)", now: now)
        }
    }
}
