import SwitchboardDomain
import SwitchboardPluginAPI
import SwitchboardSupport

/// Sends queued replies through each conversation's current channel.
///
/// A dispatcher claims due conversation lanes (OutboxLanes: one host at a time per lane, however
/// many hosts share the store) for as many workers as are free. Each worker sends its lane's due
/// head (so replies leave in order per conversation) and records the outcome fenced by the lane's
/// token, in the write that lets the lane go; conversations run in parallel. Lanes in flight are
/// renewed every TTL/3; a dead host's lanes lapse after the TTL and are claimed elsewhere, the head
/// sent again with the same idempotency key. Every deliver() is bounded: a watchdog quarantines an
/// instance whose call overruns and replaces the stuck worker, so other channels keep flowing.
final class DeliveryWorker: @unchecked Sendable {
    private let store: Store
    private let registry: ChannelRegistry
    private let fileLinks: SignedFileLinks
    private let policy: RetryPolicy
    private let log: Logger
    private let metrics: Metrics
    private let deliverTimeoutMs: Int
    private let workerCount: Int
    /// This host among those sharing the store (the lanes' owner), and how long a claim lasts unrenewed.
    private let owner: String
    private let laneTTLMs: Int64
    private let wakeup = Signal()
    private let work = Signal()
    private let state = Locked<State>(State())

    struct State {
        var queue: [LaneClaim] = []             // claimed, waiting for a free worker
        var working: [Int: OutboxLane] = [:]    // worker id → the lane it works
        var running: [Int: RunningCall] = [:]   // worker id → call in progress
        var abandoned: Set<Int> = []            // workers the watchdog gave up on (and replaced)
        var nextWorkerID = 0
        var stopped = false
    }

    struct RunningCall {
        var entry: OutboxEntry
        var lane: OutboxLane
        var runtime: InstanceRuntime
        var startedAt: UInt64
    }

    /// How long to wait before looking again at a reply whose channel is not running.
    static let waitingRecheckMs: Int64 = 2_000

    init(store: Store, registry: ChannelRegistry, policy: RetryPolicy, log: Logger, metrics: Metrics,
         deliverTimeoutMs: Int, workers: Int = 4, owner: String, laneTTLMs: Int64) {
        self.store = store
        self.registry = registry
        fileLinks = SignedFileLinks(store: store)
        self.policy = policy
        self.log = log
        self.metrics = metrics
        self.deliverTimeoutMs = deliverTimeoutMs
        self.workerCount = workers
        self.owner = owner
        self.laneTTLMs = laneTTLMs
    }

    func start() {
        for _ in 0..<workerCount { spawnWorker() }
        startThread(name: "dispatch") { [self] in dispatchLoop() }
        startThread(name: "watchdog") { [self] in watchdogLoop() }
    }

    func stop() {
        // Claims no worker started go back at once, so another host need not wait out their lease.
        let unstarted = state.withLock { s -> [LaneClaim] in
            s.stopped = true
            defer { s.queue = [] }
            return s.queue
        }
        for claim in unstarted { try? store.releaseOutboxLane(claim.lane) }
        wakeup.notifyAll()
        work.notifyAll()
    }

    /// Something changed (a reply was queued, a channel started): look again now.
    func wake() { wakeup.notifyAll() }

    private func spawnWorker() {
        let id = state.withLock { s -> Int in
            s.nextWorkerID += 1
            return s.nextWorkerID
        }
        startThread(name: "deliver") { [self] in workerLoop(id) }
    }

    private func dispatchLoop() {
        while !state.withLock({ $0.stopped }) {
            let seen = wakeup.current
            let free = state.withLock { workerCount - $0.working.count - $0.queue.count }
            var claims: [LaneClaim] = []
            if free > 0, let due = (try? store.nextOutboxLaneDue()) ?? nil, due <= Clock.nowMillis() {
                do {
                    claims = try store.claimOutboxLanes(owner: owner, ttlMs: laneTTLMs, limit: free)
                } catch {
                    log.warn("could not claim outbox lanes: \(error)")
                }
            }
            if !claims.isEmpty {
                state.withLock { $0.queue += claims }
                work.notifyAll()
                continue
            }
            // Nothing to claim (or no free worker): wait for a wake-up, the next due time, or at most
            // a second (another host's lapsed lease or newly queued reply shows no wake-up here).
            let next = (try? store.nextOutboxLaneDue()) ?? nil
            let waitMs = next.map { max(5, min(Int($0 - Clock.nowMillis()), 1000)) } ?? 1000
            wakeup.wait(after: seen, timeoutMs: free > 0 ? waitMs : 1000)
        }
    }

