extension IVRFlow {
    /// The longest recording Twilio transcribes (`<Record transcribe>`).
    public static let maxTranscribedSeconds = 120

    /// Every problem that would block publishing (errors) or deserves a look (warnings), each with
    /// its node and exit: exits wired, an ending reachable from every node, loops bounded,
    /// schedules valid, references existing, nodes reachable.
    public func validate(references: IVRReferences) -> [IVRProblem] {
        var problems: [IVRProblem] = []
        if nodes[entry] == nil { problems.append(IVRProblem(.error, "entry_missing", node: nil, "the entry '\(entry)' is not a node")) }
        if nodes[limits.guardNode] == nil {
            problems.append(IVRProblem(.error, "guard_missing", node: nil, "the guard exit '\(limits.guardNode)' is not a node"))
        }
        for id in nodeOrder {
            let node = nodes[id]!
            problems += wiringProblems(node)
            problems += parameterProblems(node, references: references)
        }
        problems += graphProblems()
        problems += hangupChainProblems()
        return problems
    }

    /// The `onHangup` chain runs with nobody on the line: it must name a node, and every node it can
    /// reach must run server-side.
    private func hangupChainProblems() -> [IVRProblem] {
        guard let start = onHangup else { return [] }
        guard nodes[start] != nil else {
            return [IVRProblem(.error, "on_hangup_missing", node: nil, "the onHangup chain starts at '\(start)', which is not a node")]
        }
        let chain = IVRGraph(self).reachable(from: [start])
        return nodeOrder.filter { chain.contains($0) && !nodes[$0]!.kind.runsAfterHangup }.map { id in
            IVRProblem(.error, "on_hangup_voice_node", node: id,
                       "the onHangup chain reaches this \(nodes[id]!.type) node, but after the call only send_sms, route_to_channel, branch, hours_check and hangup can run")
        }
    }

    private func wiringProblems(_ node: IVRNode) -> [IVRProblem] {
        node.kind.exitNames.compactMap { exit in
            guard let target = node.exits[exit] else {
                return IVRProblem(.error, "exit_unwired", node: node.id, exit: exit, "the \(exit) exit leads nowhere")
            }
            return nodes[target] == nil
                ? IVRProblem(.error, "exit_target_missing", node: node.id, exit: exit, "the \(exit) exit leads to '\(target)', which is not a node")
                : nil
        }
    }

    private func parameterProblems(_ node: IVRNode, references: IVRReferences) -> [IVRProblem] {
        func missing(_ what: String, _ id: String) -> [IVRProblem] {
            [IVRProblem(.error, "reference_missing", node: node.id, "the \(what) '\(id)' does not exist")]
        }
        switch node.kind {
        case .hoursCheck(let scheduleID):
            guard let schedule = schedules[scheduleID] else { return missing("schedule", scheduleID) }
            if !IVRTimeZone.exists(schedule.timeZone) {
                return [IVRProblem(.error, "time_zone_unknown", node: node.id,
                                   "schedule '\(scheduleID)' names the unknown time zone '\(schedule.timeZone)'")]
            }
            return schedule.weekly.isEmpty
                ? [IVRProblem(.warning, "schedule_never_open", node: node.id, "schedule '\(scheduleID)' has no opening hours")]
                : []
        case .queue(let queueID, _, _): return references.queueExists(queueID) ? [] : missing("queue", queueID)
        case .callback(let queueID?): return references.queueExists(queueID) ? [] : missing("queue", queueID)
        case .sendSMS(let instance, _): return references.smsInstanceExists(instance) ? [] : missing("SMS instance", instance)
        case .routeToChannel(let instance, _, _):
            return references.channelInstanceExists(instance) ? [] : missing("channel instance", instance)
        case .aiAgent(let stackID, _, _): return references.stackExists(stackID) ? [] : missing("stack", stackID)
        case .record(_, let maxLength, true) where maxLength > IVRFlow.maxTranscribedSeconds:
            return [IVRProblem(.warning, "transcription_too_long", node: node.id,
                               "Twilio transcribes recordings of at most \(IVRFlow.maxTranscribedSeconds) s; longer ones get no transcript")]
        default: return []
        }
    }

    private func graphProblems() -> [IVRProblem] {
        let graph = IVRGraph(self)
        var problems: [IVRProblem] = []
        let reached = graph.reachable(from: [entry, limits.guardNode] + (onHangup.map { [$0] } ?? []))
        let endings = Set(nodeOrder.filter { nodes[$0]!.kind.isEnding })
        let canEnd = graph.reaching(endings)
        for id in nodeOrder {
            if !reached.contains(id) { problems.append(IVRProblem(.warning, "unreachable", node: id, "no call can reach this node")) }
            if !canEnd.contains(id) { problems.append(IVRProblem(.error, "no_ending", node: id, "no path from here reaches a hang-up")) }
        }
        for loop in unboundedLoops(graph, within: nil) {
            problems.append(IVRProblem(.error, "unbounded_loop", node: loop[0],
                "the loop \(loop.joined(separator: " → ")) has no menu, collect or AI agent whose exhaustion exit leaves it"))
        }
        return problems
    }

    /// Loops no bounded node ends. A guard (a bounded node whose exhaustion exit leaves the loop)
    /// ends every cycle through it; the cycles left once the guards are removed need guards of their own.
    private func unboundedLoops(_ graph: IVRGraph, within members: Set<String>?) -> [[String]] {
        var found: [[String]] = []
        for loop in graph.cycles(order: nodeOrder, within: members) {
            let guards = loop.filter { id in
                let node = nodes[id]!
                guard let exit = node.kind.exhaustionExit, let target = node.exits[exit] else { return false }
                return !loop.contains(target)
            }
            if guards.isEmpty {
                found.append(nodeOrder.filter(loop.contains))
            } else {
                found += unboundedLoops(graph, within: loop.subtracting(guards))
            }
        }
        return found
    }
}
