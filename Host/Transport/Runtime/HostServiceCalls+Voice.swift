import SwitchboardDomain
import SwitchboardPluginAPI
import SwitchboardSupport

extension HostServiceCalls {
    /// voice_step (ABI 1.3): one step of a call through the IVR engine, the call's state kept in the
    /// store by CallSid. What the flow asks outside the call is carried out here once the step is
    /// stored (texts and moves to another channel were stored with the step): the outbox is woken,
    /// the queue place recorded, an AI agent's turn begun.
    static func voiceStep(_ c: InstanceContext, callSID: String, requestJSON: String,
                          _ answer: UnsafeMutablePointer<UnsafeMutablePointer<sb_buffer>?>,
                          _ err: UnsafeMutablePointer<CChar>?, _ cap: Int) -> sb_status {
        guard !callSID.isEmpty, callSID.utf8.count <= 64 else { return fail(err, cap, SB_ERR_INVALID, "call_sid: must be 1 to 64 bytes") }
        guard let body = (try? JSON.parse(requestJSON))?.objectValue else { return fail(err, cap, SB_ERR_INVALID, "request_json: not a JSON object") }
        guard let seq = body["seq"]?.intValue, seq >= 0 else { return fail(err, cap, SB_ERR_INVALID, "seq: must be a whole number, 0 or more") }
        guard let inputObject = body["input"]?.objectValue else { return fail(err, cap, SB_ERR_INVALID, "input: must be an object") }
        var input: IVRInput
        var spokenFirst: [String] = []
        let store = c.services.store
        do {
            if inputObject["kind"]?.stringValue == "call" {
                // What the host keeps of the call (its caller and conversation), for the recording and transcription callbacks.
                guard let call = try store.voiceCall(sid: callSID), call.instanceID == c.instanceID else {
                    return fail(err, cap, SB_ERR_NOT_FOUND, "no call \(callSID) on this instance")
                }
                let known: JSON = ["caller": .string(call.caller), "conversation_id": .string(call.conversationID)]
                answer.pointee = makeBuffer(Array(known.serialized.utf8))
                return SB_OK
            }
            if inputObject["kind"]?.stringValue == "agent_leg" {
                // An agent's leg of a queue connection (its own CallSid): answered there, the flow untouched.
                answer.pointee = makeBuffer(Array(try VoiceAgentLeg(context: c).handle(legSID: callSID, inputObject).utf8))
                return SB_OK
            }
            if inputObject["kind"]?.stringValue == "hold" {
                // A round of the caller's hold (the wait loop): answered there, the flow untouched.
                answer.pointee = makeBuffer(Array(try VoiceHoldStep(context: c).handle(callSID: callSID, inputObject).utf8))
                return SB_OK
            }
            if inputObject["kind"]?.stringValue == "agent" {
                // A caller's turn at an AI agent node: answered there, or an outcome that resumes the flow.
                switch try VoiceAgentStep(context: c).handle(callSID: callSID, inputObject) {
                case .answer(let text):
                    answer.pointee = makeBuffer(Array(text.utf8))
                    return SB_OK
                case .resume(let outcome, let say):
                    input = .agentOutcome(outcome)
                    spokenFirst = say
                }
            } else {
                do { input = try IVRInput(json: inputObject) } catch { return fail(err, cap, SB_ERR_INVALID, error.description) }
                // The provider only says the caller left the queue: one who pressed * on hold asked for a callback.
                if input == .queueResult(.maxWait), try store.voiceQueueExit(callSid: callSID) == .callbackRequested {
                    input = .queueResult(.callbackRequested)
                }
            }
            let flowID = try store.channelInstance(id: c.instanceID).flatMap { (try? JSON.parse($0.configJSON))?["flow_id"]?.stringValue }
            var request = VoiceStepRequest(callSID: callSID, instanceID: c.instanceID, seq: seq, input: input,
                                           caller: body["caller"]?.stringValue, conversationID: body["conversation_id"]?.stringValue)
            if input == .callStarted, let text = body["message"]?["text"]?.stringValue, let caller = request.caller {
                // The call as the caller's message, ingested in the first step's own transaction.
                request.firstMessage = InboundMessage(channelInstanceID: c.instanceID, identity: Identity(kind: "phone", value: caller),
                                                      providerMessageID: callSID, text: text)
                request.firstMessage?.responseDueHours = c.runtime?.plugin.manifest.responseDueHours
            }
            let step: VoiceStepAnswer
            do {
                step = try store.stepVoiceCall(request, flowID: flowID, finalStatus: body["status"]?.stringValue, nowMillis: Clock.nowMillis())
            } catch let error as IngestError {
                return fail(err, cap, SB_ERR_INVALID, "message: \(error)")
            }
            if let ingested = step.ingested { _ = recordIngested(c, ingested, fromBusiness: false) }
            if !step.replayed {
                if step.events.contains(where: \.queuesText) { c.services.onOutboxChange() }
                VoiceQueueRecord(context: c).carryOut(step, input: input)
                VoiceAgentStep(context: c).begin(step)
            }
            var text = step.answerJSON
            if var object = (try? JSON.parse(text))?.objectValue {
                if !spokenFirst.isEmpty, var instruction = object["instruction"]?.objectValue {
                    instruction["say"] = .array(spokenFirst.map(JSON.string) + (instruction["say"]?.arrayValue ?? []))
                    object["instruction"] = .object(instruction)
                }
                object["replayed"] = .bool(step.replayed)
                text = JSON.object(object).serialized
            }
            answer.pointee = makeBuffer(Array(text.utf8))
            return SB_OK
        } catch let error as VoiceCallError {
            switch error {
            case .unknownCall: return fail(err, cap, SB_ERR_NOT_FOUND, error.description)
            case .noFlow: return fail(err, cap, SB_ERR_CONFLICT, error.description)
            case .invalid: return fail(err, cap, SB_ERR_INVALID, error.description)
            }
        } catch {
            c.log.error("voice_step \(callSID) failed: \(error)")
            return fail(err, cap, SB_ERR_IO, "store: \(error)")
        }
    }
}
