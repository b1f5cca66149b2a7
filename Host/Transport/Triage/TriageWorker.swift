import SwitchboardDomain
import SwitchboardSupport

/// Asks the chat-completions engine for its second opinion on the topic of customer messages, after
/// ingest committed them (`Store.dueTriageJobs`): one message at a time, each call bounded by the
/// engine's timeout, a failure retried with backoff. All progress is in SQLite, so a restart
/// continues where it stopped; ingest never waits for the engine.
///
/// One host at a time asks (the `triage` lease): the engine is asked once per message, and the
/// outcome is written under the lease as its fence, so a host that paused past its expiry writes nothing.
final class TriageWorker: @unchecked Sendable {
    static let leaseName = "triage"
    private let store: Store
    private let leases: HostLeases
    private let policy: RetryPolicy
    private let log: Logger
    private let metrics: Metrics
    private let stopped = Locked(false)

    init(store: Store, leases: HostLeases, policy: RetryPolicy, log: Logger, metrics: Metrics) {
        self.store = store
        self.leases = leases
        self.policy = policy
        self.log = log
        self.metrics = metrics
    }

    func start() {
        startThread(name: "triage") { [self] in loop() }
    }

    func stop() {
        stopped.withLock { $0 = true }
        store.committed.notifyAll()
    }

    private var isStopped: Bool { stopped.withLock { $0 } }

    private func loop() {
        // Ingest queues jobs only while an engine is set: without one, the jobs are read again only
        // when one comes due (a retry) or once a second (DueCheck), not after every commit.
        var check = DueCheck()
        while !isStopped {
            let seen = store.committed.current
            var waitMs = 1_000
            do {
                let now = Clock.nowMillis()
                if try store.triageQueuesJobs() { check.expectRows() }
                if check.isDue(now: now) {
                    let due = try store.dueTriageJobs(now: now, limit: 20)
                    check.looked(now: now, found: !due.jobs.isEmpty, nextDueAt: due.nextDueAt)
                    if !due.jobs.isEmpty {
                        // Another host holds the lease: it asks; look again when it could have lapsed.
                        guard let lease = leases.hold(Self.leaseName) else {
                            store.committed.wait(after: seen, timeoutMs: Int(leases.ttlMs / 3))
                            continue
                        }
                        let settings = try store.triageSettings()
                        for job in due.jobs where !isStopped { try run(job, settings: settings, fence: lease) }
                        continue
                    }
                }
                waitMs = check.waitMs(now: now, limit: waitMs)
            } catch {
                if !isStopped { log.error("triage: \(error)") }
            }
            store.committed.wait(after: seen, timeoutMs: waitMs)
        }
    }

    private func run(_ job: TriageJob, settings: TriageSettings, fence: Lease) throws {
        // Turned off (or the topics removed) since the message came: nothing left to ask.
        guard let engine = settings.engine, !settings.topics.isEmpty else { return try store.settleTriageJob(job, guess: nil, fence: fence) }
        let outcome: Result<TriageGuess?, EngineFailure>
        if let key = try store.credentialSecret(id: engine.apiKeyCredential) {
            outcome = TriageEngineClassifier(settings: settings, engine: engine).classify(job.text, key: key)
        } else {
            outcome = .failure(EngineFailure(reason: "credential \(engine.apiKeyCredential) is not stored"))
        }
        switch outcome {
        case .success(let guess):
            metrics.increment("switchboard_triage_engine_total", labels: [("outcome", guess == nil ? "no_topic" : "topic")])
            try store.settleTriageJob(job, guess: guess, fence: fence)
        case .failure(let failure):
            metrics.increment("switchboard_triage_engine_total", labels: [("outcome", "failed")])
            let exhausted = policy.exhausted(afterAttempts: job.attempt)
            log.warn("triage engine, message \(job.messageID) (attempt \(job.attempt)): \(failure.reason)\(exhausted ? "; giving up, the built-in topic stays" : "")")
            try store.retryTriageJob(job, error: failure.reason,
                                     nextAttemptAt: exhausted ? nil : Clock.nowMillis() + Int64(policy.delayMs(afterAttempts: job.attempt)),
                                     fence: fence)
        }
    }
}
