import SwitchboardDomain
import SwitchboardSupport

/// What one turn did, as the synchronous `stack_turn` service reports it.
struct TurnSummary: Sendable, Equatable {
    var stackID: String
    var text: String?
    var messageID: Int64?
    var handedOver: Bool
    var reason: HandoverReason?
    var teamID: String?
    var topic: String?
    var confidence: Double
    var discarded: Bool

    var json: JSON {
        ["stack_id": .string(stackID), "reply": .from(text), "message_id": .from(messageID), "handover": .bool(handedOver),
         "reason": .from(reason?.code), "explanation": .from(reason?.explanation), "team_id": .from(teamID), "topic": .from(topic),
         "confidence": .number((confidence * 1000).rounded() / 1000), "discarded": .bool(discarded)]
    }
}

/// Runs Agent Stack turns. A turn runs on its conversation's lane of the `ConversationQueue`, so
/// there is one turn at a time per conversation: customer messages that arrive during a turn queue
/// behind it, and the next turn reads every message since the last reply, answering them together
/// (the jobs left over for messages already answered find nothing to do). Across hosts sharing the
/// store, a turn also holds the conversation's turn lease (TurnLeases), and its writes are fenced by it.
///
/// A turn: classify the unanswered messages (topic + calibrated confidence) → retrieve passages
/// from the stack's collections → apply the stack's handover rules → run its reply engine → record
/// everything in one transaction (tool calls, notes, reply or handover + routing, ledger). An
/// engine failure is a handover with the reason noted, never silence.
public final class StackRuntime: Sendable {
    let store: Store
    let queue: ConversationQueue
    /// One turn at a time per conversation across hosts (nil: this process alone, as in unit tests).
    let turnLeases: TurnLeases?
    let catalog: StackCatalog
    let tools: StackToolRunner
    let log: Logger
    let metrics: Metrics
    /// Tell the delivery worker a reply is queued.
    let outboxChanged: @Sendable () -> Void
    /// How long a synchronous turn waits for its lane and its engine.
    let synchronousWaitMs: Int
    /// The channels (output rules, actions): the registry is built after the stacks, so it is set later.
    let channels = Locked<ChannelRegistry?>(nil)
    /// Set at shutdown: the orphaned-turn sweep ends.
    let sweepStopped = Locked(false)
    /// Callers' turns at "send to AI agent" nodes, in flight or not yet collected (`VoiceAgentTurns`).
    let voiceTurnBook = VoiceTurnBook()

    /// The delivering channel of a conversation for a turn of `stack`.
    func turnChannel(_ conversation: Conversation, _ stack: StackDefinition) throws -> TurnChannel? {
        try channels.withLock { $0 }?.turnChannel(for: conversation, stack: stack)
    }

    public init(store: Store, queue: ConversationQueue, log: Logger, metrics: Metrics, synchronousWaitMs: Int = 30_000,
                networkGuard: NetworkGuard = NetworkGuard(), leases: HostLeases? = nil, outboxChanged: @escaping @Sendable () -> Void) {
        self.store = store
        self.queue = queue
        turnLeases = leases.map(TurnLeases.init)
        catalog = StackCatalog(store: store)
        tools = StackToolRunner(store: store, channels: channels, networkGuard: networkGuard)
        self.log = log
        self.metrics = metrics
        self.synchronousWaitMs = synchronousWaitMs
        self.outboxChanged = outboxChanged
    }

    /// A customer message was committed: the conversation's turn runs on its lane.
    public func messageCommitted(conversationID: String) {
        queue.submit(conversationID: conversationID) { [self] in
            // Another host's turn still runs: try again behind this lane's other jobs (nothing is lost;
            // if that turn answered this message too, the next one finds nothing to answer).
            if turn(conversationID: conversationID, inline: false) == .heldElsewhere { messageCommitted(conversationID: conversationID) }
        }
    }

