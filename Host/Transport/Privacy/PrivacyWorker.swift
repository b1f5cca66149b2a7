import SwitchboardDomain
import SwitchboardSupport

/// Runs data requests and housekeeping in the background, one thing at a time, off the request
/// threads: contact exports (an archive each, progress recorded as it goes), expired export links,
/// and retention passes. Each step is its own short write, so requests never wait behind it.
/// Among hosts sharing a store, the one holding the lease `privacy` does this work, fencing its writes.
public final class PrivacyWorker: @unchecked Sendable {
    static let leaseName = "privacy"
    private let store: Store
    private let log: Logger
    private let files: any HostFiles
    private let leases: HostLeases
    /// The lease token the last pass ran under: a new one means this host just took the work over.
    private var heldToken: Int64?
    /// Tells a running instance which identities were erased; false when it is not running now.
    private let tellErased: @Sendable (_ instanceID: String, _ dataJSON: String) -> Bool
    /// The worker's clock: the wall clock, or ahead of it (`--clock-offset-days`, for tests).
    let now: @Sendable () -> Int64
    private let signal = Signal()
    private let state = Locked(State())

    struct State {
        var stopped = false
        var running = false
        var retentionWanted = true
        var lastRetention: Int64 = 0
    }

    /// Retention runs this often (and at start, and when asked).
    static let retentionEveryMs: Int64 = 3_600_000
    /// Pause between retention batches: other writers get the store in between.
    static let pauseBetweenBatchesMs = 20

    public init(store: Store, log: Logger, files: any HostFiles, leases: HostLeases, clockOffsetMs: Int64 = 0,
                tellErased: @escaping @Sendable (_ instanceID: String, _ dataJSON: String) -> Bool) {
        self.store = store
        self.tellErased = tellErased
        self.log = log
        self.files = files
        self.leases = leases
        now = { Clock.nowMillis() + clockOffsetMs }
    }

    public func start() {
        state.withLock { $0.running = true }
        startThread(name: "privacy") { [self] in loop() }
    }

    public func stop() {
        state.withLock { $0.stopped = true }
        signal.notifyAll()
        for _ in 0..<500 where state.withLock({ $0.running }) { Clock.sleep(milliseconds: 10) }
    }

    /// An export was requested, or an erasure left notices for plugins.
    public func poke() { signal.notifyAll() }

    /// The policy changed, or an admin asked for a pass now.
    public func runRetentionSoon() {
        state.withLock { $0.retentionWanted = true }
        signal.notifyAll()
    }

    private func loop() {
        defer { state.withLock { $0.running = false } }
        while true {
            let seen = signal.current
            if state.withLock({ $0.stopped }) { return }
            do {
                guard let lease = leases.hold(Self.leaseName) else {
                    signal.wait(after: seen, timeoutMs: 1000)
                    continue
                }
                if heldToken != lease.token {
                    // Taken (at start, or from a host that died): exports the last owner was writing start over.
                    try store.requeueInterruptedExports()
                    heldToken = lease.token
                }
                while let job = try store.claimNextExport(now: now(), fence: lease) {
                    run(job)
                    if state.withLock({ $0.stopped }) { return }
                }
                for key in try store.expireExports(now: now()) { files.remove(key) }
                try deliverErasureNotices()
                let due = state.withLock { s in
                    defer { s.retentionWanted = false }
                    return s.retentionWanted || Clock.monotonicMillis() - s.lastRetention >= Self.retentionEveryMs
                }
                if due {
                    state.withLock { $0.lastRetention = Clock.monotonicMillis() }
                    try runRetention(fence: lease)
                }
            } catch {
                log.error("privacy pass failed: \(error)")
            }
            signal.wait(after: seen, timeoutMs: 1000)
        }
    }

    /// One retention pass in small batches until nothing is left to do (or the host stops); its report is kept.
    private func runRetention(fence: Lease) throws {
        let policy = try store.retentionPolicy()
        let started = now()
        var report = RetentionReport(startedAt: started)
        while try store.retentionBatch(policy, now: started, into: &report, fence: fence) {
            if state.withLock({ $0.stopped }) { break }
            Clock.sleep(milliseconds: Self.pauseBetweenBatchesMs)
        }
        // Plugin bookkeeping past the expiry its plugin set goes whatever the policy says.
        while true {
            let pruned = try store.pruneExpiredState(now: started)
            report.pluginStatePruned += pruned
            if pruned < 500 || state.withLock({ $0.stopped }) { break }
            Clock.sleep(milliseconds: Self.pauseBetweenBatchesMs)
        }
        report.finishedAt = now()
        try store.finishRetention(report)
        if report.didSomething { log.info("retention: \(JSON.object(report.json).serialized)") }
    }

    /// Plugins hear of erasures when they run; an instance deleted meanwhile keeps nothing to tell.
    private func deliverErasureNotices() throws {
        for notice in try store.pendingErasureNotices() {
            let told = tellErased(notice.instanceID, notice.data)
            if try told || store.channelInstance(id: notice.instanceID) == nil {
                try store.erasureNoticeDelivered(id: notice.id)
            }
        }
    }

    private func run(_ job: ContactExport) {
        let key = "exports/\(job.id).zip"
        do {
            let size = try files.create(key) { path in
                _ = try ExportArchive(store: store).write(contactID: job.contactID, to: path) { percent in
                    try? store.exportProgress(id: job.id, percent: percent, now: now())
                }
            }
            _ = try store.exportReady(id: job.id, archivePath: key, size: size, now: now())
            log.info("export \(job.id) of contact \(job.contactID) ready (\(size) bytes)")
        } catch {
            log.error("export \(job.id) failed: \(error)")
            try? store.exportFailed(id: job.id, error: "\(error)", now: now())
        }
    }
}
