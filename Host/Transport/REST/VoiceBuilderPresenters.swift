import SwitchboardDomain
import SwitchboardSupport

/// JSON of the simulator's answers and of saved flow tests.
extension Present {
    static func ivrEvent(_ event: IVREvent) -> JSON {
        switch event {
        case .exitTaken(let node, let exit, let label):
            return ["type": "exit_taken", "node": .string(node), "exit": .string(exit), "label": .string(label)]
        case .guardTripped(let node, let limit): return ["type": "guard_tripped", "node": .string(node), "limit": .string(limit)]
        case .smsRequested(let instance, let to, let text):
            return ["type": "sms_requested", "instance": .string(instance), "to": .string(to), "text": .string(text)]
        case .channelRouteRequested(let instance, let to, let text):
            return ["type": "channel_route_requested", "instance": .string(instance), "to": .string(to), "text": .string(text)]
        case .callbackRequested(let number, let queueID):
            return ["type": "callback_requested", "number": .string(number), "queue_id": .from(queueID)]
        case .callEnded(let reason): return ["type": "call_ended", "reason": .string(reason)]
        case .hangupChainRan(let path): return ["type": "hangup_chain_ran", "path": .string(path)]
        }
    }

    static func voiceFlowStats(_ stats: IVRFlowStats) -> JSON {
        var nodes = JSONObject()
        for id in stats.nodes.keys.sorted() {
            let counts = stats.nodes[id]!
            nodes[id] = ["entered": .from(counts.entered), "ended_here": .from(counts.endedHere)]
        }
        var edges = JSONObject()
        for key in stats.edges.keys.sorted() { edges[key] = .from(stats.edges[key]!) }
        return ["nodes": .object(nodes), "edges": .object(edges)]
    }

    static func simulatedStep(_ step: IVRStep, state: JSON) -> JSON {
        ["state": state, "events": .array(step.events.map(ivrEvent)),
         "instruction": step.instruction.json,
         "node": .from(step.state.waitingAt), "path": .array(step.state.path.map(JSON.string)), "ended": .bool(step.state.ended)]
    }

    /// A saved test, with how it fares on the draft: `draftFailure` is nil when the draft cannot be
    /// read, `.some(nil)` when the test passes.
    static func voiceFlowTest(_ t: VoiceFlowTest, draftFailure: String??) -> JSON {
        var object = t.test.json.objectValue ?? JSONObject()
        object["id"] = .string(t.id)
        object["flow_id"] = .string(t.flowID)
        object["created_at"] = .string(Clock.iso8601(t.createdAt))
        if let draftFailure {
            object["draft_result"] = ["passed": .bool(draftFailure == nil), "message": .from(draftFailure)]
        } else {
            object["draft_result"] = .null
        }
        return .object(object)
    }
}
