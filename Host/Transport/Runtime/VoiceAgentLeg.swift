import SwitchboardDomain
import SwitchboardSupport

/// How an agent's leg went, told through `voice_step` with input `{"kind": "agent_leg", "entry_id",
/// "agent_id", "status"}` (the CallSid is the agent leg's). `answered`: a live caller is bridged
/// (their place ends as answered by the agent, the conversation is assigned to them, the queue
/// time recorded) or, for a callback, the customer is dialled next; `dial_<result>`: the callback's
/// dial to the customer ended; `busy` / `no_answer` / `failed` / `canceled`: the agent did not
/// answer, so the place is given back (a live caller waits on for the next agent; a callback counts
/// the attempt). Each is an outcome on the conversation; the answer says what to connect.
struct VoiceAgentLeg {
    let context: InstanceContext

    var store: Store { context.services.store }

    func handle(legSID: String, _ input: JSONObject) throws -> String {
        guard let entryID = input["entry_id"]?.stringValue, let agentID = input["agent_id"]?.stringValue,
              let status = input["status"]?.stringValue else { throw VoiceCallError.invalid("input: entry_id, agent_id and status are required") }
        let now = Clock.nowMillis()
        guard let entry = try store.voiceQueueEntry(id: entryID), entry.agentID == agentID else {
            return Self.connectNone("This call is no longer waiting for you. Goodbye.")
        }
        if entry.status == .dialing { return try callback(entry, agentID: agentID, status: status, legSID: legSID, now: now) }
        guard entry.status == .waiting else { return Self.connectNone("The caller is no longer waiting. Goodbye.") }
        if status == "answered" {
            guard let answered = try store.answerVoiceQueueEntry(id: entryID, agentID: agentID, nowMillis: now) else {
                return Self.connectNone("The caller is no longer waiting. Goodbye.")
            }
            assign(answered, to: agentID)
            record(answered, "voice.queue_left", ["result": "answered", "agent_id": .string(agentID), "agent_call_sid": .string(legSID),
                                                  "queue_seconds": .from((now - answered.virtualEnqueuedAt) / 1000)])
            return JSON.object(["connect": "queue", "queue_id": .string(answered.queueID)]).serialized
        }
        try store.missVoiceOffer(id: entryID, agentID: agentID, status: status, nowMillis: now)
        record(entry, "voice.agent_missed", ["agent_id": .string(agentID), "agent_call_sid": .string(legSID), "status": .string(status)])
        context.services.voiceQueueChanged()
        return Self.connectNone("Goodbye.")
    }

    /// A callback's legs: the agent answered (dial the customer next), or the attempt ended.
    private func callback(_ entry: VoiceQueueEntry, agentID: String, status: String, legSID: String, now: Int64) throws -> String {
        if status == "answered" {
            return JSON.object(["connect": "number", "number": .string(entry.number), "from": .from(entry.calledNumber)]).serialized
        }
        let result: IVRDialResult
        if status.hasPrefix("dial_") {
            result = IVRDialResult(rawValue: String(status.dropFirst(5))) ?? .failed
        } else {
            result = status == "busy" ? .busy : status == "no_answer" ? .noAnswer : .failed
        }
        let finished = try store.finishVoiceCallbackAttempt(id: entry.id, result: result, nowMillis: now)
        if finished.status == .completed { assign(finished, to: agentID) }
        record(finished, "voice.callback_attempt", ["agent_id": .string(agentID), "agent_call_sid": .string(legSID),
                                                    "leg": .string(status.hasPrefix("dial_") ? "customer" : "agent"),
                                                    "result": .string(result.rawValue), "attempts": .from(finished.attempts),
                                                    "status": .string(finished.status.rawValue)])
        context.services.voiceQueueChanged()
        return Self.connectNone("Goodbye.")
    }

    private func assign(_ entry: VoiceQueueEntry, to agentID: String) {
        guard let conversationID = entry.conversationID else { return }
        do { _ = try store.perform(.assignAgent(agentID), on: conversationID, viewer: .everyone, actor: "voice") } catch {
            context.log.error("voice: could not assign \(conversationID) to agent \(agentID): \(error)")
        }
    }

    private func record(_ entry: VoiceQueueEntry, _ type: String, _ data: JSONObject) {
        var data = data
        data["queue_id"] = .string(entry.queueID)
        data["entry_id"] = .string(entry.id)
        data["call_sid"] = .from(entry.callSid)
        data["channel_instance_id"] = .string(context.instanceID)
        do { _ = try store.recordEvent(conversationID: entry.conversationID, type: type, actor: "channel:\(context.instanceID)", data: data) } catch {
            context.log.error("voice: could not record \(type) for \(entry.id): \(error)")
        }
    }

    static func connectNone(_ say: String) -> String { JSON.object(["connect": "none", "say": .string(say)]).serialized }
}
