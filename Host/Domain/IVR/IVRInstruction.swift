/// A wait for keys or speech, with its prompt nested so the caller may answer over it.
public struct IVRGather: Codable, Equatable, Sendable {
    public let prompt: String
    public let inputs: [IVRInputMode]
    public let timeoutSeconds: Int
    public let numDigits: Int?
    public let finishOnKey: String?
    /// How the prompt is spoken and, for speech input, the language listened for.
    public let settings: IVRSpeechSettings

    public init(prompt: String, inputs: [IVRInputMode], timeoutSeconds: Int, numDigits: Int?, finishOnKey: String?,
                settings: IVRSpeechSettings = IVRSpeechSettings()) {
        self.prompt = prompt
        self.inputs = inputs
        self.timeoutSeconds = timeoutSeconds
        self.numDigits = numDigits
        self.finishOnKey = finishOnKey
        self.settings = settings
    }
}

/// What the call does next, in voice terms (not TwiML: rendering belongs to the provider's plugin).
public enum IVRAction: Codable, Equatable, Sendable {
    case gather(IVRGather)
    case enqueue(queueID: String, maxWaitSeconds: Int, offersCallback: Bool)
    case dial(number: String, timeoutSeconds: Int)
    case record(maxLengthSeconds: Int, transcribe: Bool = false)
    /// `speech`: how the stack's replies are spoken and the language listened for (nil: the provider's defaults).
    case agent(stackID: String, maxTurns: Int, speech: IVRSpeechSettings? = nil)
    case hangUp
}

/// The texts to speak, in order, then the action that waits for the next input or ends the call.
public struct IVRInstruction: Codable, Equatable, Sendable {
    public let say: [IVRSpeech]
    public let action: IVRAction

    public init(say: [IVRSpeech], action: IVRAction) {
        self.say = say
        self.action = action
    }
}
