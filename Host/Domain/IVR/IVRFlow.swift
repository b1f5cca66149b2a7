/// Runtime limits; tripping one sends the call to the guard node (normally a queue or a goodbye).
public struct IVRLimits: Equatable, Sendable {
    public let maxSteps: Int
    public let maxNodeVisits: Int
    public let maxSeconds: Int
    public let guardNode: String
}

/// A voice flow: an entry node, nodes with named exits, and the schedules its hours checks read.
/// The editor's layout lives in a separate `layout` object the engine never reads.
public struct IVRFlow: Equatable, Sendable {
    public let entry: String
    public let limits: IVRLimits
    public let nodes: [String: IVRNode]
    /// Node ids in definition order, so problems and walks are reported in a stable order.
    public let nodeOrder: [String]
    public var schedules: [String: IVRSchedule]
    /// How the flow speaks unless a node says otherwise (`settings.language`, `settings.voice`).
    public var speech = IVRSpeechSettings()
    /// The first node of the chain run once the call has ended (`onHangup`): server-side nodes only.
    public var onHangup: String? = nil
}
