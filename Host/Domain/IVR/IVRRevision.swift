/// An immutable published flow. A call is pinned to the revision it started on.
public struct IVRRevision: Equatable, Sendable {
    public let number: Int
    public let flow: IVRFlow

    public init(number: Int, flow: IVRFlow) {
        self.number = number
        self.flow = flow
    }
}
