import SwitchboardDomain
import SwitchboardSupport

/// Starts the agent's leg of a queue connection (the voice plugin, through Twilio's Calls API):
/// for a live caller, ring the agent and bridge them to the caller on hold; for a callback, ring
/// the agent first, then the customer. Throws when the provider refused the call.
public protocol VoiceAgentDialer: Sendable {
    func dial(_ action: VoiceQueueDispatch.Action) throws
}

/// Connects waiting callers to free agents: each pass gives every queue's free agents (by the
/// team's strategy, availability and capacity) the first callers they may take, in place order.
/// A refused dial gives the place back (a live caller waits on; a callback counts a failed attempt).
public struct VoiceQueueDispatcher: Sendable {
    let store: Store
    let dialer: any VoiceAgentDialer
    let log: Logger
    /// The most connections one queue starts per pass (a pass runs again on the next tick).
    static let perQueueLimit = 50

    public init(store: Store, dialer: any VoiceAgentDialer, log: Logger) {
        self.store = store
        self.dialer = dialer
        self.log = log
    }

    /// One pass over every queue; what it started, in order.
    @discardableResult
    public func dispatch(nowMillis: Int64) throws -> [VoiceQueueDispatch.Action] {
        var started: [VoiceQueueDispatch.Action] = []
        for queue in try store.voiceQueues() {
            for _ in 0..<Self.perQueueLimit {
                guard let entry = try store.nextVoiceQueueEntry(queueID: queue.id, nowMillis: nowMillis) else { break }
                guard let offer = try store.voiceAgentOffer(teamID: queue.teamID, channelInstanceID: try instance(of: entry), entryID: entry.id) else { break }
                let action = VoiceQueueDispatch.action(for: entry, offer: offer)
                guard try claim(action, nowMillis: nowMillis) else { continue }
                do {
                    try dialer.dial(action)
                    started.append(action)
                } catch {
                    log.warn("voice queue \(queue.id): could not ring agent \(offer.agentID) for \(entry.id): \(error)")
                    try giveBack(action, nowMillis: nowMillis)
                    break
                }
            }
        }
        return started
    }

    /// "Take next call": the agent asked for the queue's head (`VoiceQueueOrder.next`: place order,
    /// callbacks only when due and within their schedule), whatever their availability. They are rung
    /// at their profile's phone or SIP address, exactly as the dispatcher rings agents. Refused
    /// (`VoiceQueueError.blocked`) when they have nowhere to ring, are being rung already, nobody
    /// waits, or the team's strategy gives the head's channel to other agents.
    public func take(queueID: String, agentID: String, nowMillis: Int64) throws -> VoiceQueueDispatch.Action {
        guard let queue = try store.voiceQueue(id: queueID) else { throw VoiceQueueError.notFound("no voice queue \(queueID)") }
        guard let target = try store.agentVoiceAddress(agentID: agentID).dialTarget else {
            throw VoiceQueueError.blocked(field: "phone", "you have no phone number or SIP address to be rung at: add one to your profile")
        }
        if let ringing = try store.voiceQueueEntryRinging(agentID: agentID) {
            throw VoiceQueueError.blocked(field: "phone", "your phone is already ringing for \(ringing.number); answer it first")
        }
        for _ in 0..<Self.perQueueLimit {
            guard let entry = try store.nextVoiceQueueEntry(queueID: queueID, nowMillis: nowMillis) else { break }
            let instance = try instance(of: entry)
            guard try strategyAllows(teamID: queue.teamID, agentID: agentID, channelInstanceID: instance) else {
                throw VoiceQueueError.blocked(field: "queue_id", "the next caller came in on \(instance), which team \(queue.teamID)'s channel strategy gives to other agents")
            }
            let action = VoiceQueueDispatch.action(for: entry, offer: (agentID, target))
            guard try claim(action, nowMillis: nowMillis) else { continue }
            do { try dialer.dial(action) } catch {
                try giveBack(action, nowMillis: nowMillis)
                throw VoiceQueueError.blocked(field: "phone", "\(error)")
            }
            return action
        }
        throw VoiceQueueError.blocked(field: "queue_id", "nobody waits in queue \(queueID) who can be connected now")
    }

    /// The channel the caller came in on (their conversation's), for the team's strategy.
    private func instance(of entry: VoiceQueueEntry) throws -> String {
        try entry.conversationID.flatMap { try store.conversation(id: $0) }?.channelInstanceID ?? ""
    }

    /// The team's strategy would offer this agent a call on that channel (the channel strategy asks
    /// that they handle it; the others take any member), availability and capacity aside.
    private func strategyAllows(teamID: String, agentID: String, channelInstanceID: String) throws -> Bool {
        guard let team = try store.team(id: teamID), let agent = try store.agent(id: agentID) else { return false }
        let candidate = AssignmentStrategy.Candidate(agentID: agentID, active: 0, channelInstanceIDs: Set(agent.channelInstanceIDs))
        let need = AssignmentStrategy.Need(requiredSkills: [], channelInstanceID: channelInstanceID, lastAssignedAgent: nil)
        return team.strategy.pick(from: [candidate], for: need) != nil
    }

    /// Marks the place as taken by the agent; false when someone else took it first.
    private func claim(_ action: VoiceQueueDispatch.Action, nowMillis: Int64) throws -> Bool {
        switch action {
        case .bridge(let entryID, _, let agentID, _):
            return try store.offerVoiceQueueEntry(id: entryID, agentID: agentID, nowMillis: nowMillis)
        case .callBack(let entryID, let agentID, _, _, _):
            do { _ = try store.startVoiceCallback(id: entryID, agentID: agentID, nowMillis: nowMillis) } catch VoiceQueueError.conflict { return false }
            return true
        }
    }

    private func giveBack(_ action: VoiceQueueDispatch.Action, nowMillis: Int64) throws {
        switch action {
        case .bridge(let entryID, _, _, _): try store.withdrawVoiceOffer(id: entryID, nowMillis: nowMillis)
        case .callBack(let entryID, _, _, _, _): _ = try store.finishVoiceCallbackAttempt(id: entryID, result: .failed, nowMillis: nowMillis)
        }
    }
}
