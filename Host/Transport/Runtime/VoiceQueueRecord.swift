import SwitchboardDomain
import SwitchboardSupport

/// A call's places in voice queues, kept by the host as the call steps: joining a queue (a caller
/// whose callback still waits takes its place back and cancels it), how the wait ended (queue time,
/// who answered), and callbacks asked for on hold or at a callback node. Each is an outcome on the
/// call's record in the conversation.
struct VoiceQueueRecord {
    let context: InstanceContext

    var store: Store { context.services.store }
    var actor: String { "channel:\(context.instanceID)" }

    func carryOut(_ step: VoiceStepAnswer, input: IVRInput) {
        let call = step.call, now = Clock.nowMillis()
        do {
            if case .queueResult(let result) = input { try left(call, result, now: now) }
            for case .callbackRequested(let number, let queueID?) in step.events {
                let join = VoiceQueueJoin(queueID: queueID, callSid: call.callSID, number: number, calledNumber: calledNumber(),
                                          conversationID: call.conversationID)
                let callback = try store.requestVoiceCallback(join, nowMillis: now)
                record(call, "voice.callback_scheduled", ["callback_id": .string(callback.id), "queue_id": .string(queueID),
                                                          "number": .string(number), "place_since": .string(Clock.iso8601(callback.virtualEnqueuedAt))])
            }
            if let queueID = enqueuedQueue(step.answerJSON) {
                let join = VoiceQueueJoin(queueID: queueID, callSid: call.callSID, number: call.caller, calledNumber: calledNumber(),
                                          conversationID: call.conversationID)
                let entry = try store.enqueueVoiceCall(join, nowMillis: now)
                record(call, "voice.queued", ["queue_id": .string(queueID), "place_since": .string(Clock.iso8601(entry.virtualEnqueuedAt)),
                                              "kept_callback_place": .bool(entry.virtualEnqueuedAt < entry.createdAt)])
                context.services.voiceQueueChanged()
            }
        } catch {
            context.log.error("voice: queue bookkeeping for call \(call.callSID) failed: \(error)")
        }
    }

    /// The wait ended: answered, abandoned, out of time, or turned into a callback (same place).
    private func left(_ call: VoiceCall, _ result: IVRQueueResult, now: Int64) throws {
        let entry: VoiceQueueEntry?
        if result == .callbackRequested {
            guard let live = try store.voiceQueueEntry(callSid: call.callSID) else { return }
            let join = VoiceQueueJoin(queueID: live.queueID, callSid: call.callSID, number: call.caller, calledNumber: calledNumber(),
                                      conversationID: call.conversationID)
            entry = try store.requestVoiceCallback(join, nowMillis: now)
        } else {
            entry = try store.leaveVoiceQueue(callSid: call.callSID, result: result, agentID: nil, nowMillis: now)
        }
        guard let entry else { return }
        record(call, "voice.queue_left", ["queue_id": .string(entry.queueID), "result": .string(result.rawValue),
                                          "queue_seconds": .from((now - entry.createdAt) / 1000), "agent_id": .from(entry.agentID)])
    }

    /// The queue the step's answer puts the caller in, if any.
    private func enqueuedQueue(_ answerJSON: String) -> String? {
        guard let action = (try? JSON.parse(answerJSON))?["instruction"]?["action"], action["kind"]?.stringValue == "enqueue" else { return nil }
        return action["queue_id"]?.stringValue
    }

    /// The number the caller dialled: a callback calls from it.
    private func calledNumber() -> String? {
        (try? store.channelInstance(id: context.instanceID)).flatMap { $0.flatMap { (try? JSON.parse($0.configJSON))?["phone_number"]?.stringValue } }
    }

    private func record(_ call: VoiceCall, _ type: String, _ data: JSONObject) {
        var data = data
        data["call_sid"] = .string(call.callSID)
        data["channel_instance_id"] = .string(context.instanceID)
        do { _ = try store.recordEvent(conversationID: call.conversationID, type: type, actor: actor, data: data) } catch {
            context.log.error("voice: could not record \(type) for call \(call.callSID): \(error)")
        }
    }
}
