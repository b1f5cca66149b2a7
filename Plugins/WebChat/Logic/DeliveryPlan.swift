/// What to do with one agent reply for a widget visitor, decided from the visitor's presence.
///
/// A widget visitor can only read a reply while the page is open. When they leave (idle past the
/// timeout, or the connection dead for longer than the reconnect grace) and a fallback channel is
/// configured and the visitor gave an address for it, the conversation moves there and the reply
/// goes out on it. Otherwise the reply waits in the host's outbox (SB_DELIVERY_WAIT) and is pushed
/// when they come back. With a fallback possible, a pushed reply only counts as delivered once the
/// visitor has seen it: a reply pushed into a tab nobody looks at must still reach them.
public enum DeliveryPlan: Equatable, Sendable {
    /// The visitor already saw it (pushed earlier): it is delivered.
    case delivered
    /// Push it to the live streams; with `waitForSeenMs` set, keep it waiting until seen and
    /// offer it again after that many ms (the idle deadline).
    case push(waitForSeenMs: UInt32?)
    /// Move the conversation to the fallback channel now (reason: the visitor is idle or gone).
    case fallBack(Reason)
    /// Keep it waiting; offer it again after `retryAfterMs` (or when the visitor comes back).
    case wait(retryAfterMs: UInt32)

    public enum Reason: String, Sendable { case idle, connectionDead = "connection_dead" }
}

/// The visitor's presence as the plugin knows it when a reply comes in.
public struct Presence: Equatable, Sendable {
    /// Open streams (tabs) right now.
    public var liveStreams: Int
    /// The last time the visitor did something (sent, typed, saw a message, opened a session).
    public var lastActivityMs: Int64
    /// When the last stream ended (or when this plugin started, if it never saw one since).
    public var goneSinceMs: Int64
    /// The highest message id the visitor has seen.
    public var seenUpTo: Int64

    public init(liveStreams: Int, lastActivityMs: Int64, goneSinceMs: Int64, seenUpTo: Int64) {
        self.liveStreams = liveStreams
        self.lastActivityMs = lastActivityMs
        self.goneSinceMs = goneSinceMs
        self.seenUpTo = seenUpTo
    }
}

public struct FallbackRules: Equatable, Sendable {
    public var idleTimeoutMs: Int64
    public var reconnectGraceMs: Int64
    /// A fallback channel is configured and the visitor has an address for it.
    public var fallbackPossible: Bool

    public init(idleTimeoutMs: Int64, reconnectGraceMs: Int64, fallbackPossible: Bool) {
        self.idleTimeoutMs = idleTimeoutMs
        self.reconnectGraceMs = reconnectGraceMs
        self.fallbackPossible = fallbackPossible
    }

    /// While the visitor is away, look again at least this often (they may come back any time;
    /// a reconnect also kicks the outbox, so this is only the backstop).
    public static let maxWaitMs: Int64 = 30_000
    /// The host caps a wait at one hour.
    static let maxSeenWaitMs: Int64 = 3_600_000

    public func plan(messageID: Int64, presence: Presence, nowMs: Int64) -> DeliveryPlan {
        if presence.seenUpTo >= messageID { return .delivered }
        let idleDeadline = presence.lastActivityMs + idleTimeoutMs
        if presence.liveStreams > 0 {
            guard fallbackPossible else { return .push(waitForSeenMs: nil) }
            if nowMs >= idleDeadline { return .fallBack(.idle) }
            return .push(waitForSeenMs: UInt32(min(idleDeadline - nowMs, Self.maxSeenWaitMs)))
        }
        guard fallbackPossible else { return .wait(retryAfterMs: UInt32(Self.maxWaitMs)) }
        let deadDeadline = presence.goneSinceMs + reconnectGraceMs
        if nowMs >= deadDeadline { return .fallBack(.connectionDead) }
        if nowMs >= idleDeadline { return .fallBack(.idle) }
        let due = min(deadDeadline, idleDeadline) - nowMs
        return .wait(retryAfterMs: UInt32(max(1, min(due, Self.maxWaitMs))))
    }
}
