/// Where a conversation stands against its service-level target: which answer is owed, by when,
/// and whether it is still on time.
public struct SLAStatus: Sendable, Equatable {
    public enum State: String, Sendable { case ok, atRisk = "at_risk", missed }

    /// The stored policy's id, or `channel:<plugin>` for a channel's own response time.
    public var policyID: String
    public var target: SLATarget
    /// Nil while paused (snoozed).
    public var dueAt: Int64?
    public var state: State
    /// Counted time left when paused (negative once missed); nil while running.
    public var pausedRemainingMs: Int64?
}
