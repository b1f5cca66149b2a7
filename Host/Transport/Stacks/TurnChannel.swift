import SwitchboardDomain
import SwitchboardSupport

/// The channel that delivered the customer's message, as one turn sees it: the output rule the
/// reply must keep, and the channel actions the stack may take there (the manifest's "actions",
/// filtered by the stack's allow/forbid). Nothing of another channel is ever offered.
struct TurnChannel: Sendable {
    var instanceID: String
    var rule: OutputRule
    var actions: [ChannelAction]

    func action(named name: String) -> ChannelAction? { actions.first { $0.name == name } }
}

extension ChannelRegistry {
    /// The conversation's channel for a turn of `stack`; nil when its plugin is unknown to this host
    /// (a conversation waiting on a kind with no plugin yet): the turn then has no rule to keep.
    func turnChannel(for conversation: Conversation, stack: StackDefinition) throws -> TurnChannel? {
        let instanceID = conversation.channelInstanceID
        let manifest: PluginManifest?
        if let running = runtime(for: instanceID) {
            manifest = running.plugin.manifest
        } else {
            manifest = try store.channelInstance(id: instanceID).flatMap { pluginStatus($0.pluginID)?.manifest }
        }
        guard let manifest else { return nil }
        let window = try store.replyWindow(manifest.replyWindow, conversationID: conversation.id, instanceID: instanceID)
        return TurnChannel(instanceID: instanceID, rule: manifest.outputRule(window: window), actions: stack.actions.offered(manifest.actions))
    }
}
