import SwitchboardDomain
import SwitchboardSupport

/// What a call step leaves in the conversation and asks of other channels: the call's start and end
/// (path, duration, outcome) as events of the thread, texts through the SMS instance a flow names,
/// and a move of the conversation to another channel (same id, history and assignee).
struct VoiceCallRecord {
    let context: InstanceContext

    var actor: String { "channel:\(context.instanceID)" }

    /// `started`: the step was the call's first.
    func carryOut(_ step: VoiceStepAnswer, started: Bool) {
        let call = step.call
        if started {
            record(call, "voice.call_started", ["call_sid": .string(call.callSID), "caller": .string(call.caller),
                                                "flow_id": .string(call.flowID), "revision": .from(call.revision)])
        }
        for event in step.events {
            switch event {
            case .smsRequested(let instance, let to, let text), .channelRouteRequested(let instance, let to, let text):
                send(text, through: instance, to: to, call: call)
            case .guardTripped(let node, let limit):
                record(call, "voice.guard_tripped", ["call_sid": .string(call.callSID), "node": .string(node), "limit": .string(limit)])
            case .callbackRequested(let number, let queueID):
                record(call, "voice.callback_requested", ["call_sid": .string(call.callSID), "number": .string(number), "queue_id": .from(queueID)])
            case .callEnded(let reason):
                let seconds = ((call.endedAt ?? Clock.nowMillis()) - call.startedAt) / 1000
                record(call, "voice.call_ended", ["call_sid": .string(call.callSID), "path": .string(call.state.pathSummary),
                                                  "duration_seconds": .from(seconds), "outcome": .string(call.status), "reason": .string(reason)])
            case .exitTaken:
                break
            }
        }
    }

    /// The text goes out on the named instance in the same conversation: the conversation moves there
    /// (so the customer's answer threads back into it) with the text as the first message, through the outbox.
    private func send(_ text: String, through instance: String, to number: String, call: VoiceCall) {
        do {
            try context.services.store.switchChannel(conversationID: call.conversationID, to: instance, identity: Identity(kind: "phone", value: number),
                                                     actor: actor, reason: "voice flow \(call.flowID)", notice: text)
            context.services.onOutboxChange()
        } catch {
            context.log.error("voice: the text to \(number) through \(instance) for call \(call.callSID) failed: \(error)")
            record(call, "voice.text_failed", ["call_sid": .string(call.callSID), "instance": .string(instance), "error": .string("\(error)")])
        }
    }

    private func record(_ call: VoiceCall, _ type: String, _ data: JSONObject) {
        var data = data
        data["channel_instance_id"] = .string(context.instanceID)
        do {
            _ = try context.services.store.recordEvent(conversationID: call.conversationID, type: type, actor: actor, data: data)
        } catch {
            context.log.error("voice: could not record \(type) for call \(call.callSID): \(error)")
        }
    }
}
