/// What the host does when a queue has someone waiting and the team's strategy found a free agent
/// with somewhere to ring (`Store.voiceAgentOffer`).
public enum VoiceQueueDispatch {
    public enum Action: Sendable, Equatable {
        /// Dial the agent; when they answer, bridge them to this caller on hold.
        case bridge(entryID: String, callSid: String, agentID: String, dialTarget: String)
        /// A callback, agent first: dial the agent, then (once they answer) the customer, from the number they called.
        case callBack(entryID: String, agentID: String, agentTarget: String, customer: String, from: String?)
    }

    /// Nil when nobody may be served now or no agent is free. Callbacks wait for their schedule (see `VoiceQueueOrder.next`).
    public static func next(_ places: [VoiceQueueEntry], nowMillis: Int64, scheduleOpen: (String) -> Bool,
                            offer: (agentID: String, dialTarget: String)?) -> Action? {
        guard let offer, let entry = VoiceQueueOrder.next(places, nowMillis: nowMillis, scheduleOpen: scheduleOpen) else { return nil }
        return action(for: entry, offer: offer)
    }

    /// A live caller on hold is bridged; anyone else holding a place is called back.
    public static func action(for entry: VoiceQueueEntry, offer: (agentID: String, dialTarget: String)) -> Action {
        if entry.status == .waiting, let callSid = entry.callSid {
            return .bridge(entryID: entry.id, callSid: callSid, agentID: offer.agentID, dialTarget: offer.dialTarget)
        }
        return .callBack(entryID: entry.id, agentID: offer.agentID, agentTarget: offer.dialTarget, customer: entry.number, from: entry.calledNumber)
    }
}
