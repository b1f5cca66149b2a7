import SwitchboardDomain
import SwitchboardSupport

/// A caller's turn at a "send to AI agent" node, asked through `voice_step` with input
/// `{"kind": "agent", "speech"?, "digits"?, "timeout"?: true, "poll"?: true}`. While the caller stays
/// at the node the answer is made here (the stack's reply, a reprompt, or a holding phrase and a
/// poll) and the flow does not move: its seq stays, so the channel's next request carries the same
/// seq + 1. An outcome (handover, `0`, the turn limit, a failed turn) resumes the flow at the node's
/// exit.
struct VoiceAgentStep {
    let context: InstanceContext

    enum Result {
        /// The answer JSON (`{"seq", "instruction", "ended"}`), the flow unmoved.
        case answer(String)
        /// Resume the flow with this outcome, saying `say` first.
        case resume(outcome: String, say: [String])
    }

    static let notHeard = "Sorry, I did not catch that. Could you say it again?"

    func handle(callSID: String, _ input: JSONObject) throws -> Result {
        guard let call = try context.services.store.voiceCall(sid: callSID), call.instanceID == context.instanceID else {
            throw VoiceCallError.unknownCall(callSID)
        }
        guard let stacks = context.services.stacks, let waiting = try waitingAgentNode(call),
              case .aiAgent(let stackID, let maxTurns, _) = waiting.node.kind else { return .resume(outcome: "error", say: []) }
        let voice = waiting.speech
        let turns = VoiceAgentTurns(runtime: stacks)
        let store = context.services.store
        // A restarted host counts the turns answered before it stopped.
        turns.restore(callSid: callSID, taken: try store.voiceAgentTurnsTaken(callSid: callSID))
        var polling = input["poll"]?.boolValue == true
        if !polling, let turn = input["turn"]?.intValue, turn <= turns.turnsTaken(callSid: callSID) {
            // Twilio repeated a turn's request: the answer it had, or (still being answered) a wait for it.
            if let answered = try store.voiceAgentTurnAnswer(callSid: callSID, turn: turn) { return .answer(answered) }
            polling = true
        }
        let reply: VoiceAgentTurns.Reply
        if polling {
            reply = turns.poll(callSid: callSID)
        } else {
            let speech = input["timeout"]?.boolValue == true ? nil : input["speech"]?.stringValue
            switch VoiceAgentTurn.decide(speech: speech, digits: input["digits"]?.stringValue, turnsTaken: turns.turnsTaken(callSid: callSID),
                                         maxTurns: maxTurns) {
            case .escapeToHuman: return leave(turns, call, "human")
            case .exhausted: return leave(turns, call, "timeout")
            case .reprompt:
                return .answer(Self.stay(call, speech: voice, say: [Self.notHeard], stackID: stackID, maxTurns: maxTurns, poll: false,
                                         turn: turns.turnsTaken(callSid: callSID) + 1))
            case .ask(let said): reply = turns.ask(callSid: callSID, conversationID: call.conversationID, said: said)
            }
        }
        switch reply {
        case .speak(let text):
            let taken = turns.turnsTaken(callSid: callSID)
            let answer = Self.stay(call, speech: voice, say: [text], stackID: stackID, maxTurns: maxTurns, poll: false, turn: taken + 1)
            try store.saveVoiceAgentTurn(callSid: callSID, turn: taken, answer: answer, nowMillis: Clock.nowMillis())
            return .answer(answer)
        case .hold:
            return .answer(Self.stay(call, speech: voice, say: [VoiceAgentTurns.holdingPhrase], stackID: stackID, maxTurns: maxTurns, poll: true,
                                     turn: turns.turnsTaken(callSid: callSID)))
        case .handover(let message, _): return leave(turns, call, "human", say: message.map { [$0] } ?? [])
        case .failed(let why):
            context.log.warn("voice: AI turn of call \(callSID) failed: \(why)")
            return leave(turns, call, "error")
        }
    }

    /// After a step: a call now waiting at an AI node is handed to its stack; one that left it (or
    /// ended) has its turns forgotten.
    func begin(_ step: VoiceStepAnswer) {
        guard let stacks = context.services.stacks else { return }
        guard let waiting = try? waitingAgentNode(step.call), case .aiAgent(let stackID, _, _) = waiting.node.kind else {
            VoiceAgentTurns(runtime: stacks).end(callSid: step.call.callSID)
            return
        }
        do {
            try context.services.store.forgetVoiceAgentTurns(callSid: step.call.callSID)
            try VoiceAgentTurns(runtime: stacks).begin(callSid: step.call.callSID, conversationID: step.call.conversationID, stackID: stackID)
        } catch {
            context.log.error("voice: could not hand call \(step.call.callSID) to stack \(stackID): \(error)")
        }
    }

    private func leave(_ turns: VoiceAgentTurns, _ call: VoiceCall, _ outcome: String, say: [String] = []) -> Result {
        turns.end(callSid: call.callSID)
        do { try context.services.store.forgetVoiceAgentTurns(callSid: call.callSID) } catch {
            context.log.warn("voice: could not forget the AI turns of call \(call.callSID): \(error)")
        }
        return .resume(outcome: outcome, say: say)
    }

    /// The AI node the call waits at, and how it speaks (the node's language and voice over the flow's).
    private func waitingAgentNode(_ call: VoiceCall) throws -> (node: IVRNode, speech: IVRSpeechSettings)? {
        guard !call.state.ended, let waiting = call.state.waitingAt,
              let revision = try context.services.store.runnableVoiceRevision(flowID: call.flowID, number: call.revision) else { return nil }
        guard let node = revision.flow.nodes[waiting], case .aiAgent = node.kind else { return nil }
        return (node: node, speech: node.speech.over(revision.flow.speech))
    }

    /// An answer that keeps the caller at the node: speak, then gather their next turn (or poll).
    /// `turn` numbers the caller's next turn (a poll's: the one being answered), so a retry is known.
    /// Every text is spoken in the node's language and voice, and the caller's answer is listened for in that language.
    static func stay(_ call: VoiceCall, speech: IVRSpeechSettings, say: [String], stackID: String, maxTurns: Int, poll: Bool, turn: Int) -> String {
        let action: JSON = poll ? ["kind": "agent_poll"] : IVRAction.agent(stackID: stackID, maxTurns: maxTurns, speech: speech).json
        let instruction: JSON = ["say": .array(say.map(JSON.string)), "say_settings": .array(say.map { _ in speech.json }), "action": action]
        let answer: JSON = ["seq": .from(call.seq), "instruction": instruction, "ended": false, "replayed": false, "turn": .from(turn)]
        return answer.serialized
    }
}
