import SwitchboardDomain
import SwitchboardPluginAPI
import SwitchboardSupport

/// Sends queued replies through each conversation's current channel.
///
/// A dispatcher picks the oldest due entry of each conversation (so replies leave in
/// order per conversation) and hands it to a pool of worker threads; conversations run
/// in parallel. Every deliver() is bounded: a watchdog quarantines an instance whose call
/// overruns and replaces the stuck worker, so other channels keep flowing.
final class DeliveryWorker: @unchecked Sendable {
    private let store: Store
    private let registry: ChannelRegistry
    private let fileLinks: SignedFileLinks
    private let policy: RetryPolicy
    private let log: Logger
    private let metrics: Metrics
    private let deliverTimeoutMs: Int
    private let workerCount: Int
    private let wakeup = Signal()
    private let work = Signal()
    private let state = Locked<State>(State())

    struct State {
        var queue: [OutboxEntry] = []
        var inflight: Set<String> = []          // conversation ids being delivered
        var running: [Int: RunningCall] = [:]   // worker id → call in progress
        var abandoned: Set<Int> = []            // workers the watchdog gave up on (and replaced)
        var nextWorkerID = 0
        var stopped = false
    }

    struct RunningCall {
        var entry: OutboxEntry
        var runtime: InstanceRuntime
        var startedAt: UInt64
    }

    /// How long to wait before looking again at a reply whose channel is not running.
    static let waitingRecheckMs: Int64 = 2_000

    init(store: Store, registry: ChannelRegistry, policy: RetryPolicy, log: Logger, metrics: Metrics,
         deliverTimeoutMs: Int, workers: Int = 4) {
        self.store = store
        self.registry = registry
        fileLinks = SignedFileLinks(store: store)
        self.policy = policy
        self.log = log
        self.metrics = metrics
        self.deliverTimeoutMs = deliverTimeoutMs
        self.workerCount = workers
    }

    func start() {
        for _ in 0..<workerCount { spawnWorker() }
        startThread(name: "dispatch") { [self] in dispatchLoop() }
        startThread(name: "watchdog") { [self] in watchdogLoop() }
    }