    private func workerLoop(_ id: Int) {
        while true {
            let seen = work.current
            let (claim, stopped) = state.withLock { s -> (LaneClaim?, Bool) in
                guard !s.queue.isEmpty, !s.stopped else { return (nil, s.stopped) }
                let claim = s.queue.removeFirst()
                s.working[id] = claim.lane
                return (claim, false)
            }
            if stopped { return }
            guard let claim else {
                work.wait(after: seen, timeoutMs: 1000)
                continue
            }
            let stillHeld = process(claim.entry, lane: claim.lane, worker: id)
            // A worker the watchdog gave up on has been replaced (and the lane let go): it ends here.
            // Not every entry reaches a plugin call (one postponed or failed before it).
            let abandoned = state.withLock { s -> Bool in
                if s.abandoned.remove(id) != nil { return true }
                s.running.removeValue(forKey: id)
                return false
            }
            if abandoned { return }
            if stillHeld {
                do { try store.releaseOutboxLane(claim.lane) } catch { log.warn("could not release the outbox lane of \(claim.lane.conversationID): \(error)") }
            }
            state.withLock { _ = $0.working.removeValue(forKey: id) }
            wakeup.notifyAll()
        }
    }

    /// Sends a claimed lane's entry and records the outcome under the lane's fence, which gives the
    /// lane up. True when the lane is still held (nothing was recorded on it): the caller releases it.
    private func process(_ entry: OutboxEntry, lane: OutboxLane, worker: Int) -> Bool {
        do {
            guard let conversation = try store.conversation(id: entry.conversationID),
                  let message = try store.message(id: entry.messageID) else {
                try store.markFailed(entry, error: "the conversation or message no longer exists", countAttempt: false, lane: lane)
                return false
            }
            // A reply pinned to an instance (a voice flow's text) goes there, wherever the conversation is.
            let instanceID = entry.viaInstanceID ?? conversation.channelInstanceID
            guard let runtime = registry.runtime(for: instanceID), runtime.isAccepting, runtime.quarantineReason == nil else {
                let status = registry.instanceStatus(instanceID)
                if entry.viaInstanceID == nil, status == nil, ChannelKind.named(instanceID) != nil, try adoptInstalledChannel(conversation) { return true }   // moved: the lane is due again now
                let why = status.map { "\($0.state)\($0.reason.map { ": \($0)" } ?? "")" }
                    ?? (ChannelKind.named(instanceID) != nil ? "no \(instanceID) plugin is installed yet" : "removed")
                try store.postpone(entry, reason: "waiting on channel \(instanceID) (\(why))", until: Clock.nowMillis() + Self.waitingRecheckMs, lane: lane)
                return false
            }
            let manifest = runtime.plugin.manifest
            guard let identity = try store.identity(contactID: conversation.contactID, kinds: manifest.identityKinds) else {
                try store.markFailed(entry, error: "the customer has no \(manifest.identityKinds.joined(separator: "/")) address for channel \(instanceID)",
                                     countAttempt: false, lane: lane)
                return false
            }
            var fitted = OutputFitting.fit(text: message.text, format: message.format, richJSON: message.richJSON,
                                           attachmentsJSON: message.attachmentsJSON, limits: manifest.outputLimits)
            // Host files go out with a link that expires beside their own (an MMS's MediaUrl).
            fitted.attachmentsJSON = fileLinks.withSignedURLs(fitted.attachmentsJSON, publicBaseURL: registry.publicBaseURL, nowMs: Clock.nowMillis())
            state.withLock { $0.running[worker] = RunningCall(entry: entry, lane: lane, runtime: runtime, startedAt: Clock.monotonicNanos()) }
            // Channels with a reply window (Meta): what may not go is refused here, before the provider is called.
            var window = try store.replyWindow(manifest.replyWindow, conversationID: conversation.id, instanceID: instanceID)
            if let refusal = window.refusal(authorKind: message.authorKind, channel: manifest.name) {
                if manifest.replyWindow?.passesClosedWindow(richJSON: message.richJSON, authorKind: message.authorKind) == true {
                    window = .none // a WhatsApp template: what goes outside the window; the provider judges it
                } else {
                    metrics.increment("switchboard_deliveries_total", labels: [("outcome", "window_closed")])
                    let hint = manifest.replyWindow?.closedWindowRichType.map { "; only a \($0) may go now" } ?? ""
                    try store.markFailed(entry, error: refusal + hint, countAttempt: false, lane: lane)
                    // A stack cannot send what may go now (a template): people take over, told why.
                    if message.authorKind == .stack, let stack = conversation.agentStack {
                        _ = try store.handOverWithoutTurn(conversationID: conversation.id, stackID: stack, reason: .replyWindowClosed(refusal + hint))
                    }
                    return false
                }
            }
            let outcome = Self.deliver(runtime: runtime, entry: entry, message: message, identity: identity, fitted: fitted, window: window)
            // If the watchdog already gave up on this call, its outcome is no longer ours to record.
            guard state.withLock({ $0.running[worker] != nil }) else { return false }   // the watchdog let the lane go
            try record(outcome, entry: entry, lane: lane, instanceID: instanceID, movedAway: { [store] in
                entry.viaInstanceID == nil && (try? store.conversation(id: entry.conversationID))?.channelInstanceID != instanceID
            })
            return false
        } catch let lost as LeaseLost {
            log.warn("delivery of message \(entry.messageID) not recorded: \(lost); its new holder sends it again with the same key")
            return false
        } catch {
            log.error("delivery of message \(entry.messageID) could not be recorded: \(error)")
            return true
        }
    }

