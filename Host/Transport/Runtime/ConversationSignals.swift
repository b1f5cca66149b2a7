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
        send(type, data: data, conversationID: conversation.id, instanceID: conversation.channelInstanceID)
    }

    /// A signal about the instance itself rather than one conversation (ABI 1.3: an agent asks a side
    /// channel for a fresh directory): the conversation id is empty.
    @discardableResult
    func send(_ type: String, data: JSON, toInstance instanceID: String) -> Bool {
        send(type, data: data, conversationID: "", instanceID: instanceID)
    }

    /// ABI 1.3 "contact.erased": false only when the instance is not running now (the notice waits);
    /// a running plugin without `on_conversation_signal` keeps nothing to erase and counts as told.
    func tellErased(_ dataJSON: String, instanceID: String) -> Bool {
        registry.runtime(for: instanceID)?.call { descriptor, instance -> Bool in
            if let signal = descriptor.on_conversation_signal {
                withStr("") { id in withStr("contact.erased") { t in withStr(dataJSON) { d in signal(instance, id, t, d) } } }
            }
            return true
        } ?? false
    }

    /// About a conversation, to a named instance: the one that received a message, which the
    /// conversation may have left since (media fetched again).
    func send(_ type: String, data: JSON, conversationID: String, instanceID: String) -> Bool {
        let json = data.serialized
        return registry.runtime(for: instanceID)?.call { descriptor, instance -> Bool in
            guard let signal = descriptor.on_conversation_signal else { return false }
            withStr(conversationID) { id in withStr(type) { t in withStr(json) { d in signal(instance, id, t, d) } } }
            return true
        } ?? false
    }
}
