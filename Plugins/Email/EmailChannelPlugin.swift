import PluginKit
import MailgunPlatform

/// The email channel on Mailgun: customers write to the support address, a Mailgun route
/// forwards each mail to POST /inbound, replies go out through Mailgun's messages API with a
/// per-conversation reply address, and Mailgun's events (POST /events) become delivery receipts.
/// It also carries side conversations (ABI 1.1): mail with a vendor or another team, threaded by
/// its own reply address, never shown to the customer. See README.md.
final class EmailChannelPlugin: ChannelPlugin, @unchecked Sendable {
    static let id = "email"
    static let version = "1.0.0"
    static let capabilities = PluginCapabilities(content: [.text, .images, .files], format: .html)
    static let carriesSideConversations = true

    /// Customers are known by their address (lowercased): the kind every mail channel shares.
    static let identityKind = "email"

    private let host: PluginHost
    private let info: InstanceInfo
    private let guardian: WebhookGuard
    private let threads: ThreadIndex
    private let files: AttachmentStore
    // `config` is replaced by reconfigure() while data calls may read it; the domain check's timer
    // id is set by timer calls. Both guarded by `lock`.
    private let lock = PluginLock()
    private var config: EmailConfig
    private var domainTimer: UInt64?

    init(host: PluginHost, info: InstanceInfo) throws {
        self.host = host
        self.info = info
        config = try EmailConfig.load(configJSON: info.configJSON, host: host)
        guardian = WebhookGuard(host: host)
        threads = ThreadIndex(host: host)
        files = AttachmentStore(host: host, baseURL: info.publicBaseURL + info.routePrefix)
        try MailRoutes.declare(host)
    }

    /// The first domain check waits this long: it calls Mailgun on the timer thread so start()
    /// returns at once, and the host drops a timer that fires before the instance admits calls
    /// (until start() or reconfigure() has returned).
    static let firstCheckDelayMs: UInt64 = 1_000

    func start() throws {
        scheduleDomainCheck(afterMs: Self.firstCheckDelayMs)
        host.log(.info, "email channel ready for \(currentConfig.supportAddress) on Mailgun domain \(currentConfig.domain)")
    }

    func stop() {
        if let timer = lock.withLock({ domainTimer }) { host.cancelTimer(timer) }
    }

    func reconfigure(configJSON: String) throws {
        let updated = try EmailConfig.load(configJSON: configJSON, host: host)
        lock.withLock { config = updated }
        scheduleDomainCheck(afterMs: Self.firstCheckDelayMs)
    }

    private var currentConfig: EmailConfig { lock.withLock { config } }

    /// ABI 1.3 "contact.erased": the host erased a customer; their threads and attachments go too.
    func conversationSignal(conversationID: String, type: String, dataJSON: String) {
        guard let notice = ErasureNotice(type: type, dataJSON: dataJSON) else { return }
        do {
            try MailErasure.forget(notice, threads: threads, files: files, routePrefix: info.routePrefix)
        } catch {
            host.log(.error, "erasing threads and attachments failed: \(error)")
        }
    }

    func handle(_ request: PluginHTTPRequest) -> PluginHTTPResponse {
        let config = currentConfig
        return MailRoutes.handle(request, host: host, account: config.mailgun, guardian: guardian, files: files) {
            InboundRoute(host: host, config: config, guardian: guardian, threads: threads, attachments: files).handle(request)
        }
    }

    func deliver(_ message: OutboundMessage) -> DeliveryResult {
        guard message.identityKind == Self.identityKind, let customer = EmailAddress.parse(message.identityValue) else {
            return .rejected(detail: "the email channel reaches identity kind \"email\" with a valid address, not "
                + "\(message.identityKind) \"\(message.identityValue)\"")
        }
        let config = currentConfig
        return outbound(config).send(OutboundEmail.Content(text: message.text, format: message.format, attachmentsJSON: message.attachmentsJSON),
                                     to: [customer], cc: [], subject: config.defaultSubject, target: .conversation(message.conversationID),
                                     idempotencyKey: message.idempotencyKey, hostMessageID: message.messageID,
                                     deliverTimeoutMs: info.deliverTimeoutMs)
    }

    func deliverSide(_ message: SideMessage) -> DeliveryResult {
        func addresses(_ role: String) -> [EmailAddress] {
            message.participants.filter { $0.role == role }.compactMap { p in EmailAddress.parse(p.address).map { EmailAddress(name: p.name, address: $0.address) } }
        }
        let to = addresses("to"), cc = addresses("cc")
        let invalid = message.participants.filter { EmailAddress.parse($0.address) == nil }.map(\.address)
        guard invalid.isEmpty, !to.isEmpty else {
            return .rejected(detail: invalid.isEmpty ? "no recipient" : "not an email address: \(invalid.joined(separator: ", "))")
        }
        return outbound(currentConfig).send(OutboundEmail.Content(text: message.text, format: message.format, attachmentsJSON: message.attachmentsJSON),
                                            to: to, cc: cc, subject: message.subject, target: .side(message.sideConversationID),
                                            idempotencyKey: message.idempotencyKey, hostMessageID: message.messageID,
                                            deliverTimeoutMs: info.deliverTimeoutMs)
    }

    /// ABI 1.3 admin operation `notification.send`: the host's notification mail to an agent,
    /// through this instance's Mailgun domain, from its support address.
    func adminCall(_ request: AdminRequest) throws -> JSON {
        guard request.operation == "notification.send" else {
            throw AdminFailure(status: 404, message: "email has no admin operation \(request.operation) on an instance")
        }
        let config = currentConfig
        return try HostMail(client: MailgunClient(host: host, account: config.mailgun), from: config.from)
            .send(request.args, timeoutMs: info.deliverTimeoutMs == 0 ? 10_000 : info.deliverTimeoutMs)
    }

    private func outbound(_ config: EmailConfig) -> OutboundEmail {
        OutboundEmail(host: host, account: config.mailgun, from: config.from, threads: threads, files: files)
    }

    // MARK: - domain check

    func timerFired(_ id: UInt64) {
        guard lock.withLock({ domainTimer == id }) else { return }
        let config = currentConfig
        let now = Clock.nowMillis()
        var answer: HTTPResult?
        var failure: String?
        do { answer = try MailgunClient(host: host, account: config.mailgun).domain(timeoutMs: 5_000) } catch { failure = "\(error)" }
        let status = DomainStatus.status(from: answer, error: failure, domain: config.domain, checkedAtMs: now)
        do { try host.publishStatus(status) } catch { host.log(.warn, "could not publish the domain status: \(error)") }
        let verified = status["verified"] == .bool(true)
        if !verified { host.log(.info, "Mailgun domain \(config.domain) is not verified yet: see plugin_status for the DNS records") }
        // Unverified domains are looked at again sooner: the operator is probably setting up DNS.
        scheduleDomainCheck(afterMs: UInt64(verified ? config.domainCheckMinutes : min(5, config.domainCheckMinutes)) * 60_000)
    }

    private func scheduleDomainCheck(afterMs delay: UInt64) {
        do {
            let id = try host.startTimer(delayMs: delay)
            if let previous = lock.withLock({ () -> UInt64? in
                defer { domainTimer = id }
                return domainTimer
            }), previous != id {
                host.cancelTimer(previous)
            }
        } catch {
            host.log(.warn, "could not schedule the domain check: \(error)")
        }
    }
}
