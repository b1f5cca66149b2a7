import SwitchboardDomain
import SwitchboardSupport

/// Rings agents through the voice plugin instance that took the call: its admin operation
/// `agent.dial` places the agent's leg with Twilio's Calls API (Plugins/Voice/AgentLegRoutes.swift).
struct PluginAgentDialer: VoiceAgentDialer {
    let store: Store
    let registry: ChannelRegistry

    static let actor = "system:voice-dispatcher"

    func dial(_ action: VoiceQueueDispatch.Action) throws {
        let args: JSONObject
        switch action {
        case .bridge(let entryID, _, let agentID, let target):
            args = ["kind": "bridge", "entry_id": .string(entryID), "agent_id": .string(agentID), "to": .string(target)]
        case .callBack(let entryID, let agentID, let target, _, _):
            args = ["kind": "callback", "entry_id": .string(entryID), "agent_id": .string(agentID), "to": .string(target)]
        }
        let entryID = args["entry_id"]?.stringValue ?? ""
        guard let instanceID = try instance(entryID: entryID) else { throw VoiceQueueError.notFound("no voice instance took \(entryID)'s call") }
        let answer = try registry.runAdminOperation(pluginID: "voice", name: "agent.dial", instanceID: instanceID, args: args, actor: Self.actor)
        guard answer.succeeded else { throw VoiceQueueError.conflict("\(instanceID) could not ring the agent: \(answer.errorMessage)") }
    }

    /// The instance whose number the caller dialled (the call's record; else the conversation's channel).
    private func instance(entryID: String) throws -> String? {
        guard let entry = try store.voiceQueueEntry(id: entryID) else { return nil }
        if let sid = entry.callSid, let call = try store.voiceCall(sid: sid) { return call.instanceID }
        return try entry.conversationID.flatMap { try store.conversation(id: $0) }?.channelInstanceID
    }
}
