import SwitchboardDomain
import SwitchboardSupport

/// What a call step asks of other channels: texts through the SMS instance a flow names, and a move
/// of the conversation to another channel (same id, history and assignee).
struct VoiceCallEffects {
    let context: InstanceContext

    var actor: String { "channel:\(context.instanceID)" }

    /// The step's requests to other channels (its timeline events were stored with it).
    func carryOut(_ step: VoiceStepAnswer) {
        for event in step.events {
            switch event {
            case .smsRequested(let instance, let to, let text), .channelRouteRequested(let instance, let to, let text):
                send(text, through: instance, to: to, call: step.call)
            default:
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
            record(call, "voice.text_failed", ["instance": .string(instance), "error": .string("\(error)")])
        }
    }

    private func record(_ call: VoiceCall, _ type: String, _ data: JSONObject) {
        var data = data
        data["channel_instance_id"] = .string(context.instanceID)
        data["call_sid"] = .string(call.callSID)
        do {
            _ = try context.services.store.recordEvent(conversationID: call.conversationID, type: type, actor: actor, data: data)
        } catch {
            context.log.error("voice: could not record \(type) for call \(call.callSID): \(error)")
        }
    }
}