    /// Turns owed to conversations whose host died before or during their turn (with several hosts):
    /// every lease TTL, the ones with no live turn lease that have waited longer than a TTL run here.
    public func startOrphanedTurnSweep() {
        guard let turnLeases else { return }
        let everyMs = turnLeases.leases.ttlMs
        startThread(name: "turn-sweep") { [self] in
            while true {
                Clock.sleep(milliseconds: Int(everyMs))
                if sweepStopped.withLock({ $0 }) { return }
                do {
                    let orphaned = try store.orphanedStackTurns(quietSince: Clock.nowMillis() - everyMs)
                    for id in orphaned { messageCommitted(conversationID: id) }
                    if !orphaned.isEmpty { log.info("taking over Agent Stack turns no host holds for \(orphaned.count) conversations") }
                } catch {
                    log.warn("could not look for orphaned Agent Stack turns: \(error)")
                }
            }
        }
    }

    public func stopOrphanedTurnSweep() { sweepStopped.withLock { $0 = true } }

    /// Turns owed for messages committed before a restart (the process stopped before their turn ran).
    public func resumePending() {
        do {
            let pending = try store.conversationsAwaitingStack()
            for id in pending { messageCommitted(conversationID: id) }
            if !pending.isEmpty { log.info("resuming Agent Stack turns for \(pending.count) conversations") }
        } catch {
            log.error("could not list conversations awaiting a stack: \(error)")
        }
    }

    enum TurnResult: Sendable, Equatable {
        /// The conversation is not handled by a stack (any more).
        case noStack
        /// Every customer message already has its answer (an earlier turn saw them).
        case nothingToAnswer
        case done(TurnSummary)
        case failed(String)
        /// Another host's turn on the conversation held its lease for as long as this one waited.
        case heldElsewhere
    }

    /// One turn, on the conversation's lane, under its turn lease. `inline`: the reply goes back to a
    /// plugin (stack_turn) instead of through the outbox, and the caller waits (synchronousWaitMs).
    func turn(conversationID: String, inline: Bool) -> TurnResult {
        guard let turnLeases else { return turn(conversationID: conversationID, inline: inline, fence: nil) }
        guard let lease = turnLeases.take(conversationID, waitMs: inline ? synchronousWaitMs : TurnLeases.queuedWaitMs) else { return .heldElsewhere }
        defer { turnLeases.release(conversationID) }
        return turn(conversationID: conversationID, inline: inline, fence: lease)
    }

