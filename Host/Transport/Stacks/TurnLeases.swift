import SwitchboardDomain
import SwitchboardSupport

/// One Agent Stack turn at a time per conversation across the hosts sharing a store. A turn holds
/// the lease `turn:<conversation>` from before it reads the conversation until its record is
/// written; HostLeases renews it every TTL/3 while the engine works (an LLM or provider call may be
/// slow; no transaction stays open meanwhile), so a host that dies mid-turn loses it after the TTL.
/// The turn's writes carry the lease as their fence. A host whose message arrives while another's
/// turn runs polls for the lease; its turn then reads every message still unanswered, so replies
/// keep the messages' arrival order.
struct TurnLeases: Sendable {
    let leases: HostLeases

    /// How often a waiting host asks again (the holder releases as soon as its turn is recorded).
    static let pollMs = 25
    /// How long a queued turn waits before going back behind its conversation's other jobs (under
    /// ConversationQueue's stale bound, so a wait never looks like a hung turn).
    static let queuedWaitMs = 5_000

    static func name(of conversationID: String) -> String { "turn:" + conversationID }

    /// The conversation's turn lease, waiting up to `waitMs` while another host holds it; nil if it still does.
    func take(_ conversationID: String, waitMs: Int) -> Lease? {
        let deadline = Clock.monotonicMillis() + Int64(waitMs)
        while true {
            if let lease = leases.hold(Self.name(of: conversationID), askAgain: true) { return lease }
            if Clock.monotonicMillis() >= deadline { return nil }
            Clock.sleep(milliseconds: Self.pollMs)
        }
    }

    /// The turn is recorded: the next host may take the conversation at once.
    func release(_ conversationID: String) { leases.release(Self.name(of: conversationID)) }
}
