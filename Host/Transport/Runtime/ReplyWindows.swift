import SwitchboardDomain
import SwitchboardSupport

extension ChannelRegistry {
    /// Where a conversation's reply window stands on a channel instance (ABI 1.3), for the API and
    /// the agents' composer: `.none` when its plugin declares no "reply_window" or is not loaded.
    public func replyWindow(conversationID: String, instanceID: String) throws -> ReplyWindowState {
        let rule: ReplyWindowRule?
        if let running = runtime(for: instanceID) {
            rule = running.plugin.manifest.replyWindow
        } else {
            rule = try store.channelInstance(id: instanceID).flatMap { pluginStatus($0.pluginID)?.manifest?.replyWindow }
        }
        return try store.replyWindow(rule, conversationID: conversationID, instanceID: instanceID)
    }
}