    private func turn(conversationID: String, inline: Bool, fence: Lease?) -> TurnResult {
        let started = Clock.monotonicNanos()
        do {
            guard let conversation = try store.conversation(id: conversationID), let stackID = conversation.agentStack,
                  conversation.status == .active || conversation.status == .snoozed
            else { return .noStack }
            guard let compiled = try catalog.stack(stackID) else {
                let team = try store.handOverWithoutTurn(conversationID: conversationID, stackID: stackID, reason: .stackMissing, fence: fence)
                log.warn("conversation \(conversationID): stack \(stackID) no longer exists; handed over to people")
                return .done(TurnSummary(stackID: stackID, text: nil, messageID: nil, handedOver: true, reason: .stackMissing, teamID: team,
                                         topic: nil, confidence: 0, discarded: false))
            }
            let stack = compiled.definition
            let input = try store.turnInput(conversationID: conversationID)
            guard !input.unanswered.isEmpty else { return .nothingToAnswer }
            let text = input.customerText
            let guess = compiled.classifier.classify(text)
            let passages = try store.searchKnowledge(text, collections: stack.collections, limit: 3)
            let facts = TurnFacts(customerText: text, contactTier: try store.contactTier(contactID: conversation.contactID),
                                  previousTurns: try store.repliedTurns(conversationID: conversationID, stackID: stackID), guess: guess)

            let outcome: TurnOutcome
            var calls: [ToolInvocation] = []
            var tokens = 0
            // Draft mode (the channel's binding): the reply becomes a draft for people; nothing reaches the
            // customer from this turn, so no channel action is offered and no handover message is sent.
            let drafting = try store.stackMode(instanceID: conversation.channelInstanceID) == .draft
            var channel = try turnChannel(conversation, stack)
            if drafting { channel?.actions = [] }
            // A closed window (or one open only for people) lets no text of the stack through: only
            // a channel action may still reach the customer (a WhatsApp template).
            let windowRefusal = channel?.rule.window.refusal(authorKind: .stack, channel: channel?.rule.kind ?? "")
            let handoverMessage = drafting ? nil : stack.handoverMessage
            if let reason = HandoverRules.decide(stack.handover, facts) {
                outcome = .handover(reason, message: handoverMessage)
            } else if let windowRefusal, channel?.actions.isEmpty ?? true {
                outcome = .handover(.replyWindowClosed(windowRefusal), message: nil)
            } else {
                let request = EngineRequest(stack: stack, conversation: conversation, input: input, guess: guess, passages: passages,
                                            toolsAllowed: true, channel: channel)
                switch compiled.engine.answer(request, tools: tools) {
                case .success(let answer):
                    calls = answer.toolCalls
                    tokens = answer.tokens
                    if let why = answer.handoverRequest {
                        outcome = .handover(.engineRequested(why), message: windowRefusal == nil ? handoverMessage : nil)
                    } else if let windowRefusal {
                        outcome = answer.acted ? .acted : .handover(.replyWindowClosed(windowRefusal + "; no channel action was taken"), message: nil)
                    } else if answer.text == nil && answer.acted {
                        outcome = .acted
                    } else if let reply = answer.text {
                        let greeting = input.repliedBefore ? nil : stack.greeting
                        let separator = channel?.rule.spoken == true ? " " : "\n\n"
                        outcome = .reply(text: greeting.map { "\($0)\(separator)\(reply)" } ?? reply, format: answer.format)
                    } else {
                        outcome = .handover(.noAnswer, message: handoverMessage)
                    }
                case .failure(let failure):
                    calls = failure.toolCalls
                    tokens = failure.tokens
                    outcome = .handover(.engineFailed(failure.reason), message: windowRefusal == nil ? handoverMessage : nil)
                }
            }
            var offPolicy = false
            if case .handover(.offPolicyTopic, _) = outcome { offPolicy = true }
            // The topic goes on the conversation (routing rules and skills read it) when the stack is sure enough of it.
            let topic = offPolicy || guess.confidence >= min(stack.handover.minConfidence, 0.5) ? guess.topic : nil
            var record = TurnRecord(conversationID: conversationID, stack: stack, guess: guess, topic: topic, outcome: outcome,
                                    passages: passages, toolCalls: calls, tokens: tokens,
                                    durationMicros: Int64((Clock.monotonicNanos() - started) / 1000), deliveredInline: inline,
                                    answeredThrough: input.answeredThrough)
            record.draft = drafting
            record.fence = fence
            let recorded = try store.recordTurn(record)
            if recorded.messageID != nil && !inline { outboxChanged() }
            var reason: HandoverReason?
            if case .handover(let r, _) = outcome { reason = r }
            let label = recorded.discarded ? "discarded" : reason == nil ? (drafting && recorded.handedOver ? "drafted" : "replied") : "handover"
            metrics.increment("switchboard_stack_turns_total", labels: [("outcome", label)])
            log.debug("conversation \(conversationID): stack \(stackID) \(label)\(reason.map { " (\($0.code))" } ?? "") "
                      + "topic \(guess.topic ?? "-") confidence \(HandoverReason.format(guess.confidence)) "
                      + "in \((Clock.monotonicNanos() - started) / 1000) µs")
            return .done(TurnSummary(stackID: stackID, text: recorded.text, messageID: recorded.messageID, handedOver: recorded.handedOver,
                                     reason: recorded.handedOver ? reason : nil, teamID: recorded.teamID, topic: guess.topic,
                                     confidence: guess.confidence, discarded: recorded.discarded))
        } catch {
            metrics.increment("switchboard_stack_turns_total", labels: [("outcome", "error")])
            log.error("conversation \(conversationID): the Agent Stack turn failed: \(error)")
            return .failed("\(error)")
        }
    }
}
