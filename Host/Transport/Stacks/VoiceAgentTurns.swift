import SwitchboardDomain
import SwitchboardSupport

/// Agent Stack turns for a caller at a "send to AI agent" node, answered within Twilio's 15 s.
///
/// Each turn runs through the same runtime as every channel (rules, knowledge, tools, credits,
/// notes; the caller's words and the reply written to the conversation as its transcript). The
/// turn starts on the conversation's lane; `ask` waits for it up to the budget's hold time, and a
/// turn not ready by then answers `.hold` (the call says a holding phrase and redirects to the
/// poll URL), after which each `poll` waits again, up to the budget's number of polls.
public struct VoiceAgentTurns: Sendable {
    public enum Reply: Sendable, Equatable {
        /// Speak the stack's reply and gather the caller's next turn.
        case speak(String)
        /// The stack's handover rules (or the engine) handed the caller to people: the node's `human`
        /// exit, after speaking `message` when there is one.
        case handover(message: String?, reason: String?)
        /// Not ready yet: say the holding phrase and poll.
        case hold
        /// The node's `error` exit: the turn failed or never came back.
        case failed(String)
    }

    public static let holdingPhrase = "One moment, please."

    let runtime: StackRuntime
    let budget: VoiceTurnBudget
    var turns: Locked<[String: VoiceTurnBook.Pending]> { runtime.voiceTurnBook.pending }

    public init(runtime: StackRuntime, budget: VoiceTurnBudget = .twilio) {
        self.runtime = runtime
        self.budget = budget
    }

    /// The caller's conversation is handed to the node's stack (no-op when it already has it); the
    /// node's turns count from zero.
    public func begin(callSid: String, conversationID: String, stackID: String) throws {
        _ = try runtime.store.perform(.assignStack(stackID), on: conversationID, viewer: .everyone, actor: "voice")
        runtime.voiceTurnBook.taken.withLock { $0[callSid] = 0 }
    }

    /// Turns the caller took at the node since `begin`.
    public func turnsTaken(callSid: String) -> Int { runtime.voiceTurnBook.taken.withLock { $0[callSid] ?? 0 } }

    /// After a restart: the turns answered before (kept in the store) still count.
    public func restore(callSid: String, taken: Int) {
        runtime.voiceTurnBook.taken.withLock { if ($0[callSid] ?? 0) < taken { $0[callSid] = taken } }
    }

    /// The call ended or left the node: forget its turns.
    public func end(callSid: String) {
        runtime.voiceTurnBook.taken.withLock { _ = $0.removeValue(forKey: callSid) }
        turns.withLock { _ = $0.removeValue(forKey: callSid) }
    }

    /// Records what the caller said and starts the stack's turn; waits for it up to the hold time.
    public func ask(callSid: String, conversationID: String, said: String) -> Reply {
        do { _ = try runtime.store.appendCustomerInput(conversationID: conversationID, text: said) } catch { return .failed("store: \(error)") }
        let pending = VoiceTurnBook.Pending()
        turns.withLock { $0[callSid] = pending }
        runtime.voiceTurnBook.taken.withLock { $0[callSid, default: 0] += 1 }
        runtime.queue.submit(conversationID: conversationID) { [self] in
            let outcome = runtime.turn(conversationID: conversationID, inline: true)
            turns.withLock { $0[callSid]?.result = outcome }
            pending.done.notifyAll()
        }
        return collect(callSid: callSid, signal: pending.done)
    }

    /// The poll URL's answer: the turn's result, or another hold, or `.failed` once the polls ran out.
    public func poll(callSid: String) -> Reply {
        guard let signal = turns.withLock({ $0[callSid]?.done }) else { return .failed("no turn is in flight for this call") }
        return collect(callSid: callSid, signal: signal)
    }

    /// Waits up to the hold time for the turn; on time out, another hold or (holds used up) a give-up.
    private func collect(callSid: String, signal: Signal) -> Reply {
        let deadline = Clock.monotonicMillis() + budget.holdAfterMillis
        while true {
            let seen = signal.current
            guard let pending = turns.withLock({ $0[callSid] }) else { return .failed("no turn is in flight for this call") }
            if let result = pending.result {
                turns.withLock { _ = $0.removeValue(forKey: callSid) }
                return Self.reply(result)
            }
            let left = deadline - Clock.monotonicMillis()
            if left > 0 {
                _ = signal.wait(after: seen, timeoutMs: Int(min(left, 250)))
                continue
            }
            switch budget.answer(reply: nil, polls: pending.holds) {
            case .speak(let text): return .speak(text)
            case .hold:
                turns.withLock { $0[callSid]?.holds += 1 }
                return .hold
            case .giveUp:
                turns.withLock { _ = $0.removeValue(forKey: callSid) }
                return .failed("the stack did not answer within \(budget.maxPolls) holds")
            }
        }
    }

    static func reply(_ result: StackRuntime.TurnResult) -> Reply {
        switch result {
        case .done(let summary):
            if summary.handedOver { return .handover(message: summary.text, reason: summary.reason?.code) }
            guard let text = summary.text, !text.isEmpty else { return .failed("the stack acted without a reply to speak") }
            return .speak(text)
        case .noStack: return .handover(message: nil, reason: "no_stack")
        case .nothingToAnswer: return .failed("nothing to answer")
        case .failed(let why): return .failed(why)
        case .heldElsewhere: return .failed("another host's turn on this conversation did not end in time")
        }
    }
}

/// What `VoiceAgentTurns` keeps between a call's requests: its turn in flight and how many it took
/// (in memory: after a restart a waiting poll gives up and the node takes its error exit).
final class VoiceTurnBook: Sendable {
    struct Pending: Sendable {
        var result: StackRuntime.TurnResult?
        /// Holds already answered for this turn.
        var holds = 0
        let done = Signal()
    }

    let pending = Locked<[String: Pending]>([:])
    let taken = Locked<[String: Int]>([:])
}
