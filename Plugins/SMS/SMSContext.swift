import PluginKit
import TwilioPlatform

/// What the routes, the delivery and the status check share for one instance: the host, the
/// configuration in force (replaced by reconfigure() while data calls read it) and the URLs
/// Twilio is given.
final class SMSContext: @unchecked Sendable {
    let host: PluginHost
    let info: InstanceInfo
    // Guarded by `lock`: reconfigure() replaces it while handle() and deliver() read it.
    private let lock = PluginLock()
    private var current: SMSConfig
    // Guarded by `lock`: when last_webhook_at was last written (SMSStatus.recordWebhook).
    private var webhookRecordedAtMs: Int64 = 0
    // Guarded by `lock`: the Messaging Service the number belongs to, once read or learned
    // (.some(nil): read, none known).
    private var learnedService: String??

    init(host: PluginHost, info: InstanceInfo, config: SMSConfig) {
        self.host = host
        self.info = info
        current = config
    }

    var config: SMSConfig { lock.withLock { current } }
    func replace(_ config: SMSConfig) { lock.withLock { current = config } }

    /// Whether `now` is a minute past the last write of last_webhook_at; if so, it is now.
    func claimWebhookRecord(atMs now: Int64) -> Bool {
        lock.withLock {
            guard now - webhookRecordedAtMs >= 60_000 else { return false }
            webhookRecordedAtMs = now
            return true
        }
    }

    static let serviceKey = "service"

    /// The Messaging Service this instance's sender belongs to: its own (a service instance), or
    /// the one Twilio named on a message to the number (`MessagingServiceSid`), remembered in the
    /// key-value state (`service`). Pass the name a webhook carries to learn it.
    func messagingService(learning named: String? = nil) -> String? {
        if case .messagingService(let sid) = config.sender { return sid }
        if let named, TwilioSID.isValid(named, prefix: "MG") {
            guard lock.withLock({ learnedService }) != .some(named) else { return named }
            do { try host.kvSet(Self.serviceKey, named) } catch { host.log(.warn, "sms: could not remember the service \(named): \(error)") }
            lock.withLock { learnedService = .some(named) }
            return named
        }
        if let known = lock.withLock({ learnedService }) { return known }
        let stored = host.storedString(Self.serviceKey)
        lock.withLock { learnedService = .some(stored) }
        return stored
    }

    var client: TwilioClient { TwilioClient(account: config.account, host: host) }

    /// The instance's routes as Twilio reaches them: the host's public URL + /hooks/<instance>.
    var publicURL: String { info.publicBaseURL + info.routePrefix }
    /// What the number's SmsUrl must be.
    var webhookURL: String { publicURL + InboundRoute.path }
    /// What every send names as its StatusCallback.
    var statusCallbackURL: String { publicURL + StatusRoute.path }

    var status: SMSStatus { SMSStatus(channel: self) }
}
