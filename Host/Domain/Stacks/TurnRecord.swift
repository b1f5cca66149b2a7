import SwitchboardSupport

/// One tool invocation a stack made, as recorded on the conversation.
public struct ToolInvocation: Sendable, Equatable {
    public var tool: String
    public var arguments: JSONObject
    public var ok: Bool
    /// The tool's answer, or {"error": "..."}. Never contains a credential: tools send those only as headers.
    public var result: JSON
    public var durationMs: Int
    /// A channel action (the delivering channel's plugin performed it), not one of the stack's tools.
    public var channelAction: Bool

    public init(tool: String, arguments: JSONObject, ok: Bool, result: JSON, durationMs: Int, channelAction: Bool = false) {
        self.tool = tool
        self.arguments = arguments
        self.ok = ok
        self.result = result
        self.durationMs = durationMs
        self.channelAction = channelAction
    }
}

/// How a turn ended.
public enum TurnOutcome: Sendable, Equatable {
    case reply(text: String, format: TextFormat)
    /// `message` is what the customer is told (nil: nothing, e.g. on a channel switch).
    case handover(HandoverReason, message: String?)
    /// The stack answered with channel actions only (a WhatsApp template when the window is
    /// closed): no text reply goes out.
    case acted
}

/// Everything one Agent Stack turn did, written in one transaction by `Store.recordTurn`.
public struct TurnRecord: Sendable {
    public var conversationID: String
    public var stack: StackDefinition
    public var guess: TopicGuess
    /// The topic to store on the conversation (routing rules and skills read it), if the turn is sure enough.
    public var topic: String?
    public var outcome: TurnOutcome
    /// What retrieval found (for the notes and the handover event).
    public var passages: [PassageHit]
    public var toolCalls: [ToolInvocation]
    /// LLM tokens used (0 for the built-in engine).
    public var tokens: Int
    public var durationMicros: Int64
    /// The reply goes back to the plugin that asked for a synchronous turn instead of through the outbox.
    public var deliveredInline: Bool
    /// The newest customer message the turn answered (`TurnInput.answeredThrough`).
    public var answeredThrough: Int64?
    /// Draft mode: a reply becomes a draft for people (the conversation goes to them, "AI draft ready").
    public var draft: Bool = false
    /// The conversation's turn lease the turn ran under (nil: one host, nothing to fence): the turn's
    /// writes are refused (LeaseLost) if another host took the conversation over meanwhile.
    public var fence: Lease? = nil

    public init(conversationID: String, stack: StackDefinition, guess: TopicGuess, topic: String?, outcome: TurnOutcome,
                passages: [PassageHit] = [], toolCalls: [ToolInvocation] = [], tokens: Int = 0, durationMicros: Int64 = 0,
                deliveredInline: Bool = false, answeredThrough: Int64? = nil) {
        self.conversationID = conversationID
        self.stack = stack
        self.guess = guess
        self.topic = topic
        self.outcome = outcome
        self.passages = passages
        self.toolCalls = toolCalls
        self.tokens = tokens
        self.durationMicros = durationMicros
        self.deliveredInline = deliveredInline
        self.answeredThrough = answeredThrough
    }
}

/// What recording a turn did.
public struct RecordedTurn: Sendable, Equatable {
    /// The stack's message to the customer (a reply or the handover message), if any.
    public var messageID: Int64?
    public var text: String?
    public var handedOver: Bool
    /// Where the handover put the conversation: a team, or nil when no team could take it yet.
    public var teamID: String?
    /// The conversation was no longer the stack's when the turn ended (a person took it): nothing was sent.
    public var discarded: Bool
    public var credits: Int
}

extension Store {
    /// Record a turn in one transaction: tool calls, the stack's notes, its reply or handover
    /// message, the handover itself (stack cleared, routed to humans), the topic, and the ledger row.
    /// A conversation a person took while the turn ran is left alone: the turn is logged as discarded.
    public func recordTurn(_ turn: TurnRecord) throws -> RecordedTurn {
        try write { db in try Self.recordTurn(db, turn, now: Clock.nowMillis()) }
    }

