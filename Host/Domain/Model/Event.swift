/// Something that happened, recorded with who did it and when. Event ids only grow,
/// so a client resumes a stream from the last id it saw.
public struct Event: Sendable, Equatable {
    public var id: Int64
    public var conversationID: String?
    public var type: String
    public var actor: String
    public var dataJSON: String
    public var createdAt: Int64
    /// Set when the event is addressed to one agent (a mention): only they and admins see it.
    public var agentID: String?
}

extension Event {
    /// The columns `init(row:)` reads, in order, from an `events` row aliased `alias`.
    static func columns(_ alias: String) -> String {
        "\(alias).id, \(alias).conversation_id, \(alias).type, \(alias).actor, \(alias).data, \(alias).created_at, \(alias).agent_id"
    }

    init(row r: Row) {
        self.init(id: r.int(0), conversationID: r.optionalText(1), type: r.text(2), actor: r.text(3), dataJSON: r.text(4),
                  createdAt: r.int(5), agentID: r.optionalText(6))
    }
}
