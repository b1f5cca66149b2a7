/// One step's walk through the flow: the state it changes, the events and the speech it gathers.
struct IVRWalk {
    let flow: IVRFlow
    var state: IVRCallState
    let nowMillis: Int64
    var events: [IVREvent] = []
    var spoken: [IVRSpeech] = []

    init(flow: IVRFlow, state: IVRCallState, nowMillis: Int64) {
        self.flow = flow
        self.state = state
        self.nowMillis = nowMillis
    }

    func finish(_ action: IVRAction) -> IVRStep {
        IVRStep(events: events, state: state, instruction: IVRInstruction(say: spoken, action: action))
    }

    /// Leaves a node by an exit, recording the path.
    mutating func follow(_ node: IVRNode, _ exit: String, label: String? = nil) throws(IVRStepError) -> String {
        guard let target = node.exits[exit], flow.nodes[target] != nil else { throw .exitUnwired(node: node.id, exit: exit) }
        let entry = "\(node.id): \(label ?? exit)"
        state.path.append(entry)
        events.append(.exitTaken(node: node.id, exit: exit, label: label ?? exit))
        return target
    }

    /// The limit this node would break, if any. Once the guard exit was taken the call is on its way
    /// out (often waiting in a queue): duration no longer counts and steps get a second allowance,
    /// while node visits still stop a loop in the guard's own chain.
    private func brokenLimit(at id: String) -> String? {
        let limits = flow.limits
        // After the call, only node visits bound the chain (validation forbids loops no visit limit ends).
        if state.ended { return state.visits[id, default: 0] >= limits.maxNodeVisits ? "node_visits" : nil }
        if state.steps >= limits.maxSteps * (state.guardTripped ? 2 : 1) { return "steps" }
        if state.visits[id, default: 0] >= limits.maxNodeVisits { return "node_visits" }
        if !state.guardTripped && nowMillis - state.startedAtMillis >= Int64(limits.maxSeconds) * 1000 { return "duration" }
        return nil
    }

    private mutating func end(reason: String) -> IVRStep {
        state.ended = true
        state.waitingAt = nil
        events.append(.callEnded(reason: reason))
        return finish(.hangUp)
    }

    private mutating func wait(at id: String, _ action: IVRAction) -> IVRStep {
        state.waitingAt = id
        return finish(action)
    }

    /// Whether a bounded node may prompt again, counting this prompt.
    private mutating func attempt(_ id: String, max: Int) -> Bool {
        state.attempts[id, default: 0] += 1
        return state.attempts[id]! <= max
    }

    mutating func run(from start: String) throws(IVRStepError) -> IVRStep {
        var id = start
        while true {
            if let limit = brokenLimit(at: id) {
                events.append(.guardTripped(node: id, limit: limit))
                if state.ended { return finish(.hangUp) }   // the after-hang-up chain stops: the guard node speaks
                // The guard chain gets one chance; breaking a limit again ends the call.
                if state.guardTripped { return end(reason: "limit \(limit) after the guard exit") }
                state.guardTripped = true
                state.path.append("guard: \(limit)")
                id = flow.limits.guardNode
                continue
            }
            guard let node = flow.nodes[id] else { throw .nodeMissing(id) }
            // After the call only server-side nodes run (validation forbids others; a guard exit may lead there).
            if state.ended && !node.kind.runsAfterHangup { return finish(.hangUp) }
            let speech = node.speech.over(flow.speech)
            state.steps += 1
            state.visits[id, default: 0] += 1
            let caller = state.variables["caller"]
            switch node.kind {
            case .say(let text):
                spoken.append(IVRSpeech(text, speech))
                id = try follow(node, "next")
            case .menu(let menu):
                guard attempt(id, max: menu.maxAttempts) else { id = try follow(node, "max_attempts"); continue }
                return wait(at: id, .gather(IVRGather(prompt: menu.prompt, inputs: menu.inputs, timeoutSeconds: menu.timeoutSeconds,
                                                      numDigits: menu.inputs.contains(.dtmf) ? 1 : nil, finishOnKey: nil, settings: speech)))
            case .collect(let collect):
                guard attempt(id, max: collect.maxAttempts) else { id = try follow(node, "max_attempts"); continue }
                return wait(at: id, .gather(IVRGather(prompt: collect.prompt, inputs: [.dtmf], timeoutSeconds: collect.timeoutSeconds,
                                                      numDigits: collect.numDigits, finishOnKey: collect.finishOnKey, settings: speech)))
            case .branch(let branch):
                id = try follow(node, branch.exit(for: state.variables))
            case .hoursCheck(let scheduleID):
                let status = flow.schedules[scheduleID]?.status(atMillis: nowMillis)
                id = try follow(node, status?.rawValue ?? "error")
            case .queue(let queueID, let maxWait, let offersCallback):
                return wait(at: id, .enqueue(queueID: queueID, maxWaitSeconds: maxWait, offersCallback: offersCallback))
            case .callback(let queueID):
                guard let number = state.variables["callback_number"] ?? caller else { id = try follow(node, "declined"); continue }
                events.append(.callbackRequested(number: number, queueID: queueID))
                id = try follow(node, "scheduled")
            case .dial(let number, let timeout):
                return wait(at: id, .dial(number: number, timeoutSeconds: timeout))
            case .record(let prompt, let maxLength, let transcribe):
                if let prompt { spoken.append(IVRSpeech(prompt, speech)) }
                return wait(at: id, .record(maxLengthSeconds: maxLength, transcribe: transcribe))
            case .sendSMS(let instance, let text):
                guard let caller else { id = try follow(node, "failed"); continue }
                events.append(.smsRequested(instance: instance, to: caller, text: text))
                id = try follow(node, "sent")
            case .routeToChannel(let instance, let text, let goodbye):
                guard let caller else { id = try follow(node, "failed"); continue }
                events.append(.channelRouteRequested(instance: instance, to: caller, text: text))
                if let goodbye { spoken.append(IVRSpeech(goodbye, speech)) }
                id = try follow(node, "sent")
            case .aiAgent(let stackID, let maxTurns, _):
                return wait(at: id, .agent(stackID: stackID, maxTurns: maxTurns, speech: speech == IVRSpeechSettings() ? nil : speech))
            case .hangUp(let goodbye):
                if let goodbye { spoken.append(IVRSpeech(goodbye, speech)) }
                state.path.append(id)
                // The end of the after-hang-up chain: the call's end was recorded already.
                if state.ended { return finish(.hangUp) }
                return end(reason: "hang-up node \(id)")
            }
        }
    }
}
