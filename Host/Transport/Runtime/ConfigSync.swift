import SwitchboardDomain
import SwitchboardSupport

/// Keeps this host in line with changes other hosts make in the shared store. Every change to what
/// hosts keep in memory bumps a version in its own transaction (ConfigVersions); this thread reads
/// those versions every `pollMs` (one small read) and reloads what moved:
/// - `channels`: the registry converges (loads, activates, starts, reconfigures, stops), holding
///   the differing hooks at 503 meanwhile (ConvergenceGate);
/// - `ingest`: the writer empties the ingest cache before its next group;
/// - `triage`: the classifier is trained again on next use;
/// - `routing`: `onRoutingChange` (the workflow routes unplaced conversations again, if it holds the sweeps).
/// A plugin build this host cannot find yet is retried every `retryMs`.
final class ConfigSync: @unchecked Sendable {
    private let store: Store
    private let registry: ChannelRegistry
    private let pollMs: Int
    private let retryMs: Int64
    private let log: Logger
    private let onRoutingChange: @Sendable () -> Void
    private let stopped = Locked(false)
    private let wakeUp = Signal()

    init(store: Store, registry: ChannelRegistry, pollMs: Int, retryMs: Int64 = 2_000, log: Logger,
         onRoutingChange: @escaping @Sendable () -> Void) {
        self.onRoutingChange = onRoutingChange
        self.store = store
        self.registry = registry
        self.pollMs = pollMs
        self.retryMs = retryMs
        self.log = log
    }

    func start() {
        startThread(name: "config-sync") { [self] in loop() }
    }

    func stop() {
        stopped.withLock { $0 = true }
        wakeUp.notifyAll()
    }

    /// Look now rather than at the next poll (a hint, e.g. a notification from another host).
    func wake() { wakeUp.notifyAll() }

    private func loop() {
        var applied: [ConfigScope: Int64] = [:]
        var behind: Set<String> = []
        var lastTry: Int64 = 0
        while !stopped.withLock({ $0 }) {
            let seen = wakeUp.current
            do {
                let versions = try store.configVersions()
                if let ingest = versions[.ingest] { store.ingestChangedElsewhere(upTo: ingest) }
                if let known = applied[.triage], versions[.triage] != known { store.triageChangedElsewhere() }
                if let known = applied[.routing], versions[.routing] != known { onRoutingChange() }
                for scope in [ConfigScope.ingest, .triage, .routing] { applied[scope] = versions[scope] }
                let now = Int64(Clock.monotonicNanos() / 1_000_000)
                let retryDue = !behind.isEmpty && now - lastTry >= retryMs
                if versions[.channels] != applied[.channels] || retryDue {
                    lastTry = now
                    // nil: the store could not be read; the next poll tries again.
                    if let stillBehind = registry.converge() {
                        behind = stillBehind
                        applied[.channels] = versions[.channels]
                    }
                }
            } catch {
                log.warn("could not read the store's config versions: \(error)")
            }
            wakeUp.wait(after: seen, timeoutMs: pollMs)
        }
    }
}
