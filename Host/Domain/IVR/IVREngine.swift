/// The pure IVR step function: `(revision, call state, input, now) → (events, new state, instruction)`.
/// It runs server-side nodes until one waits for the caller or the provider, or the call ends.
public enum IVREngine {
    public static func step(revision: IVRRevision, state: IVRCallState, input: IVRInput, nowMillis: Int64) throws(IVRStepError) -> IVRStep {
        guard state.revision == revision.number else { throw .revisionMismatch(pinned: state.revision, given: revision.number) }
        var walk = IVRWalk(flow: revision.flow, state: state, nowMillis: nowMillis)
        // A repeated or late request after the end is answered the same way: hang up.
        if state.ended { return walk.finish(.hangUp) }
        if input == .hungUp {
            walk.state.ended = true
            walk.state.waitingAt = nil
            walk.events.append(.callEnded(reason: "caller hung up"))
            return walk.finish(.hangUp)
        }
        guard let waitingID = state.waitingAt else {
            guard input == .callStarted else { throw .unexpectedInput(node: nil, input: input) }
            return try walk.run(from: revision.flow.entry)
        }
        guard let node = revision.flow.nodes[waitingID], let resumed = node.resume(with: input) else {
            throw .unexpectedInput(node: waitingID, input: input)
        }
        walk.state.waitingAt = nil
        walk.state.variables.merge(resumed.variables) { _, new in new }
        let next = try walk.follow(node, resumed.exit, label: resumed.label)
        return try walk.run(from: next)
    }

    /// The flow's `onHangup` chain, once per call, after the call ended: server-side nodes only (texts,
    /// a move to another channel, branches, hours checks), nothing spoken. A call whose chain ran, or
    /// a flow without one, gets no events and its state unchanged.
    public static func afterHangup(revision: IVRRevision, state: IVRCallState, nowMillis: Int64) throws(IVRStepError) -> IVRStep {
        guard state.revision == revision.number else { throw .revisionMismatch(pinned: state.revision, given: revision.number) }
        var walk = IVRWalk(flow: revision.flow, state: state, nowMillis: nowMillis)
        guard state.ended, state.hangupChainRan != true, let start = revision.flow.onHangup else { return walk.finish(.hangUp) }
        walk.state.hangupChainRan = true
        let callPath = walk.state.path
        let step = try walk.run(from: start)
        // The call's path stays the call's; the chain's is its own event.
        var state = step.state
        let chainPath = state.path.dropFirst(callPath.count).joined(separator: " → ")
        state.path = callPath
        return IVRStep(events: step.events + [.hangupChainRan(path: chainPath)], state: state, instruction: IVRInstruction(say: [], action: .hangUp))
    }
}