    static func recordTurn(_ db: StoreConnection, _ turn: TurnRecord, now: Int64) throws -> RecordedTurn {
        try checkFence(db, turn.fence)
        let stackID = turn.stack.id
        let actor = "stack:\(stackID)"
        let credits = StackCredits.forTurn(toolCalls: turn.toolCalls.count, tokens: turn.tokens)
        guard let conversation = try db.queryOne(
            "SELECT \(Self.conversationColumns) FROM conversations WHERE id = ?", [.text(turn.conversationID)], Self.conversation)
        else { throw WorkflowError.notFound(what: "conversation", id: turn.conversationID) }

        var handover: HandoverReason?
        if case .handover(let reason, _) = turn.outcome { handover = reason }
        guard conversation.agentStack == stackID, conversation.status != .archived else {
            try appendLedger(db, turn, outcome: "discarded", reason: "no_longer_the_stacks", credits: credits, now: now)
            try appendEvent(db, conversationID: conversation.id, type: "stack.turn_discarded", actor: actor,
                            data: ["stack_id": .string(stackID), "agent_stack": .from(conversation.agentStack),
                                   "assignee": .from(conversation.assignee)], now: now)
            return RecordedTurn(messageID: nil, text: nil, handedOver: false, teamID: nil, discarded: true, credits: credits)
        }

        for call in turn.toolCalls {
            try appendEvent(db, conversationID: conversation.id, type: "stack.tool_called", actor: actor,
                            data: ["stack_id": .string(stackID), "tool": .string(call.tool), "channel_action": .bool(call.channelAction),
                                   "arguments": .object(call.arguments),
                                   "ok": .bool(call.ok), "result": StackNotes.bounded(call.result), "duration_ms": .from(call.durationMs)], now: now)
        }
        var noteID: Int64?
        if let note = StackNotes.compose(turn) {
            noteID = try appendStackNote(db, conversation, stackID: stackID, text: note, now: now)
        }
        if let topic = turn.topic, topic != conversation.topic {
            try db.run("UPDATE conversations SET topic = ?, topic_confidence = NULL, topic_classifier = NULL WHERE id = ?", [.text(topic), .text(conversation.id)])
        }

        var messageID: Int64?
        var text: String?
        var format = TextFormat.plain
        if turn.draft, case .reply(let replyText, let replyFormat) = turn.outcome {
            return try recordDraft(db, turn, conversation: conversation, text: replyText, format: replyFormat, noteID: noteID, credits: credits, now: now)
        }
        switch turn.outcome {
        case .reply(let replyText, let replyFormat):
            text = replyText
            format = replyFormat
        case .handover(_, let message):
            text = message
        case .acted:
            text = nil
        }
        if let body = text {
            messageID = try appendReply(db, Reply(conversationID: conversation.id, authorKind: .stack, authorID: stackID, text: body, format: format),
                                        conversation: conversation, now: now, deliveredInline: turn.deliveredInline)
        }
        try appendEvent(db, conversationID: conversation.id, type: "stack.turn", actor: actor,
                        data: ["stack_id": .string(stackID), "outcome": .string(handover != nil ? "handover" : turn.outcome == .acted ? "acted" : "replied"),
                               "topic": .from(turn.guess.topic), "confidence": .number(StackNotes.rounded(turn.guess.confidence)),
                               "engine": .string(turn.stack.engine.kind), "credits": .from(credits), "message_id": .from(messageID)], now: now)
        var teamID: String?
        if let handover {
            teamID = try handOver(db, conversation, stackID: stackID, stack: turn.stack, reason: handover, noteID: noteID,
                                  tried: StackNotes.tried(turn), guess: turn.guess, actor: actor, now: now)
        }
        try appendLedger(db, turn, outcome: handover == nil ? "replied" : "handover", reason: handover?.code, credits: credits, now: now)
        return RecordedTurn(messageID: messageID, text: text, handedOver: handover != nil, teamID: teamID, discarded: false, credits: credits)
    }

