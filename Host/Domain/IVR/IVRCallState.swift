/// Everything the engine needs between two provider requests, stored per CallSid as JSON so a
/// restart in mid-call loses nothing.
public struct IVRCallState: Codable, Equatable, Sendable {
    public let revision: Int
    public let startedAtMillis: Int64
    /// The node awaiting input; nil before the call started.
    public var waitingAt: String?
    /// Prompts per menu or collect node in this call (never reset, so loops through them end).
    public var attempts: [String: Int] = [:]
    public var visits: [String: Int] = [:]
    /// Call variables: `caller`, collected digits, `recording_url`.
    public var variables: [String: String] = [:]
    public var steps = 0
    /// Path entries ("hours: open"), joined by `pathSummary`.
    public var path: [String] = []
    public var guardTripped = false
    public var ended = false
    /// Whether the flow's after-hang-up chain ran (optional: states stored before it decode as nil).
    public var hangupChainRan: Bool?

    public init(revision: Int, caller: String?, startedAtMillis: Int64) {
        self.revision = revision
        self.startedAtMillis = startedAtMillis
        if let caller { variables["caller"] = caller }
    }

    /// "hours: open → menu: 2 → sms: sent"
    public var pathSummary: String { path.joined(separator: " → ") }
}
