import SwitchboardDomain
import SwitchboardSupport

/// Keeps conversations moving when no request is there to do it: wakes snoozed conversations whose
/// time has come, announces service-level targets about to be missed or missed, routes conversations that need humans, and assigns queued conversations as agents
/// free up. Each pass reads the store, so nothing depends on in-memory state surviving a restart.
/// Among hosts sharing a store one runs the passes at a time: the one holding the lease
/// `workflow.sweeps`, whose writes it fences (the others' passes do nothing until it lapses).
public final class WorkflowScheduler: @unchecked Sendable {
    static let leaseName = "workflow.sweeps"
    private let store: Store
    private let leases: HostLeases
    private let log: Logger
    private let signal = Signal()
    private let state = Locked(State())
    /// Queues are drained on every poke, and at least this often (a safety net for missed pokes).
    private let drainEveryMs: Int64 = 5000
    private let minimumPassIntervalMs = 20

    struct State {
        var stopped = false
        var running = false
        var lastDrain: Int64 = 0
        var drainWanted = true
        var rerouteWanted = false
    }

    public init(store: Store, leases: HostLeases, log: Logger) {
        self.store = store
        self.leases = leases
        self.log = log
    }

    public func start() {
        state.withLock { $0.running = true }
        startThread(name: "workflow") { [self] in loop() }
    }

    public func stop() {
        state.withLock { $0.stopped = true }
        signal.notifyAll()
        // The pass in progress finishes its current write; wait for it briefly so the store can close.
        for _ in 0..<200 where state.withLock({ $0.running }) { Clock.sleep(milliseconds: 10) }
    }

    /// Something happened that may need routing or free capacity (a new conversation, an action, an agent coming online).
    public func poke() {
        state.withLock { $0.drainWanted = true }
        signal.notifyAll()
    }

    /// Teams, agents or rules changed: conversations that could not be placed get another try,
    /// by whichever host holds the sweeps (the others hear of it through the store: ConfigSync).
    public func configurationChanged() {
        do { try store.noteConfigChange(.routing) } catch { log.warn("could not tell other hosts of a routing change: \(error)") }
        configurationChangedElsewhere()
    }

    /// Another host changed teams, agents or rules (ConfigSync read the `routing` version).
    func configurationChangedElsewhere() {
        state.withLock { $0.rerouteWanted = true }
        poke()
    }

    private func loop() {
        defer { state.withLock { $0.running = false } }
        while true {
            let seen = signal.current
            if state.withLock({ $0.stopped }) { return }
            do { try pass() } catch { log.error("workflow pass failed: \(error)") }
            var waitMs = 1000
            for next in [try? store.nextSnoozeDue(), try? store.nextSLAAlert()] {
                if let due = next ?? nil { waitMs = Int(max(1, min(Int64(waitMs), due - Clock.nowMillis()))) }
            }
            signal.wait(after: seen, timeoutMs: waitMs)
            // Under a burst of pokes (every inbound message pokes), passes coalesce instead of spinning.
            Clock.sleep(milliseconds: minimumPassIntervalMs)
        }
    }

    private func pass() throws {
        guard let lease = leases.hold(Self.leaseName) else { return }
        let now = Clock.nowMillis()
        if let due = try store.nextSnoozeDue(), due <= now {
            let woken = try store.wakeDueSnoozes(now: now, fence: lease)
            if !woken.isEmpty { log.debug("woke \(woken.count) snoozed conversations") }
        }
        if state.withLock({ s in defer { s.rerouteWanted = false }; return s.rerouteWanted }) {
            try store.markUnhandledForRouting(fence: lease)
        }
        while try store.routePending(limit: 100, fence: lease) == 100 {}
        // After routing, so an alert names the conversation's assignee or team (the notifier's
        // recipients) and the policy routing's team chose, not a conversation nobody holds yet.
        let routed = Clock.nowMillis()
        if let alert = try store.nextSLAAlert(), alert <= routed {
            let announced = try store.sweepSLA(now: routed, fence: lease)
            if announced > 0 { log.debug("announced \(announced) service-level alerts") }
        }
        let drain = state.withLock { s -> Bool in
            guard s.drainWanted || now - s.lastDrain >= drainEveryMs else { return false }
            s.drainWanted = false
            s.lastDrain = now
            return true
        }
        if drain {
            for team in try store.teamsWithQueuedConversations() {
                let assigned = try store.drainQueue(teamID: team, fence: lease)
                if assigned > 0 { log.debug("assigned \(assigned) queued conversations in team \(team)") }
            }
        }
    }
}