    /// Draft mode: the reply is kept as a draft and the conversation goes to people like a handover,
    /// marked "AI draft ready" (reason `draft_ready`). Nothing reaches the customer.
    static func recordDraft(_ db: StoreConnection, _ turn: TurnRecord, conversation: Conversation, text: String, format: TextFormat,
                            noteID: Int64?, credits: Int, now: Int64) throws -> RecordedTurn {
        let stackID = turn.stack.id, actor = "stack:\(stackID)"
        let tools: [JSON] = turn.toolCalls.map { ["tool": .string($0.tool), "arguments": .object($0.arguments), "ok": .bool($0.ok)] }
        let draft = try insertDraft(db, conversationID: conversation.id, stackID: stackID, author: actor, text: text, format: format,
                                    confidence: StackNotes.rounded(turn.guess.confidence), topic: turn.guess.topic,
                                    passages: StackNotes.tried(turn)["passages"] ?? [], tools: .array(tools), now: now)
        try appendEvent(db, conversationID: conversation.id, type: "stack.turn", actor: actor,
                        data: ["stack_id": .string(stackID), "outcome": "drafted", "topic": .from(turn.guess.topic),
                               "confidence": .number(StackNotes.rounded(turn.guess.confidence)), "engine": .string(turn.stack.engine.kind),
                               "credits": .from(credits), "message_id": .null, "draft_id": .from(draft.id)], now: now)
        let team = try handOver(db, conversation, stackID: stackID, stack: turn.stack, reason: .draftReady, noteID: noteID,
                                tried: StackNotes.tried(turn), guess: turn.guess, actor: actor, now: now)
        try appendLedger(db, turn, outcome: "drafted", reason: HandoverReason.draftReady.code, credits: credits, now: now)
        return RecordedTurn(messageID: nil, text: nil, handedOver: true, teamID: team, discarded: false, credits: credits)
    }

    /// An internal note written by the stack: seen by the team, never delivered.
    static func appendStackNote(_ db: StoreConnection, _ conversation: Conversation, stackID: String, text: String, now: Int64) throws -> Int64 {
        try db.run(
            """
            INSERT INTO messages (conversation_id, direction, author_kind, author_id, channel_instance_id, text, format, delivery_status, created_at)
            VALUES (?, 'internal', 'stack', ?, ?, ?, 'plain', 'internal', ?)
            """, [.text(conversation.id), .text(stackID), .text(conversation.channelInstanceID), .text(text), .integer(now)])
        let id = db.lastInsertRowID
        try appendEvent(db, conversationID: conversation.id, type: "comment.created", actor: "stack:\(stackID)",
                        data: ["message_id": .from(id), "mentions": []], now: now)
        return id
    }

    static func appendLedger(_ db: StoreConnection, _ turn: TurnRecord, outcome: String, reason: String?, credits: Int, now: Int64) throws {
        try db.run(
            """
            INSERT INTO stack_turns (stack_id, conversation_id, day, outcome, reason, topic, confidence, engine, tool_calls, tokens,
                                     credits, duration_us, answered_through, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.text(turn.stack.id), .text(turn.conversationID), .text(String(Clock.iso8601(now).prefix(10))), .text(outcome),
                  .optional(reason), .optional(turn.guess.topic), .real(turn.guess.confidence), .text(turn.stack.engine.kind),
                  .integer(Int64(turn.toolCalls.count)), .integer(Int64(turn.tokens)), .integer(Int64(credits)),
                  .integer(turn.durationMicros), .optional(turn.answeredThrough), .integer(now)])
    }

    /// Replied AI turns of a stack in a conversation (what `max_turns` counts).
    public func repliedTurns(conversationID: String, stackID: String) throws -> Int {
        try read { db in
            Int(try db.queryOne("SELECT COUNT(*) FROM stack_turns WHERE conversation_id = ? AND stack_id = ? AND outcome = 'replied'",
                                [.text(conversationID), .text(stackID)], { $0.int(0) }) ?? 0)
        }
    }

    /// The stack that most recently took a turn in a conversation.
    public func lastStack(conversationID: String) throws -> String? {
        try read { db in
            try db.queryOne("SELECT stack_id FROM stack_turns WHERE conversation_id = ? ORDER BY id DESC LIMIT 1",
                            [.text(conversationID)], { $0.text(0) })
        }
    }
}
