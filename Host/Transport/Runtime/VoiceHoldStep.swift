import SwitchboardDomain
import SwitchboardSupport

/// One round of a caller's hold (the queue's wait loop), asked through `voice_step` with input
/// `{"kind": "hold", "queue_id", "waited", "max", "offers_callback", "pressed"?}`: what to say
/// (`VoiceHold`), with the caller's position counted among everyone holding a place — callbacks
/// ahead included — and `*` turning the place into a callback (same place) when the queue node
/// offers one. The answer: `{"leave", "say", "speech", "music_url", "listen"}`, `speech` being how
/// the texts are spoken (the queue node's language and voice over the flow's).
struct VoiceHoldStep {
    let context: InstanceContext

    var store: Store { context.services.store }

    func handle(callSID: String, _ input: JSONObject) throws -> String {
        guard let queueID = input["queue_id"]?.stringValue else { throw VoiceCallError.invalid("input: queue_id is required") }
        let queue = try store.voiceQueue(id: queueID)
        let settings = VoiceHoldSettings(holdPrompt: queue?.holdPrompt, holdMusicURL: queue?.holdMusicURL,
                                         announcePosition: queue?.announcePosition ?? false,
                                         maxWaitSeconds: input["max"]?.intValue ?? queue?.maxWaitSeconds ?? 600,
                                         offersCallback: input["offers_callback"]?.boolValue ?? false)
        let entry = try store.voiceQueueEntry(callSid: callSID)
        let position = try entry.flatMap { entry in VoiceQueueOrder.position(of: entry.id, in: try store.voiceQueuePlaces(queueID: entry.queueID)) }
        let answer = VoiceHold.answer(settings, position: position, waitedSeconds: input["waited"]?.intValue ?? 0,
                                      pressed: input["pressed"]?.stringValue)
        let speech = try callSpeech(callSID).json
        switch answer {
        case .hold(let say, let musicURL, let listens):
            return JSON.object(["leave": false, "say": .array(say.map(JSON.string)), "speech": speech, "music_url": .from(musicURL),
                                "listen": .bool(listens)]).serialized
        case .leave(let result, let say):
            if result == .callbackRequested, let entry { try callBack(entry) }
            return JSON.object(["leave": true, "say": .array(say.map(JSON.string)), "speech": speech]).serialized
        }
    }

    /// How the call's queue node speaks: its language and voice over the flow's (none set: the provider's defaults).
    private func callSpeech(_ callSID: String) throws -> IVRSpeechSettings {
        guard let call = try store.voiceCall(sid: callSID),
              let revision = try store.runnableVoiceRevision(flowID: call.flowID, number: call.revision) else { return IVRSpeechSettings() }
        let node = call.state.waitingAt.flatMap { revision.flow.nodes[$0] }
        return (node?.speech ?? IVRSpeechSettings()).over(revision.flow.speech)
    }

    /// `*` on hold: the live place becomes a callback with the same time; the call's flow then takes
    /// the queue node's `callback_requested` exit (the provider only says the caller left).
    private func callBack(_ entry: VoiceQueueEntry) throws {
        let join = VoiceQueueJoin(queueID: entry.queueID, callSid: entry.callSid, number: entry.number, calledNumber: entry.calledNumber,
                                  conversationID: entry.conversationID)
        let callback = try store.requestVoiceCallback(join, nowMillis: Clock.nowMillis())
        let data: JSONObject = ["queue_id": .string(entry.queueID), "result": "callback_requested", "call_sid": .from(entry.callSid),
                                "callback_id": .string(callback.id), "place_since": .string(Clock.iso8601(callback.virtualEnqueuedAt)),
                                "queue_seconds": .from((Clock.nowMillis() - entry.createdAt) / 1000), "channel_instance_id": .string(context.instanceID)]
        do { _ = try store.recordEvent(conversationID: entry.conversationID, type: "voice.queue_left", actor: "channel:\(context.instanceID)", data: data) } catch {
            context.log.error("voice: could not record the callback asked for on hold by \(entry.id): \(error)")
        }
        context.services.voiceQueueChanged()
    }
}
