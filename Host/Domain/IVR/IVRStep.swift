/// The result of one engine step.
public struct IVRStep: Equatable, Sendable {
    public let events: [IVREvent]
    public let state: IVRCallState
    public let instruction: IVRInstruction
}

/// Why a step could not run; the transport answers with a goodbye and logs it.
public enum IVRStepError: Error, Equatable, Sendable {
    /// The call is pinned to another revision than the one given.
    case revisionMismatch(pinned: Int, given: Int)
    /// The input does not answer what the node waits for (a late or foreign request).
    case unexpectedInput(node: String?, input: IVRInput)
    /// The flow was not validated: an exit leads nowhere.
    case exitUnwired(node: String, exit: String)
    /// The flow was not validated: its entry or guard is not a node.
    case nodeMissing(String)
}
