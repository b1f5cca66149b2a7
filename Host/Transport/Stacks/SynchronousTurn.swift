import SwitchboardDomain
import SwitchboardSupport

/// Why a plugin's stack_turn or sidekick_ask was refused; the ABI maps each to an SB_ERR_* status.
enum StackServiceError: Error, Equatable {
    case notFound(String)
    case invalid(String)
    case timeout(String)
    case failed(String)
}

extension StackRuntime {
    /// `stack_turn`: record the customer's input (if any) and run one turn now, on the conversation's
    /// lane (after any turn already running), returning what the stack said. The reply is recorded
    /// as sent: the calling channel delivers it itself, inside its call (a voice IVR speaking it).
    func synchronousTurn(instanceID: String, conversationID: String, input: String) throws(StackServiceError) -> JSON {
        let conversation: Conversation?
        do { conversation = try store.conversation(id: conversationID) } catch { throw .failed("store: \(error)") }
        guard let conversation, conversation.channelInstanceID == instanceID else {
            throw .notFound("conversation_id: no conversation \(conversationID) on this channel instance")
        }
        guard conversation.agentStack != nil else {
            throw .invalid("conversation_id: no Agent Stack handles this conversation (people do, or none was named on ingest)")
        }
        if !input.isEmpty {
            do { _ = try store.appendCustomerInput(conversationID: conversationID, text: input) } catch { throw .failed("store: \(error)") }
        }
        let result = Locked<TurnResult?>(nil)
        let done = Signal()
        queue.submit(conversationID: conversationID) { [self] in
            let outcome = turn(conversationID: conversationID, inline: true)
            result.withLock { $0 = outcome }
            done.notifyAll()
        }
        let deadline = Clock.monotonicMillis() + Int64(synchronousWaitMs)
        while true {
            let seen = done.current
            if let outcome = result.withLock({ $0 }) {
                switch outcome {
                case .done(let summary): return summary.json
                case .noStack: throw .invalid("conversation_id: no Agent Stack handles this conversation any more")
                case .nothingToAnswer: throw .invalid("input_text: empty, and every customer message already has its answer")
                case .failed(let why): throw .failed(why)
                case .heldElsewhere: throw .timeout("another host's turn on this conversation did not end within \(synchronousWaitMs) ms")
                }
            }
            let left = deadline - Clock.monotonicMillis()
            if left <= 0 { throw .timeout("the turn did not finish within \(synchronousWaitMs) ms") }
            done.wait(after: seen, timeoutMs: Int(min(left, 1000)))
        }
    }
}
