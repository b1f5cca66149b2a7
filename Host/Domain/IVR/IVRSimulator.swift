/// Provider results the admin decides in advance, so a simulated call waiting in a queue, on a dial,
/// a recording or an AI agent goes on at once; nil leaves the simulated call waiting for an input.
public struct IVRMocks: Equatable, Sendable {
    public var queue: IVRQueueResult?
    public var dial: IVRDialResult?
    /// true: a recording was left; false: no audio.
    public var recorded: Bool?
    /// The AI agent's outcome (resolved, human, timeout, error, or one of the node's outcomes).
    public var agentOutcome: String?

    public init(queue: IVRQueueResult? = nil, dial: IVRDialResult? = nil, recorded: Bool? = nil, agentOutcome: String? = nil) {
        self.queue = queue
        self.dial = dial
        self.recorded = recorded
        self.agentOutcome = agentOutcome
    }

    /// The mocked answer to what the call waits for, if the admin mocked it.
    func answer(_ action: IVRAction) -> IVRInput? {
        switch action {
        case .enqueue: return queue.map(IVRInput.queueResult)
        case .dial: return dial.map(IVRInput.dialResult)
        case .record: return recorded.map { IVRInput.recording(url: $0 ? IVRSimulator.recordingURL : nil) }
        case .agent: return agentOutcome.map(IVRInput.agentOutcome)
        case .gather, .hangUp: return nil
        }
    }
}

/// The editor's simulator: the same engine as a real call, on a draft or any definition, with
/// "now" and provider results chosen by the admin. Nothing is sent: SMS and channel moves stay events.
public enum IVRSimulator {
    /// Simulated calls are pinned to revision 0, which no published revision has.
    public static let revision = 0
    /// What a mocked recording's variable holds.
    public static let recordingURL = "simulated:recording"

    /// One input, then each mocked provider result the call comes to, until the call waits for the
    /// caller, for an unmocked result, or ends. `state` is nil for `.callStarted` only.
    public static func step(flow: IVRFlow, state: IVRCallState?, input: IVRInput, caller: String?,
                            nowMillis: Int64, mocks: IVRMocks) throws(IVRStepError) -> IVRStep {
        let revision = IVRRevision(number: revision, flow: flow)
        let start = state ?? IVRCallState(revision: Self.revision, caller: caller, startedAtMillis: nowMillis)
        var step = try IVREngine.step(revision: revision, state: start, input: input, nowMillis: nowMillis)
        var events = step.events
        var said = step.instruction.say
        // Each mocked wait moves the call on by at least one node, and the engine's visit limits end
        // any loop; the bound only keeps a bad flow from spinning here.
        var rounds = 0
        while !step.state.ended, rounds < flow.limits.maxSteps, let answer = mocks.answer(step.instruction.action) {
            rounds += 1
            step = try IVREngine.step(revision: revision, state: step.state, input: answer, nowMillis: nowMillis)
            events += step.events
            said += step.instruction.say
        }
        return IVRStep(events: events, state: step.state, instruction: IVRInstruction(say: said, action: step.instruction.action))
    }
}
