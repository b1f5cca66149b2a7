/// Where a conversation is in its life. The same on every channel.
public enum ConversationStatus: String, Sendable, CaseIterable {
    case active, snoozed, done, archived
}

/// Whose turn it is: pending = the customer waits on us; engaged = we replied.
public enum Engagement: String, Sendable, CaseIterable {
    case pending, engaged

    /// The one rule, for every channel: the latest customer-facing message decides.
    /// Inbound customer messages make it pending; replies to the customer make it engaged;
    /// internal comments (and side conversations and system events, which are not messages) change nothing (nil).
    public static func after(_ direction: MessageDirection) -> Engagement? {
        switch direction {
        case .inbound: .pending
        case .outbound: .engaged
        case .internalNote: nil
        }
    }
}

/// How urgent a conversation is, lowest first; escalation raises it one step.
public enum Priority: String, Sendable, CaseIterable, Comparable {
    case low, normal, high, urgent

    public var rank: Int { Self.allCases.firstIndex(of: self)! }
    public var raised: Priority { Self.allCases[min(rank + 1, Self.allCases.count - 1)] }
    public static func < (a: Priority, b: Priority) -> Bool { a.rank < b.rank }
}

public struct Conversation: Sendable, Equatable {
    public var id: String
    public var contactID: String
    public var channelInstanceID: String
    public var status: ConversationStatus
    public var engagement: Engagement
    /// The human agent working it (an agent id).
    public var assignee: String?
    /// The team responsible; with no assignee it waits in that team's queue.
    public var teamID: String?
    public var agentStack: String?
    public var priority: Priority
    public var tags: [String]
    /// Custom fields, a JSON object.
    public var fieldsJSON: String
    /// What the conversation is about, as detected by an Agent Stack classifier.
    public var topic: String?
    /// How sure triage's classifier was of `topic` (0…1); nil when a person or a stack set it.
    public var topicConfidence: Double? = nil
    public var snoozedUntil: Int64?
    public var queuedAt: Int64?
    public var createdAt: Int64
    public var updatedAt: Int64
    public var lastMessageAt: Int64?
    /// When the team's answer is due (Unix ms): the customer's oldest unanswered message plus the
    /// channel's response time ("response_due" in its manifest); nil when nothing is owed.
    public var responseDueAt: Int64? = nil
    /// The service-level target timing the owed answer; nil when nothing is owed or no policy applies.
    public var sla: SLAStatus? = nil
    /// The resolution target's clock (ResolutionClock), independent of the answer's; nil when none runs.
    public var resolution: SLAStatus? = nil
    /// Which classifier set `topic`: builtin or engine; nil when a person or a stack set it.
    public var topicClassifier: String? = nil

    /// The nearer of the two due times (the answer's, the resolution's): what the inbox sorts by.
    public var nextDueAt: Int64? {
        [responseDueAt, resolution?.dueAt].compactMap { $0 }.min()
    }
}
