import SwitchboardDomain
import SwitchboardPluginAPI
import SwitchboardSupport

/// Best-effort signals to the channel a conversation is on (ABI 1.2 on_conversation_signal): an
/// agent typing, a status change. Not stored, not retried: a live channel shows them or not.
struct ConversationSignals: Sendable {
    let registry: ChannelRegistry

    /// True when the conversation's channel takes signals.
    @discardableResult
    func send(_ type: String, data: JSON, to conversation: Conversation) -> Bool {
        let json = data.serialized
        return registry.runtime(for: conversation.channelInstanceID)?.call { descriptor, instance -> Bool in
            guard let signal = descriptor.on_conversation_signal else { return false }
            withStr(conversation.id) { id in withStr(type) { t in withStr(json) { d in signal(instance, id, t, d) } } }
            return true
        } ?? false
    }
}
