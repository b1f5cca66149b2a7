/// Something that happened, recorded with who did it and when. Event ids only grow,
/// so a client resumes a stream from the last id it saw.
public struct Event: Sendable, Equatable {
    public var id: Int64
    public var conversationID: String?
    public var type: String
    public var actor: String
    public var dataJSON: String
    public var createdAt: Int64
}
