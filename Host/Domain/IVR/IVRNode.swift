/// One step of a flow: what it does and where each named exit leads.
public struct IVRNode: Equatable, Sendable {
    public let id: String
    public let type: String
    public let kind: IVRNodeKind
    /// Exit name → node id; an exit missing here is unwired (a validation error, never silence).
    public let exits: [String: String]
    /// The node's own `language`/`voice` (over the flow's), for what it says or listens for.
    public var speech = IVRSpeechSettings()
}
