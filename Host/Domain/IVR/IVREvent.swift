/// What happened in one step, for the conversation's record and for the host to carry out.
public enum IVREvent: Codable, Equatable, Sendable {
    /// A node left by an exit; `label` is the path entry ("menu: 2").
    case exitTaken(node: String, exit: String, label: String)
    /// A runtime limit (steps, node_visits, duration) sent the call to the guard node.
    case guardTripped(node: String, limit: String)
    case smsRequested(instance: String, to: String, text: String)
    case channelRouteRequested(instance: String, to: String, text: String)
    case callbackRequested(number: String, queueID: String?)
    case callEnded(reason: String)
    /// The after-hang-up chain ran, by this path ("after_sms: sent → done").
    case hangupChainRan(path: String)
}
