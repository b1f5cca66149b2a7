import SwitchboardDomain
import SwitchboardPluginAPI
import SwitchboardSupport

/// The stack_turn and sidekick_ask host services (see switchboard_plugin.h). A plugin reaches only
/// the conversations of its own channel instance. Answers are JSON in a host-allocated buffer the
/// plugin releases with buffer_free.
extension HostServiceCalls {
    static func stackTurn(_ c: InstanceContext, _ conversationID: String, _ input: String,
                          _ reply: UnsafeMutablePointer<UnsafeMutablePointer<sb_buffer>?>,
                          _ err: UnsafeMutablePointer<CChar>?, _ cap: Int) -> sb_status {
        guard let stacks = c.services.stacks else { return fail(err, cap, SB_ERR_UNSUPPORTED, "Agent Stacks are not available on this host") }
        guard !conversationID.isEmpty else { return fail(err, cap, SB_ERR_INVALID, "conversation_id is required") }
        do {
            let answer = try stacks.synchronousTurn(instanceID: c.instanceID, conversationID: conversationID, input: input)
            reply.pointee = makeBuffer(Array(answer.serialized.utf8))
            return SB_OK
        } catch {
            return status(for: error, err, cap)
        }
    }

    static func sidekickAsk(_ c: InstanceContext, _ conversationID: String, _ question: String,
                            _ answer: UnsafeMutablePointer<UnsafeMutablePointer<sb_buffer>?>,
                            _ err: UnsafeMutablePointer<CChar>?, _ cap: Int) -> sb_status {
        guard let stacks = c.services.stacks else { return fail(err, cap, SB_ERR_UNSUPPORTED, "Sidekick is not available on this host") }
        guard !conversationID.isEmpty else { return fail(err, cap, SB_ERR_INVALID, "conversation_id is required") }
        do {
            // Only the conversations of the calling instance: a plugin never reads another channel's customers.
            guard let json = try stacks.sidekick.ask(conversationID: conversationID, question: question.isEmpty ? nil : question,
                                                     visibleTo: .integrator([c.instanceID]))
            else { return fail(err, cap, SB_ERR_NOT_FOUND, "conversation_id: no conversation \(conversationID) on this channel instance") }
            answer.pointee = makeBuffer(Array(json.serialized.utf8))
            return SB_OK
        } catch {
            return fail(err, cap, SB_ERR_IO, "store: \(error)")
        }
    }

    static func status(for error: StackServiceError, _ err: UnsafeMutablePointer<CChar>?, _ cap: Int) -> sb_status {
        switch error {
        case .notFound(let m): fail(err, cap, SB_ERR_NOT_FOUND, m)
        case .invalid(let m): fail(err, cap, SB_ERR_INVALID, m)
        case .timeout(let m): fail(err, cap, SB_ERR_TIMEOUT, m)
        case .failed(let m): fail(err, cap, SB_ERR_IO, m)
        }
    }
}

extension StackRuntime {
    var sidekick: Sidekick { Sidekick(store: store, catalog: catalog, tools: tools) }
}
