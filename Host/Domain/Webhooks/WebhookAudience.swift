import SwitchboardSupport

/// An event as the webhook dispatcher weighs it: the event, the agent it is addressed to (private
/// notifications), and the channel instance of its conversation (nil when it has none, or the
/// conversation is gone).
public struct WebhookEvent: Sendable, Equatable {
    public var event: Event
    public var agentID: String?
    public var channelInstanceID: String?

    public init(event: Event, agentID: String? = nil, channelInstanceID: String? = nil) {
        self.event = event
        self.agentID = agentID
        self.channelInstanceID = channelInstanceID
    }
}

/// Who may receive what, by the Viewer of the subscription's creator (stored with it).
public enum WebhookAudience {
    /// Whether a subscription created by `owner` may receive this event at all (its types aside).
    ///
    /// - Admins (`.everyone`) receive every event.
    /// - Integrators receive the events of conversations on their own channel instances only; never
    ///   events without a conversation (host-wide), never private notifications to one agent, never
    ///   side-conversation events (the team's back channel, not for customer-facing systems).
    /// - Agents cannot create subscriptions; a stored agent viewer receives nothing.
    public static func mayReceive(_ owner: Viewer, _ e: WebhookEvent) -> Bool {
        switch owner {
        case .everyone:
            return true
        case .integrator(let instances):
            guard e.agentID == nil, e.event.conversationID != nil, let instance = e.channelInstanceID,
                  !SideConversationEvents.isTeamOnly(e.event.type) else { return false }
            return instances.contains(instance)
        case .agent:
            return false
        }
    }
}

extension Viewer {
    /// The two columns a Viewer is stored in: kind, and its reference (agent id or JSON array of instances).
    var stored: (kind: String, ref: String) {
        switch self {
        case .everyone: ("everyone", "")
        case .agent(let id): ("agent", id)
        case .integrator(let instances): ("integrator", JSON.array(instances.map(JSON.string)).serialized)
        }
    }

    /// Read back; an unknown kind sees nothing, so a damaged row never widens access.
    init(storedKind kind: String, ref: String) {
        switch kind {
        case "everyone": self = .everyone
        case "agent": self = .agent(ref)
        default: self = .integrator((try? JSON.parse(ref))?.arrayValue?.compactMap(\.stringValue) ?? [])
        }
    }
}
