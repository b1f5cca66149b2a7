/// One phone call as the host keeps it, by the provider's call id (Twilio's CallSid): the flow and
/// revision it is pinned to, the conversation it is recorded in, the engine's state, and the last
/// answer, replayed to a repeated or late request of the same step.
public struct VoiceCall: Sendable, Equatable {
    public var callSID: String
    public var instanceID: String
    public var flowID: String
    public var revision: Int
    public var conversationID: String
    public var caller: String
    public var state: IVRCallState
    /// The last step answered (the first answer is 0); the provider's next request carries seq + 1.
    public var seq: Int
    /// The answer to step `seq` (JSON), replayed when that step is asked again.
    public var lastAnswer: String?
    /// in_progress, or how it ended (completed, busy, failed, no-answer, canceled).
    public var status: String
    public var startedAt: Int64
    public var endedAt: Int64?
}

/// What a voice channel asks of the host for one provider request.
public struct VoiceStepRequest: Sendable {
    public var callSID: String
    public var instanceID: String
    /// The seq the provider's request carries (0 for the call's first request).
    public var seq: Int
    public var input: IVRInput
    /// The caller's number and the conversation the call is recorded in: needed on the first step.
    public var caller: String?
    public var conversationID: String?
    /// The first step's alternative to `conversationID`: the call as the caller's message, ingested
    /// in the step's own transaction (into the caller's conversation, by number, or a new one).
    public var firstMessage: InboundMessage?

    public init(callSID: String, instanceID: String, seq: Int, input: IVRInput, caller: String? = nil, conversationID: String? = nil) {
        self.callSID = callSID
        self.instanceID = instanceID
        self.seq = seq
        self.input = input
        self.caller = caller
        self.conversationID = conversationID
    }
}

/// The host's answer to one step: what to render, and what happened (for the host to carry out).
public struct VoiceStepAnswer: Sendable {
    public var call: VoiceCall
    /// The answer's JSON (`{"seq", "instruction", "ended"}`), stored for replay.
    public var answerJSON: String
    public var events: [IVREvent]
    /// True when a repeated or late request got the stored answer again: nothing ran.
    public var replayed: Bool
    /// The first step's message, as ingested with it (for the host's work after an inbound message).
    public var ingested: IngestResult? = nil
}

public enum VoiceCallError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No call with that id on this instance (a step for a call the host never started).
    case unknownCall(String)
    /// The instance names no flow, or its flow was never published.
    case noFlow(String)
    case invalid(String)

    public var description: String {
        switch self {
        case .unknownCall(let sid): "no call \(sid) on this instance"
        case .noFlow(let why): why
        case .invalid(let why): why
        }
    }
}