    /// A conversation switched to a channel kind with no plugin yet (it waits on "sms"): once a
    /// plugin of that kind runs, move it there, so its waiting replies go out. True when moved.
    private func adoptInstalledChannel(_ conversation: Conversation) throws -> Bool {
        let kind = conversation.channelInstanceID
        guard let target = ChannelSwitching(registry: registry, store: store).targets().first(where: { $0.kind == kind && $0.state == "available" }),
              let instanceID = target.instanceID else { return false }
        try store.switchChannel(conversationID: conversation.id, to: instanceID, identity: nil, actor: "system", reason: "channel_installed")
        wake()
        return true
    }

    /// The longest a channel may hold a reply back with SB_DELIVERY_WAIT before it is offered again.
    static let maxWaitMs: Int64 = 3_600_000
    static let defaultWaitMs: Int64 = 30_000

    private func record(_ outcome: Outcome, entry: OutboxEntry, lane: OutboxLane, instanceID: String, movedAway: () -> Bool) throws {
        switch outcome {
        case .wait(let why, let afterMs, let shown):
            metrics.increment("switchboard_deliveries_total", labels: [("outcome", "wait")])
            // A plugin that switched the conversation during the call (an idle fallback) wants it sent there now.
            let moved = movedAway()
            let delay = moved ? 0 : min(afterMs > 0 ? afterMs : Self.defaultWaitMs, Self.maxWaitMs)
            try store.postpone(entry, reason: "waiting for the customer on \(instanceID): \(why)", until: Clock.nowMillis() + delay,
                               shown: shown && !moved, lane: lane)
            if shown { wakeup.notifyAll() }   // the replies behind it may go now
        case .sent(let providerID, _):
            metrics.increment("switchboard_deliveries_total", labels: [("outcome", "sent")])
            try store.markSent(entry, channelInstanceID: instanceID, providerMessageID: providerID, lane: lane)
        case .rejected(let why):
            metrics.increment("switchboard_deliveries_total", labels: [("outcome", "rejected")])
            try store.markFailed(entry, error: why, lane: lane)
        case .retry(let why):
            metrics.increment("switchboard_deliveries_total", labels: [("outcome", "retry")])
            if policy.exhausted(afterAttempts: entry.attempts + 1) {
                try store.markFailed(entry, error: "gave up after \(entry.attempts + 1) attempts: \(why)", lane: lane)
            } else {
                let delay = policy.delayMs(afterAttempts: entry.attempts + 1)
                try store.markRetry(entry, error: why, nextAttemptAt: Clock.nowMillis() + Int64(delay), lane: lane)
            }
        case .notRunning:
            try store.postpone(entry, reason: "waiting on channel \(instanceID) (draining)", until: Clock.nowMillis() + Self.waitingRecheckMs, lane: lane)
        }
    }

    /// Whether a call that started at `startedAt` has overrun `limitNanos` by `now`. A call may have
    /// started after the watchdog read `now` (the clock is read outside the lock): never subtract.
    static func isOverdue(startedAt: UInt64, now: UInt64, limitNanos: UInt64) -> Bool {
        now > startedAt && now - startedAt > limitNanos
    }

    /// Quarantine instances whose deliver() overran its bound and replace the stuck worker; keep
    /// the lanes being worked (every TTL/3), so a slow delivery is not taken over while alive.
    private func watchdogLoop() {
        let limit = UInt64(deliverTimeoutMs) * 1_000_000
        var lastRenewal = Clock.monotonicMillis()
        while !state.withLock({ $0.stopped }) {
            Clock.sleep(milliseconds: 100)
            let now = Clock.monotonicNanos()
            let stuck = state.withLock { s -> [RunningCall] in
                let overdue = s.running.filter { Self.isOverdue(startedAt: $0.value.startedAt, now: now, limitNanos: limit) }
                for (worker, _) in overdue {
                    s.running.removeValue(forKey: worker)
                    s.working.removeValue(forKey: worker)
                    s.abandoned.insert(worker)
                }
                return Array(overdue.values)
            }
            for call in stuck {
                call.runtime.quarantine("deliver() did not return within \(deliverTimeoutMs) ms")
                do {
                    try store.postpone(call.entry, reason: "channel \(call.runtime.record.id) quarantined: deliver() hung",
                                       until: Clock.nowMillis() + Self.waitingRecheckMs, lane: call.lane)
                } catch {
                    try? store.releaseOutboxLane(call.lane)
                }
                spawnWorker()
                wakeup.notifyAll()
            }
            if Clock.monotonicMillis() - lastRenewal >= laneTTLMs / 3 {
                lastRenewal = Clock.monotonicMillis()
                renewLanes()
            }
        }
    }

    private func renewLanes() {
        let held = state.withLock { Array($0.working.values) + $0.queue.map(\.lane) }
        for lane in held {
            do {
                if try store.renewOutboxLane(lane, ttlMs: laneTTLMs) == nil {
                    log.warn("lost the outbox lane of \(lane.conversationID) (token \(lane.token)): another host took it over")
                }
            } catch {
                log.warn("could not renew the outbox lane of \(lane.conversationID): \(error)")
            }
        }
    }
}
