import SwitchboardDomain
import SwitchboardSupport

/// Turns events into notifications and sends the Web Pushes and mails they owe.
///
/// One thread wakes on every commit and runs the notifier (`Store.notifyFromEvents`), then sends the
/// pushes that are due, one at a time with a bounded timeout, and records each outcome (retry with
/// backoff, a subscription gone on 404/410, a notification no longer worth sending dropped). All
/// progress is in SQLite: after a restart it continues where it stopped.
final class NotificationWorker: @unchecked Sendable {
    private let store: Store
    private let policy: RetryPolicy
    private let subject: String
    private let timeoutMs: Int
    private let log: Logger
    private let metrics: Metrics
    private let mail: MailOptions
    private let stopped = Locked(false)

    /// E-mail: the backoff between attempts at one mail, how long a mail waits for others to join it,
    /// the worker's clock offset (`--clock-offset-days`: digests come due), the address links point at.
    struct MailOptions: Sendable {
        var policy: RetryPolicy
        var batchMs: Int64
        var clockOffsetMs: Int64
        var baseURL: @Sendable () -> String
        /// Runs an admin operation on a channel instance (the e-mail plugin's `notification.send`).
        var channelOperation: @Sendable (_ instanceID: String, _ pluginID: String, _ name: String, _ args: JSONObject) throws -> AdminAnswer
    }

    init(store: Store, policy: RetryPolicy, subject: String, timeoutMs: Int, mail: MailOptions, log: Logger, metrics: Metrics) {
        self.store = store
        self.policy = policy
        self.subject = subject
        self.timeoutMs = timeoutMs
        self.mail = mail
        self.log = log
        self.metrics = metrics
    }

    private var now: Int64 { Clock.nowMillis() + mail.clockOffsetMs }

    func start() {
        startThread(name: "notifications") { [self] in loop() }
    }

    func stop() {
        stopped.withLock { $0 = true }
        store.committed.notifyAll()
    }

    private var isStopped: Bool { stopped.withLock { $0 } }

    private func loop() {
        var vapidKey: P256Key?
        var progress = NotifierProgress()
        // Only the notifier queues deliveries (and only this worker retries them): the due mails
        // and pushes are read again when a pass queued some, or when one comes due (DueCheck).
        var mailCheck = DueCheck(), pushCheck = DueCheck()
        while !isStopped {
            let seen = store.committed.current
            var waitMs = 1_000
            do {
                // Until the notifier has caught up, each pass takes the next batch straight away.
                var pass = try store.notifyFromEvents(now: now, mailBatchMs: mail.batchMs, progress: &progress)
                var queued = pass.deliveries > 0
                while pass.events >= 200, !isStopped {
                    pass = try store.notifyFromEvents(now: now, mailBatchMs: mail.batchMs, progress: &progress)
                    queued = queued || pass.deliveries > 0
                }
                if queued { mailCheck.expectRows(); pushCheck.expectRows() }
                let now = self.now
                if mailCheck.isDue(now: now) {
                    let mails = try store.dueMailBatches(now: now)
                    for batch in mails.batches where !isStopped { send(batch) }
                    mailCheck.looked(now: now, found: !mails.batches.isEmpty, nextDueAt: mails.nextDueAt)
                }
                waitMs = mailCheck.waitMs(now: now, limit: waitMs)
                if pushCheck.isDue(now: now) {
                    let due = try store.duePushJobs(now: now, limit: 50)
                    pushCheck.looked(now: now, found: !due.jobs.isEmpty, nextDueAt: due.nextDueAt)
                    if !due.jobs.isEmpty {
                        let key = try vapidKey ?? store.vapidKey()
                        vapidKey = key
                        for job in due.jobs where !isStopped { send(job, key: key) }
                        continue
                    }
                }
                waitMs = pushCheck.waitMs(now: now, limit: waitMs)
            } catch {
                if !isStopped { log.error("notifications: \(error)") }
            }
            store.committed.wait(after: seen, timeoutMs: waitMs)
        }
    }

    /// One mail through the configured SMTP server or e-mail channel. Without settings, or when the
    /// server or Mailgun fails, the deliveries stay pending with the reason and are retried: a
    /// notification is never lost to the mail transport.
    private func send(_ batch: MailBatch) {
        var failure: String?
        do {
            guard let settings = try store.notificationMailSettings() else {
                throw NotificationMailError("no mail transport is configured (PUT /api/v1/notifications/email-settings)")
            }
            let unsubscribe = { (kind: NotificationKind) in try self.store.unsubscribeToken(agentID: batch.agentID, kind: kind) }
            switch settings.transport {
            case .smtp:
                let password = try settings.passwordCredential.flatMap { try store.credentialSecret(id: $0) }
                let message = try NotificationMail.compose(batch, from: settings.from, baseURL: mail.baseURL(), nowMillis: Clock.nowMillis(),
                                                           unsubscribe: unsubscribe)
                try SMTPClient.send(message, from: settings.from, to: [batch.address],
                                    via: SMTPServer(url: settings.smtpURL, starttls: settings.starttls, username: settings.username, password: password),
                                    timeoutMs: timeoutMs)
            case .emailChannel:
                let content = try NotificationMail.content(batch, baseURL: mail.baseURL(), unsubscribe: unsubscribe)
                let answer = try mail.channelOperation(settings.channelInstanceID ?? "", NotificationMailSettings.channelPluginID,
                                                       NotificationMailSettings.channelOperation,
                                                       NotificationMail.channelArguments(batch, content: content))
                guard answer.succeeded else {
                    throw NotificationMailError("channel \(settings.channelInstanceID ?? "") answered \(answer.status): \(answer.errorMessage)")
                }
            }
        } catch {
            failure = "\(error)"
        }
        metrics.increment("switchboard_notification_mails_total", labels: [("outcome", failure == nil ? "sent" : "failed")])
        if let failure { log.warn("notification mail to \(batch.agentID) (attempt \(batch.attempt)) failed: \(failure)") }
        do {
            try store.recordMailAttempt(batch, error: failure, policy: mail.policy, now: now)
        } catch {
            if !isStopped { log.error("notification mail to \(batch.agentID): could not record the attempt: \(error)") }
        }
    }

    private func send(_ job: PushJob, key: P256Key) {
        let outcome: PushOutcome
        do {
            let request = try WebPushRequest.make(job, vapidKey: key, subject: subject, nowSeconds: Clock.nowMillis() / 1000, timeoutMs: timeoutMs)
            let response = try HTTPClient.perform(request)
            switch response.status {
            case 200...299: outcome = .sent
            case 404, 410: outcome = .subscriptionGone("push service answered \(response.status)")
            default: outcome = .failed("push service answered \(response.status): \(String(response.text.prefix(200)))")
            }
        } catch let error as P256Error {
            outcome = .failed("could not encrypt: \(error)")
        } catch {
            outcome = .failed("\(error)")
        }
        let label: String = switch outcome {
        case .sent: "sent"
        case .subscriptionGone: "gone"
        case .failed: "failed"
        }
        metrics.increment("switchboard_push_deliveries_total", labels: [("outcome", label)])
        do {
            try store.recordPushAttempt(job, outcome: outcome, policy: policy, now: Clock.nowMillis())
        } catch {
            if !isStopped { log.error("push \(job.deliveryID): could not record the attempt: \(error)") }
        }
    }
}
