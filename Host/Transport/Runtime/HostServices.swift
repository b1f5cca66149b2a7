import SwitchboardDomain
import SwitchboardSupport

/// What the host's C services reach: the store and the host components plugins may use.
/// Shared by every instance; the per-instance part is InstanceContext.
public final class HostServices: @unchecked Sendable {
    public let store: Store
    public let log: Logger
    public let metrics: Metrics
    let timers: TimerService
    /// Called after a customer message is committed (the per-conversation pipeline).
    let onInbound: @Sendable (IngestResult, String) -> Void
    /// Called after a channel switch, so queued replies are looked at again.
    let onOutboxChange: @Sendable () -> Void
    /// Whether an instance is running (a switch target must be).
    let isInstanceRunning: @Sendable (String) -> Bool
    /// Agent Stack turns and Sidekick for the stack_turn and sidekick_ask services (nil: unsupported).
    let stacks: StackRuntime?
    /// Server-push streams plugins opened (stream_open, ABI 1.2).
    let streams = PushStreamHub()
    /// What http_request may reach when a plugin fetches a URL a user chose (SB_HTTP_USER_URL, ABI 1.3).
    let networkGuard: NetworkGuard
    /// Requests plugins deferred (http_defer, ABI 1.3), waiting for their answers.
    let deferredAnswers = DeferredAnswers()
    /// Set once the registry exists (it owns these services): channel switching reaches it.
    weak var registry: ChannelRegistry?
    /// Set once the voice queue dispatcher runs: a caller joined a queue or an agent's leg ended.
    let onVoiceQueueChange = Locked<(@Sendable () -> Void)?>(nil)

    func voiceQueueChanged() { onVoiceQueueChange.withLock { $0 }?() }

    init(store: Store, log: Logger, metrics: Metrics, timers: TimerService,
         onInbound: @escaping @Sendable (IngestResult, String) -> Void,
         onOutboxChange: @escaping @Sendable () -> Void,
         isInstanceRunning: @escaping @Sendable (String) -> Bool, stacks: StackRuntime? = nil,
         networkGuard: NetworkGuard = NetworkGuard()) {
        self.store = store
        self.log = log
        self.metrics = metrics
        self.timers = timers
        self.onInbound = onInbound
        self.onOutboxChange = onOutboxChange
        self.isInstanceRunning = isInstanceRunning
        self.stacks = stacks
        self.networkGuard = networkGuard
    }
}
