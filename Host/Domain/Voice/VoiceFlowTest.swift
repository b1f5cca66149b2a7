/// A saved flow test of one flow.
public struct VoiceFlowTest: Equatable, Sendable {
    public let id: String
    public let flowID: String
    public let test: IVRFlowTest
    public let createdAt: Int64
}
