import SwitchboardDomain
import SwitchboardSupport

/// Sends host events to webhook subscriptions.
///
/// One dispatcher thread wakes on every commit (new events, new or changed subscriptions, recorded
/// attempts) and on the earliest retry, and asks the store for each subscription's head event. It
/// hands at most one event per subscription at a time to a few sender threads, so a subscription's
/// events leave strictly in id order (a later one waits until the earlier one is delivered or
/// dead-lettered), while a slow or dead receiver holds up only its own subscriptions: at worst one
/// sender per bad receiver, for the bounded request timeout. All progress is in SQLite; after a
/// restart each subscription continues from its cursor. Among hosts sharing a store, each
/// subscription is sent by the host holding its lease (`webhook:<id>`), which fences the outcome.
final class WebhookDispatcher: @unchecked Sendable {
    private let store: Store
    private let leases: HostLeases
    private let policy: RetryPolicy
    private let timeoutMs: Int
    private let senderCount: Int
    private let log: Logger
    private let metrics: Metrics
    private let networkGuard: NetworkGuard
    private let work = Signal()
    /// How often the dispatcher looks while there is no subscription.
    private let idlePassIntervalMs = 50
    private let state = Locked<State>(State())

    struct State {
        var queue: [WebhookJob] = []
        var busy: Set<String> = []   // subscriptions with an attempt queued or running
        var fences: [String: Lease] = [:]   // the lease each queued or running attempt was taken under
        var stopped = false
    }

    init(store: Store, leases: HostLeases, policy: RetryPolicy, timeoutMs: Int, senders: Int, log: Logger, metrics: Metrics,
         networkGuard: NetworkGuard) {
        self.store = store
        self.leases = leases
        self.policy = policy
        self.timeoutMs = timeoutMs
        self.senderCount = max(1, senders)
        self.log = log
        self.metrics = metrics
        self.networkGuard = networkGuard
    }

    func start() {
        for _ in 0..<senderCount { startThread(name: "webhook-send") { [self] in senderLoop() } }
        startThread(name: "webhooks") { [self] in dispatchLoop() }
    }

    /// Stop picking and sending. An attempt already on the wire finishes (within the timeout); if its
    /// outcome cannot be recorded any more, the event is sent again after the restart.
    func stop() {
        state.withLock { $0.stopped = true }
        work.notifyAll()
        store.committed.notifyAll()
    }

    private var stopped: Bool { state.withLock { $0.stopped } }

    private func dispatchLoop() {
        while !stopped {
            let seen = store.committed.current
            let busy = state.withLock { $0.busy }
            var waitMs = 1_000
            var idle = false
            do {
                let found = try store.webhookWork(now: Clock.nowMillis(), busy: busy)
                idle = found.subscriptions == 0
                // Only the subscriptions this host holds; another host sends the rest.
                let owned = found.jobs.compactMap { job in leases.hold(Self.leaseName(job.subscriptionID)).map { (job, $0) } }
                if !owned.isEmpty {
                    state.withLock { s in
                        for (job, lease) in owned where s.busy.insert(job.subscriptionID).inserted {
                            s.queue.append(job)
                            s.fences[job.subscriptionID] = lease
                        }
                    }
                    work.notifyAll()
                }
                if let due = found.nextDueAt { waitMs = max(5, min(Int(due - Clock.nowMillis()), waitMs)) }
            } catch {
                if !stopped { log.error("could not read webhook work: \(error)") }
            }
            store.committed.wait(after: seen, timeoutMs: waitMs)
            // With no subscription at all nothing is owed, yet every commit (hundreds a second under
            // ingest load) would wake this thread to read that again: then passes are spaced out.
            // A first subscription waits this long at most; its cursor keeps every event for it.
            if idle { Clock.sleep(milliseconds: idlePassIntervalMs) }
        }
    }

    private func senderLoop() {
        while true {
            let seen = work.current
            let (job, stopped) = state.withLock { s -> (WebhookJob?, Bool) in
                s.queue.isEmpty ? (nil, s.stopped) : (s.queue.removeFirst(), s.stopped)
            }
            if stopped { return }
            guard let job else {
                work.wait(after: seen, timeoutMs: 1_000)
                continue
            }
            attempt(job)
            state.withLock { s in
                s.busy.remove(job.subscriptionID)
                s.fences[job.subscriptionID] = nil
            }
            // The outcome's commit woke the dispatcher before the subscription left `busy`; the
            // dispatcher waits on the commit signal, so ring it once more to pick the next event now.
            store.committed.notifyAll()
        }
    }

    private func attempt(_ job: WebhookJob) {
        let request = WebhookRequest.make(job, timestamp: Clock.nowMillis() / 1000, timeoutMs: timeoutMs, networkGuard: networkGuard)
        let started = Clock.monotonicMillis()
        var status: Int?
        var failure: String?
        do {
            let response = try HTTPClient.perform(request)
            status = response.status
            if !(200...299).contains(response.status) {
                failure = "receiver answered \(response.status): \(WebhookRequest.excerpt(response.text))"
            }
        } catch {
            failure = error.description
        }
        let duration = Int(Clock.monotonicMillis() - started)
        metrics.increment("switchboard_webhook_deliveries_total", labels: [("outcome", failure == nil ? "delivered" : "failed")])
        do {
            let fence = state.withLock { $0.fences[job.subscriptionID] }
            let result = try store.recordWebhookAttempt(job, statusCode: status, error: failure, durationMs: duration, policy: policy, fence: fence)
            switch result {
            case .deadLettered:
                metrics.increment("switchboard_webhook_dead_letters_total")
                log.warn("webhook \(job.deliveryID) (\(job.event.event.type)) dead-lettered after \(job.attempt) attempts: \(failure ?? "")")
            case .retry:
                log.debug("webhook \(job.deliveryID) attempt \(job.attempt) failed: \(failure ?? "")")
            case .delivered, .stale:
                break
            }
        } catch {
            // Not recorded: the cursor did not move, so the event goes again (receivers dedupe on the delivery id).
            if !stopped { log.error("webhook \(job.deliveryID): could not record the attempt: \(error)") }
        }
    }

    static func leaseName(_ subscriptionID: String) -> String { "webhook:" + subscriptionID }
}
