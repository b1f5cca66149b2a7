import SwitchboardDomain
import SwitchboardPluginAPI
import SwitchboardSupport

/// Sends queued side-conversation messages through the instance that carries each side
/// conversation (`deliver_side`, ABI 1.1). Side messages are few next to customer replies, so
/// one sending thread does; the rules are the customer outbox's: oldest first per side
/// conversation, retries with the same policy, and a call that overruns the deliver bound
/// quarantines its instance (a watchdog replaces the stuck thread, so other instances go on).
final class SideDeliveryWorker: @unchecked Sendable {
    private let store: Store
    private let registry: ChannelRegistry
    private let policy: RetryPolicy
    private let log: Logger
    private let metrics: Metrics
    private let deliverTimeoutMs: Int
    private let wakeup = Signal()
    private let state = Locked<State>(State())

    struct State {
        var stopped = false
        /// The sending thread that owns the queue; a replaced one ends after its call returns.
        var owner = 0
        var running: (delivery: SideDelivery, runtime: InstanceRuntime, startedAt: UInt64)?
    }

    init(store: Store, registry: ChannelRegistry, policy: RetryPolicy, log: Logger, metrics: Metrics, deliverTimeoutMs: Int) {
        self.store = store
        self.registry = registry
        self.policy = policy
        self.log = log
        self.metrics = metrics
        self.deliverTimeoutMs = deliverTimeoutMs
    }

    func start() {
        spawnSender(state.withLock { s -> Int in
            s.owner += 1
            return s.owner
        })
        startThread(name: "side-watchdog") { [self] in watchdogLoop() }
    }

    func stop() {
        state.withLock { $0.stopped = true }
        wakeup.notifyAll()
    }

    /// A side message was queued, or a channel started: look again now.
    func wake() { wakeup.notifyAll() }

    private func spawnSender(_ id: Int) {
        startThread(name: "side-deliver") { [self] in sendLoop(id) }
    }

    private func owns(_ id: Int) -> Bool { state.withLock { !$0.stopped && $0.owner == id } }

    private func sendLoop(_ id: Int) {
        while owns(id) {
            let seen = wakeup.current
            let due = (try? store.dueSideDeliveries(now: Clock.nowMillis(), limit: 64)) ?? []
            for delivery in due {
                guard owns(id) else { return }
                process(delivery, sender: id)
            }
            if !due.isEmpty { continue }
            let next = (try? store.nextSideDeliveryDue()) ?? nil
            let waitMs = next.map { max(5, min(Int($0 - Clock.nowMillis()), 1000)) } ?? 1000
            wakeup.wait(after: seen, timeoutMs: waitMs)
        }
    }

    private func process(_ delivery: SideDelivery, sender: Int) {
        let instanceID = delivery.side.channelInstanceID
        do {
            guard let runtime = registry.runtime(for: instanceID), runtime.isAccepting, runtime.quarantineReason == nil,
                  runtime.plugin.carriesSideConversations else {
                let why = registry.instanceStatus(instanceID).map { "\($0.state)\($0.reason.map { ": \($0)" } ?? "")" } ?? "removed"
                try store.postponeSide(delivery, reason: "waiting on channel \(instanceID) (\(why))",
                                       until: Clock.nowMillis() + DeliveryWorker.waitingRecheckMs)
                return
            }
            let caps = runtime.plugin.manifest.capabilities
            let fitted = OutputFitting.fit(text: delivery.message.text, format: delivery.message.format, richJSON: nil,
                                           attachmentsJSON: delivery.message.attachmentsJSON,
                                           limits: OutputLimits(rich: false, files: caps.files, images: caps.images,
                                                                format: caps.format, maxTextLength: caps.maxTextLength))
            // Who the customer conversation is with, so the message can say (ABI 1.3 customer_name).
            let customer = try store.conversation(id: delivery.side.conversationID).flatMap { try store.contact(id: $0.contactID) }
            let customerName = customer?.displayName ?? customer?.identities.first?.value ?? ""
            state.withLock { $0.running = (delivery, runtime, Clock.monotonicNanos()) }
            let outcome = Self.deliver(runtime: runtime, delivery: delivery, fitted: fitted, customerName: customerName)
            // The watchdog gave up on this call: its outcome is no longer ours to record.
            let current = state.withLock { s -> Bool in
                guard s.owner == sender else { return false }
                s.running = nil
                return true
            }
            guard current else { return }
            try record(outcome, delivery, instanceID: instanceID)
        } catch {
            log.error("side message \(delivery.message.id) could not be recorded: \(error)")
        }
    }

