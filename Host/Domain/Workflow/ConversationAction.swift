import SwitchboardSupport

/// Everything a person (or an integration) can do to a conversation, the same on every channel.
/// Each accepted action is recorded as an event with its actor and time.
public enum ConversationAction: Sendable, Equatable {
    case assignAgent(String)
    /// Hand to a team: its assignment strategy picks an agent, or the conversation waits in its queue.
    case assignTeam(String)
    case assignStack(String)
    /// Remove the human (and stack) assignee; the conversation waits in its team's queue.
    case unassign
    case addTags([String])
    case removeTag(String)
    case snooze(until: Int64)
    case close
    case reopen
    case archive
    /// Raise the priority one step and hand to the escalation team.
    case escalate(reason: String?)
    case setPriority(Priority)
    /// Set custom fields; a null value removes the field.
    case setFields(JSONObject)

    /// The event recorded when the action changes something.
    public var eventType: String {
        switch self {
        case .assignAgent, .assignTeam, .assignStack: "conversation.assigned"
        case .unassign: "conversation.unassigned"
        case .addTags: "conversation.tagged"
        case .removeTag: "conversation.untagged"
        case .snooze: "conversation.snoozed"
        case .close: "conversation.closed"
        case .reopen: "conversation.reopened"
        case .archive: "conversation.archived"
        case .escalate: "conversation.escalated"
        case .setPriority: "conversation.priority_changed"
        case .setFields: "conversation.fields_changed"
        }
    }
}

/// The lifecycle rules, in one place.
///
/// active ⇄ snoozed (until a time, or until the customer writes), active/snoozed → done → active (reopen),
/// any → archived. Archived is final and read-only: every action but archive is refused, and a new
/// customer message on an archived conversation starts a new conversation (see Ingest).
/// Asking for the state a conversation is already in changes nothing and is not an error.
public enum Lifecycle {
    /// The status after `action`, or why it is impossible. Actions that don't move the status return it unchanged.
    public static func status(after action: ConversationAction, from status: ConversationStatus) -> Result<ConversationStatus, WorkflowError> {
        if status == .archived {
            if action == .archive { return .success(.archived) }
            return .failure(.conflict("the conversation is archived, so it is read-only; a new customer message starts a new conversation"))
        }
        switch action {
        case .snooze:
            guard status != .done else { return .failure(.conflict("a done conversation cannot be snoozed; reopen it first")) }
            return .success(.snoozed)
        case .close: return .success(.done)
        case .reopen: return .success(.active)
        case .archive: return .success(.archived)
        case .escalate: return .success(.active)
        default: return .success(status)
        }
    }
}
