public enum IVRQueueResult: String, Codable, Equatable, Sendable {
    case answered, abandoned, maxWait = "max_wait", callbackRequested = "callback_requested"
}

public enum IVRDialResult: String, Codable, Equatable, Sendable {
    case completed, busy, noAnswer = "no_answer", failed
}

/// What the transport learned since the last instruction, already translated from the provider's request.
public enum IVRInput: Codable, Equatable, Sendable {
    case callStarted
    case digits(String)
    case speech(String)
    /// The gather ended with no input.
    case timeout
    case queueResult(IVRQueueResult)
    case dialResult(IVRDialResult)
    /// nil when the caller left no audio.
    case recording(url: String?)
    /// The AI agent's outcome: resolved, human, timeout, error, or one of the node's declared outcomes.
    case agentOutcome(String)
    case hungUp
}
