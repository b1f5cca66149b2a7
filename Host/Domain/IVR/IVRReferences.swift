/// What a flow names outside itself, answered by the caller (the store), so validation stays pure.
public protocol IVRReferences: Sendable {
    func smsInstanceExists(_ id: String) -> Bool
    /// A channel instance a call may move to (SMS or WhatsApp).
    func channelInstanceExists(_ id: String) -> Bool
    func stackExists(_ id: String) -> Bool
    func queueExists(_ id: String) -> Bool
}
