import SwitchboardSupport

extension Store {
    /// Inside the step's write: what the step leaves in the conversation's timeline, committed with the
    /// call's state so a crash cannot keep one without the other — the call's start, a runtime limit
    /// tripping, a callback asked for, and the end with the path taken, duration and outcome.
    static func recordCallEvents(_ db: StoreConnection, call: VoiceCall, events: [IVREvent], started: Bool, now: Int64) throws {
        let actor = "channel:\(call.instanceID)"
        func record(_ type: String, _ data: JSONObject) throws {
            var data = data
            data["call_sid"] = .string(call.callSID)
            data["channel_instance_id"] = .string(call.instanceID)
            _ = try appendEvent(db, conversationID: call.conversationID, type: type, actor: actor, data: data, now: now)
        }
        if started {
            try record("voice.call_started", ["caller": .string(call.caller), "flow_id": .string(call.flowID), "revision": .from(call.revision)])
        }
        for event in events {
            switch event {
            case .guardTripped(let node, let limit): try record("voice.guard_tripped", ["node": .string(node), "limit": .string(limit)])
            case .callbackRequested(let number, let queueID): try record("voice.callback_requested", ["number": .string(number), "queue_id": .from(queueID)])
            case .callEnded(let reason):
                try record("voice.call_ended", ["path": .string(call.state.pathSummary), "duration_seconds": .from(((call.endedAt ?? now) - call.startedAt) / 1000),
                                                "outcome": .string(call.status), "reason": .string(reason)])
            case .hangupChainRan(let path): try record("voice.after_hangup", ["path": .string(path)])
            case .exitTaken, .smsRequested, .channelRouteRequested: break
            }
        }
    }
}
