/// What an agent can be notified of: each maps host events to the agents they concern (`NotificationTrigger`).
public enum NotificationKind: String, Sendable, CaseIterable {
    /// A conversation was assigned to me.
    case assigned
    /// Someone @mentioned me in an internal comment.
    case mentioned
    /// A new conversation waits in the queue of a team I am in.
    case queued
    /// The customer answered on a conversation assigned to me.
    case customerReplied = "customer_replied"
    /// An Agent Stack handed a conversation over to me or my team.
    case handover
    /// A service-level target is about to be missed (`sla.at_risk`, from the service-level targets),
    /// and then if it is missed (`sla.missed`): one rule for both.
    case slaAtRisk = "sla_at_risk"
    /// A side conversation of mine got an answer.
    case sideReply = "side_reply"

    public static let names = allCases.map(\.rawValue).joined(separator: ", ")
}

/// How a notification reaches the agent.
public enum NotificationChannel: String, Sendable, CaseIterable {
    /// The notification centre in the web app (stored, live on the event stream).
    case app
    /// Web Push to every browser the agent subscribed.
    case push
    /// Mail to the agent's address: a burst becomes one mail, or it waits for the digest.
    case email

    public static let names = allCases.map(\.rawValue).joined(separator: ", ")
}

/// When e-mail goes out: at once (a burst within the batch window becomes one mail), or gathered into a digest.
public enum NotificationDigest: String, Sendable, CaseIterable {
    case none, hourly, daily

    public static let names = allCases.map(\.rawValue).joined(separator: ", ")
}
