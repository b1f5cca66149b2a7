/// Where a conversation is in its life. The same on every channel.
public enum ConversationStatus: String, Sendable, CaseIterable {
    case active, snoozed, done, archived
}

/// Whose turn it is: pending = the customer waits on us; engaged = we replied.
public enum Engagement: String, Sendable, CaseIterable {
    case pending, engaged

    /// The one rule, for every channel: the latest customer-facing message decides.
    /// Inbound customer messages make it pending; replies to the customer make it engaged.
    /// Internal comments, side conversations and system events never reach this function.
    public static func after(_ direction: MessageDirection) -> Engagement {
        direction == .inbound ? .pending : .engaged
    }
}

public struct Conversation: Sendable, Equatable {
    public var id: String
    public var contactID: String
    public var channelInstanceID: String
    public var status: ConversationStatus
    public var engagement: Engagement
    public var assignee: String?
    public var agentStack: String?
    public var priority: String
    public var createdAt: Int64
    public var updatedAt: Int64
    public var lastMessageAt: Int64?
}