    private func record(_ outcome: DeliveryWorker.Outcome, _ delivery: SideDelivery, instanceID: String) throws {
        switch outcome {
        case .sent(let providerID, let link):
            metrics.increment("switchboard_side_deliveries_total", labels: [("outcome", "sent")])
            try store.markSideSent(delivery, providerMessageID: providerID, link: link)
        case .rejected(let why):
            metrics.increment("switchboard_side_deliveries_total", labels: [("outcome", "rejected")])
            try store.markSideFailed(delivery, error: why)
        case .retry(let why):
            metrics.increment("switchboard_side_deliveries_total", labels: [("outcome", "retry")])
            if policy.exhausted(afterAttempts: delivery.attempts + 1) {
                try store.markSideFailed(delivery, error: "gave up after \(delivery.attempts + 1) attempts: \(why)")
            } else {
                try store.markSideRetry(delivery, error: why,
                                        nextAttemptAt: Clock.nowMillis() + Int64(policy.delayMs(afterAttempts: delivery.attempts + 1)))
            }
        case .wait(let why, let afterMs, _):
            // Side messages go to third parties, who are never "away": treat it as a retry without an attempt.
            try store.postponeSide(delivery, reason: "waiting on channel \(instanceID): \(why)",
                                   until: Clock.nowMillis() + min(afterMs > 0 ? afterMs : DeliveryWorker.defaultWaitMs, DeliveryWorker.maxWaitMs))
        case .notRunning:
            try store.postponeSide(delivery, reason: "waiting on channel \(instanceID) (draining)",
                                   until: Clock.nowMillis() + DeliveryWorker.waitingRecheckMs)
        }
    }

    /// One crossing into the plugin with borrowed strings.
    private static func deliver(runtime: InstanceRuntime, delivery: SideDelivery, fitted: FittedOutput,
                                customerName: String) -> DeliveryWorker.Outcome {
        var result = sb_delivery_result()
        result.struct_size = UInt32(MemoryLayout<sb_delivery_result>.size)
        var errorBuffer = [CChar](repeating: 0, count: 512)
        let participants = JSON.array(delivery.side.participants.map(\.json)).serialized
        let m = delivery.message
        let status: sb_status? = runtime.call { descriptor, instance in
            guard let deliverSide = descriptor.deliver_side else { return SB_ERR_UNSUPPORTED }
            return withStr(delivery.side.id) { side in withStr(delivery.side.conversationID) { parent in
            withStr(delivery.idempotencyKey) { key in withStr(delivery.side.subject) { subject in
            withStr(participants) { people in withStr(fitted.text) { text in
            withStr(fitted.attachmentsJSON ?? "") { attachments in withStr(m.authorName ?? "") { author in
            withStr(customerName) { customer in
                var message = sb_side_message(
                    struct_size: UInt32(MemoryLayout<sb_side_message>.size), abi_minor: UInt32(SB_ABI_MINOR),
                    side_conversation_id: side, conversation_id: parent, message_id: m.id, idempotency_key: key,
                    attempt: Int32(delivery.attempts + 1), format: fitted.format.abiValue, subject: subject,
                    participants_json: people, text: text, attachments_json: attachments, author_name: author,
                    customer_name: customer)
                return deliverSide(instance, &message, &result, &errorBuffer, errorBuffer.count)
            } } } } } } } } }
        }
        guard let status else { return .notRunning }
        return DeliveryWorker.outcome(status: status, result: result, errorBuffer: errorBuffer)
    }

    /// Quarantine an instance whose deliver_side() overran its bound; replace the stuck sender.
    private func watchdogLoop() {
        let limit = UInt64(deliverTimeoutMs) * 1_000_000
        while !state.withLock({ $0.stopped }) {
            Clock.sleep(milliseconds: 100)
            let now = Clock.monotonicNanos()
            // Clearing the call and handing the queue to a new sender in one step: the stuck call,
            // should it return now, is no longer the owner and records nothing.
            let stuck = state.withLock { s -> (SideDelivery, InstanceRuntime, Int)? in
                guard let running = s.running, DeliveryWorker.isOverdue(startedAt: running.startedAt, now: now, limitNanos: limit) else { return nil }
                s.running = nil
                s.owner += 1
                return (running.delivery, running.runtime, s.owner)
            }
            guard let (delivery, runtime, replacement) = stuck else { continue }
            runtime.quarantine("deliver_side() did not return within \(deliverTimeoutMs) ms")
            try? store.postponeSide(delivery, reason: "channel \(runtime.record.id) quarantined: deliver_side() hung",
                                    until: Clock.nowMillis() + DeliveryWorker.waitingRecheckMs)
            spawnSender(replacement)
        }
    }
}
