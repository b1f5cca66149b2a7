import SwitchboardSupport

extension IVRInstruction {
    /// The provider-neutral instruction as JSON, what a voice channel renders into its provider's markup:
    /// `{"say": [text], "say_settings": [{"language"?, "voice"?}], "action": {"kind": "gather" | "enqueue" | "dial" |
    /// "record" | "agent" | "hangup", …}}`; `say_settings[i]` is how `say[i]` is spoken.
    public var json: JSON {
        ["say": .array(say.map { .string($0.text) }), "say_settings": .array(say.map(\.settings.json)), "action": action.json]
    }
}

extension IVRSpeechSettings {
    /// `{"language"?, "voice"?}`, only what is set.
    public var json: JSON {
        var object: JSONObject = [:]
        if let language { object["language"] = .string(language) }
        if let voice { object["voice"] = .string(voice) }
        return .object(object)
    }
}

extension IVRAction {
    public var json: JSON {
        switch self {
        case .gather(let g):
            return ["kind": "gather", "prompt": .string(g.prompt), "inputs": .array(g.inputs.map { .string($0.rawValue) }),
                    "timeout_seconds": .from(g.timeoutSeconds), "num_digits": .from(g.numDigits), "finish_on_key": .from(g.finishOnKey),
                    "language": .from(g.settings.language), "voice": .from(g.settings.voice)]
        case .enqueue(let queueID, let maxWait, let offersCallback):
            return ["kind": "enqueue", "queue_id": .string(queueID), "max_wait_seconds": .from(maxWait), "offers_callback": .bool(offersCallback)]
        case .dial(let number, let timeout):
            return ["kind": "dial", "number": .string(number), "timeout_seconds": .from(timeout)]
        case .record(let maxLength, let transcribe):
            return ["kind": "record", "max_length_seconds": .from(maxLength), "transcribe": .bool(transcribe)]
        case .agent(let stackID, let maxTurns, let speech):
            return ["kind": "agent", "stack_id": .string(stackID), "max_turns": .from(maxTurns),
                    "language": .from(speech?.language), "voice": .from(speech?.voice)]
        case .hangUp:
            return ["kind": "hangup"]
        }
    }
}
