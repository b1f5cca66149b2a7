import SwitchboardDomain

extension IVREvent {
    /// Whether the step queued a text in the outbox (stored with the step: see `Store.carryOutCallTexts`).
    var queuesText: Bool {
        switch self {
        case .smsRequested, .channelRouteRequested: return true
        default: return false
        }
    }
}
