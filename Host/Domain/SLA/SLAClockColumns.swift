/// The two service-level clocks a conversation keeps, each in its own columns: the response clock
/// (the first or next answer owed) and the resolution clock (the conversation done). Pausing,
/// resuming and the sweep's announcements work the same on both.
struct SLAClockColumns: Sendable {
    /// Due time (Unix ms) while counting; NULL while paused or stopped.
    let dueAt: String
    /// Counted time left while paused (negative once missed).
    let pausedMs: String
    let policyID: String
    /// ok | at_risk | missed
    let state: String
    /// When the sweep next looks (at risk, then missed); NULL once both were announced.
    let alertAt: String
    /// SQL naming the target the clock times, for the sweep's events.
    let targetSQL: String

    static let response = SLAClockColumns(dueAt: "response_due_at", pausedMs: "sla_paused_ms", policyID: "sla_policy_id",
                                          state: "sla_state", alertAt: "sla_alert_at", targetSQL: "sla_target")
    static let resolution = SLAClockColumns(dueAt: "resolution_due_at", pausedMs: "resolution_paused_ms", policyID: "resolution_policy_id",
                                            state: "resolution_state", alertAt: "resolution_alert_at",
                                            targetSQL: "'\(SLATarget.resolution.rawValue)'")
    static let both = [response, resolution]
}