    func stop() {
        state.withLock { $0.stopped = true }
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
            let now = Clock.nowMillis()
            let busy = state.withLock { $0.inflight }
            let heads = ((try? store.dueOutboxHeads(now: now, limit: 512)) ?? []).filter { !busy.contains($0.conversationID) }
            if !heads.isEmpty {
                state.withLock { s in
                    for entry in heads where s.inflight.insert(entry.conversationID).inserted { s.queue.append(entry) }
                }
                work.notifyAll()
            }
            let next = (try? store.nextOutboxDue()) ?? nil
            let waitMs = next.map { max(5, min(Int($0 - Clock.nowMillis()), 1000)) } ?? 1000
            if heads.isEmpty || waitMs > 5 { wakeup.wait(after: seen, timeoutMs: heads.isEmpty ? waitMs : 5) }
        }
    }

    private func workerLoop(_ id: Int) {
        while true {
            let seen = work.current
            let (entry, stopped) = state.withLock { s -> (OutboxEntry?, Bool) in
                s.queue.isEmpty ? (nil, s.stopped) : (s.queue.removeFirst(), s.stopped)
            }
            if stopped { return }
            guard let entry else {
                work.wait(after: seen, timeoutMs: 1000)
                continue
            }
            process(entry, worker: id)
            // A worker the watchdog gave up on has been replaced: it ends here. (Not every entry
            // reaches a plugin call: one postponed or failed before it never had a running call,
            // and its conversation must leave `inflight` all the same.)
            let abandoned = state.withLock { s -> Bool in
                if s.abandoned.remove(id) != nil { return true }
                s.running.removeValue(forKey: id)
                s.inflight.remove(entry.conversationID)
                return false
            }
            wakeup.notifyAll()
            if abandoned { return }
        }
    }

    private func process(_ entry: OutboxEntry, worker: Int) {
        do {
            guard let conversation = try store.conversation(id: entry.conversationID),
                  let message = try store.message(id: entry.messageID) else {
                try store.markFailed(entry, error: "the conversation or message no longer exists", countAttempt: false)
                return
            }
            // A reply pinned to an instance (a voice flow's text) goes there, wherever the conversation is.
            let instanceID = entry.viaInstanceID ?? conversation.channelInstanceID
            guard let runtime = registry.runtime(for: instanceID), runtime.isAccepting, runtime.quarantineReason == nil else {
                let status = registry.instanceStatus(instanceID)
                if entry.viaInstanceID == nil, status == nil, ChannelKind.named(instanceID) != nil, try adoptInstalledChannel(conversation) { return }
                let why = status.map { "\($0.state)\($0.reason.map { ": \($0)" } ?? "")" }
                    ?? (ChannelKind.named(instanceID) != nil ? "no \(instanceID) plugin is installed yet" : "removed")
                try store.postpone(entry, reason: "waiting on channel \(instanceID) (\(why))", until: Clock.nowMillis() + Self.waitingRecheckMs)
                return
            }
            let manifest = runtime.plugin.manifest
            guard let identity = try store.identity(contactID: conversation.contactID, kinds: manifest.identityKinds) else {
                try store.markFailed(entry, error: "the customer has no \(manifest.identityKinds.joined(separator: "/")) address for channel \(instanceID)",
                                     countAttempt: false)
                return
            }
            var fitted = OutputFitting.fit(text: message.text, format: message.format, richJSON: message.richJSON,
                                           attachmentsJSON: message.attachmentsJSON, limits: manifest.outputLimits)
            // Host files go out with a link that expires beside their own (an MMS's MediaUrl).
            fitted.attachmentsJSON = fileLinks.withSignedURLs(fitted.attachmentsJSON, publicBaseURL: registry.publicBaseURL, nowMs: Clock.nowMillis())
            state.withLock { $0.running[worker] = RunningCall(entry: entry, runtime: runtime, startedAt: Clock.monotonicNanos()) }
            // Channels with a reply window (Meta): what may not go is refused here, before the provider is called.
            var window = try store.replyWindow(manifest.replyWindow, conversationID: conversation.id, instanceID: instanceID)
            if let refusal = window.refusal(authorKind: message.authorKind, channel: manifest.name) {
                if manifest.replyWindow?.passesClosedWindow(richJSON: message.richJSON, authorKind: message.authorKind) == true {
                    window = .none // a WhatsApp template: what goes outside the window; the provider judges it
                } else {
                    metrics.increment("switchboard_deliveries_total", labels: [("outcome", "window_closed")])
                    let hint = manifest.replyWindow?.closedWindowRichType.map { "; only a \($0) may go now" } ?? ""
                    try store.markFailed(entry, error: refusal + hint, countAttempt: false)
                    // A stack cannot send what may go now (a template): people take over, told why.
                    if message.authorKind == .stack, let stack = conversation.agentStack {
                        _ = try store.handOverWithoutTurn(conversationID: conversation.id, stackID: stack, reason: .replyWindowClosed(refusal + hint))
                    }
                    return
                }
            }
            let outcome = Self.deliver(runtime: runtime, entry: entry, message: message, identity: identity, fitted: fitted, window: window)
            // If the watchdog already gave up on this call, its outcome is no longer ours to record.
            guard state.withLock({ $0.running[worker] != nil }) else { return }
            try record(outcome, entry: entry, instanceID: instanceID, movedAway: { [store] in
                entry.viaInstanceID == nil && (try? store.conversation(id: entry.conversationID))?.channelInstanceID != instanceID
            })
        } catch {
            log.error("delivery of message \(entry.messageID) could not be recorded: \(error)")
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

    enum Outcome {
        /// The provider's id, and where the message can be seen there (ABI 1.3 `link`), when given.
        case sent(String?, link: String?)
        case retry(String)
        case rejected(String)
        /// The customer cannot receive it now: queued without spending an attempt (ABI 1.2).
        /// `shown`: they have it on screen, unconfirmed; later replies may pass it.
        case wait(String, afterMs: Int64, shown: Bool)
        case notRunning
    }

    /// The longest a channel may hold a reply back with SB_DELIVERY_WAIT before it is offered again.
    static let maxWaitMs: Int64 = 3_600_000
    static let defaultWaitMs: Int64 = 30_000

    private func record(_ outcome: Outcome, entry: OutboxEntry, instanceID: String, movedAway: () -> Bool) throws {
        switch outcome {
        case .wait(let why, let afterMs, let shown):
            metrics.increment("switchboard_deliveries_total", labels: [("outcome", "wait")])
            // A plugin that switched the conversation during the call (an idle fallback) wants it sent there now.
            let moved = movedAway()
            let delay = moved ? 0 : min(afterMs > 0 ? afterMs : Self.defaultWaitMs, Self.maxWaitMs)
            try store.postpone(entry, reason: "waiting for the customer on \(instanceID): \(why)", until: Clock.nowMillis() + delay,
                               shown: shown && !moved)
            if shown { wakeup.notifyAll() }   // the replies behind it may go now
        case .sent(let providerID, _):
            metrics.increment("switchboard_deliveries_total", labels: [("outcome", "sent")])
            try store.markSent(entry, channelInstanceID: instanceID, providerMessageID: providerID)
        case .rejected(let why):
            metrics.increment("switchboard_deliveries_total", labels: [("outcome", "rejected")])
            try store.markFailed(entry, error: why)
        case .retry(let why):
            metrics.increment("switchboard_deliveries_total", labels: [("outcome", "retry")])
            if policy.exhausted(afterAttempts: entry.attempts + 1) {
                try store.markFailed(entry, error: "gave up after \(entry.attempts + 1) attempts: \(why)")
            } else {
                let delay = policy.delayMs(afterAttempts: entry.attempts + 1)
                try store.markRetry(entry, error: why, nextAttemptAt: Clock.nowMillis() + Int64(delay))
            }
        case .notRunning:
            try store.postpone(entry, reason: "waiting on channel \(instanceID) (draining)", until: Clock.nowMillis() + Self.waitingRecheckMs)
        }
    }

    /// One crossing into the plugin with borrowed strings.
    private static func deliver(runtime: InstanceRuntime, entry: OutboxEntry, message: Message, identity: Identity,
                                fitted: FittedOutput, window: ReplyWindowState) -> Outcome {
        var result = sb_delivery_result()
        result.struct_size = UInt32(MemoryLayout<sb_delivery_result>.size)
        var errorBuffer = [CChar](repeating: 0, count: 512)
        let status: sb_status? = runtime.call { descriptor, instance in
            withStr(entry.conversationID) { conversation in withStr(entry.idempotencyKey) { key in
            withStr(identity.kind) { kind in withStr(identity.value) { value in withStr(fitted.text) { text in
            withStr(fitted.richJSON ?? "") { rich in withStr(fitted.attachmentsJSON ?? "") { attachments in
            withStr(message.authorKind.rawValue) { author in withStr(message.authorID ?? "") { authorName in
                var outbound = sb_outbound_message(
                    struct_size: UInt32(MemoryLayout<sb_outbound_message>.size), abi_minor: UInt32(SB_ABI_MINOR),
                    conversation_id: conversation, message_id: message.id, idempotency_key: key,
                    attempt: Int32(entry.attempts + 1), format: fitted.format.abiValue, identity_kind: kind, identity_value: value,
                    text: text, rich_json: rich, attachments_json: attachments, author_kind: author, author_name: authorName,
                    reply_window: window.abiValue, reserved: 0)
                return descriptor.deliver(instance, &outbound, &result, &errorBuffer, errorBuffer.count)
            } } } } } } } } }
        }
        guard let status else { return .notRunning }
        return outcome(status: status, result: result, errorBuffer: errorBuffer)
    }

    /// What a deliver() (or deliver_side()) call's status and result say happened.
    static func outcome(status: sb_status, result: sb_delivery_result, errorBuffer: [CChar]) -> Outcome {
        if status != SB_OK { return .retry("plugin error \(status): \(InstanceRuntime.text(errorBuffer))") }
        let providerID = withUnsafeBytes(of: result.provider_message_id) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        let detail = withUnsafeBytes(of: result.detail) { raw in String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self) }
        let described = result.provider_status > 0 ? "provider answered \(result.provider_status): \(detail)" : detail
        switch result.outcome {
        case SB_DELIVERY_SENT:
            let link = withUnsafeBytes(of: result.link) { raw in String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self) }
            return .sent(providerID.isEmpty ? nil : providerID, link: link.isEmpty ? nil : link)
        case SB_DELIVERY_REJECTED: return .rejected(described)
        case SB_DELIVERY_WAIT: return .wait(detail, afterMs: Int64(result.retry_after_ms), shown: result.wait_flags & UInt32(SB_WAIT_SHOWN) != 0)
        default: return .retry(described)
        }
    }

    /// Whether a call that started at `startedAt` has overrun `limitNanos` by `now`. A call may have
    /// started after the watchdog read `now` (the clock is read outside the lock): never subtract.
    static func isOverdue(startedAt: UInt64, now: UInt64, limitNanos: UInt64) -> Bool {
        now > startedAt && now - startedAt > limitNanos
    }

    /// Quarantine instances whose deliver() overran its bound; replace the stuck worker.
    private func watchdogLoop() {
        let limit = UInt64(deliverTimeoutMs) * 1_000_000
        while !state.withLock({ $0.stopped }) {
            Clock.sleep(milliseconds: 100)
            let now = Clock.monotonicNanos()
            let stuck = state.withLock { s -> [RunningCall] in
                let overdue = s.running.filter { Self.isOverdue(startedAt: $0.value.startedAt, now: now, limitNanos: limit) }
                for (worker, call) in overdue {
                    s.running.removeValue(forKey: worker)
                    s.abandoned.insert(worker)
                    s.inflight.remove(call.entry.conversationID)
                }
                return Array(overdue.values)
            }
            for call in stuck {
                call.runtime.quarantine("deliver() did not return within \(deliverTimeoutMs) ms")
                try? store.postpone(call.entry, reason: "channel \(call.runtime.record.id) quarantined: deliver() hung",
                                    until: Clock.nowMillis() + Self.waitingRecheckMs)
                spawnWorker()
                wakeup.notifyAll()
            }
        }
    }
}

extension ReplyWindowState {
    /// SB_WINDOW_* for sb_outbound_message.reply_window (closed never reaches a plugin).
    var abiValue: Int32 {
        switch self {
        case .none, .closed: SB_WINDOW_NONE
        case .open: SB_WINDOW_OPEN
        case .humanOnly: SB_WINDOW_HUMAN
        }
    }
}
