import MailgunPlatform
import PluginKit

/// Amazon buyer messaging for one seller account in one SP-API region. Amazon has no API to read
/// or answer buyer messages (channels.md §7): they arrive through the buyer–seller e-mail relay
/// (Seller Central's Buyer Messages notifications → a Mailgun route → POST /inbound), replies go
/// back by mail from an approved sender to the buyer's alias, and the SP-API adds the order
/// (Orders API) and the few one-way Messaging API actions the order allows. See README.md.
final class AmazonChannelPlugin: ChannelPlugin, @unchecked Sendable {
    static let id = "amazon"
    static let version = "1.0.0"
    static let capabilities = PluginCapabilities(content: [.text, .files, .rich], format: .plain)
    static let validatesOutbound = true

    /// Buyers are known by their relay alias (`…@marketplace.amazon.<tld>`), lowercased.
    static let identityKind = "amazon_buyer"

    let host: PluginHost
    let info: InstanceInfo
    let guardian: WebhookGuard
    let threads: ThreadIndex
    let files: AttachmentStore
    let login: LoginWithAmazon
    /// The order retry (and token check) timer.
    private let retryTimer: TimerSlot
    // `config` is replaced by reconfigure() while data calls read it; `reconnectReason` by
    // whichever call last heard from Login with Amazon.
    private let lock = PluginLock()
    private var config: AmazonConfig
    private var reconnectReason: String?
    private var lastTokenAtMs: Int64?

    init(host: PluginHost, info: InstanceInfo) throws {
        self.host = host
        self.info = info
        config = try AmazonConfig.load(configJSON: info.configJSON, host: host, instanceID: info.instanceID)
        guardian = WebhookGuard(host: host)
        threads = ThreadIndex(host: host)
        files = AttachmentStore(host: host, baseURL: info.publicBaseURL + info.routePrefix)
        login = LoginWithAmazon(host: host)
        retryTimer = TimerSlot(host: host)
        try MailRoutes.declare(host)
    }

    /// The first timer (token check, then pending orders) waits this long: the host drops a timer
    /// that fires before the instance admits calls.
    static let firstCheckDelayMs: UInt64 = 1_000

    func start() throws {
        publishStatus()
        scheduleRetry(afterMs: Self.firstCheckDelayMs)
        host.log(.info, "Amazon channel ready for seller \(currentConfig.sellerID) (\(currentConfig.region.rawValue)); relay mail to \(currentConfig.inboundAddress)")
    }

    func stop() {
        retryTimer.cancel()
    }

    func reconfigure(configJSON: String) throws {
        let updated = try AmazonConfig.load(configJSON: configJSON, host: host, instanceID: info.instanceID)
        lock.withLock {
            config = updated
            reconnectReason = nil
        }
        login.forget()
        publishStatus()
        scheduleRetry(afterMs: Self.firstCheckDelayMs)
    }

    var currentConfig: AmazonConfig { lock.withLock { config } }

    func handle(_ request: PluginHTTPRequest) -> PluginHTTPResponse {
        let config = currentConfig
        return MailRoutes.handle(request, host: host, account: config.mailgun, guardian: guardian, files: files) {
            RelayRoute(plugin: self, config: config).handle(request)
        }
    }

    func deliver(_ message: OutboundMessage) -> DeliveryResult {
        BuyerReply(plugin: self, config: currentConfig).deliver(message, deliverTimeoutMs: info.deliverTimeoutMs)
    }

    /// ABI 1.3: Amazon's content rules before the host accepts a reply, so the sender gets 400 naming
    /// the text at fault at once; `deliver()` checks again (a reply can reach it by other routes).
    func validateOutbound(_ message: OutboundMessage) throws {
        try BuyerReply.checkRules(message)
    }

    /// A person set the conversation's `order_id` field (a message that named no order, linked
    /// by hand): the conversation takes that order, fetched off this call by the retry timer.
    /// ABI 1.3 "contact.erased": the buyer's threads (as the email channel's), files and
    /// conversation records go, so their next mail starts a new conversation.
    func conversationSignal(conversationID: String, type: String, dataJSON: String) {
        if let notice = ErasureNotice(type: type, dataJSON: dataJSON) {
            do {
                try MailErasure.forget(notice, threads: threads, files: files, routePrefix: info.routePrefix)
                try BuyerThreads(host: host).forget(conversations: notice.conversationIDs)
            } catch {
                host.log(.error, "erasing the buyer's threads and attachments failed: \(error)")
            }
            return
        }
        guard type == "conversation.fields", let orderID = (try? JSON.parse(dataJSON))?["order_id"]?.stringValue?.trimmingASCIIWhitespace(),
              OrderID.isValid(orderID) else { return }
        let threadsStore = BuyerThreads(host: host)
        do {
            guard var record = try threadsStore.record(conversationID), record.orderID != orderID else { return }
            record.orderID = orderID
            record.orderState = "pending"
            record.messagingActions = []
            try threadsStore.save(record, conversationID: conversationID)
            // The buyer's next mail about this order continues this conversation.
            try threadsStore.setConversation(conversationID, alias: record.alias, orderID: orderID)
            host.log(.info, "conversation \(conversationID) linked by hand to order \(orderID)")
            // "no_order" (or the last order's facts) would contradict the order just linked.
            setOrderFields(OrderContext.pending(orderID: orderID, reason: "linked by hand; fetching the order"), conversationID: conversationID)
            scheduleRetry(afterMs: 50)
        } catch {
            host.log(.warn, "could not link conversation \(conversationID) to order \(orderID): \(error)")
        }
    }

    // MARK: - order context

    /// The order's key facts onto the conversation's custom fields (OrderContext.fields), for
    /// people, the inbox and the stack's next turn. Best effort: the message (or the
    /// `amazon.order_context` event) carries the whole order anyway, and a conversation moved to
    /// another channel or archived keeps the fields it had.
    func setOrderFields(_ context: JSON, conversationID: String) {
        do {
            try host.updateConversationFields(conversationID: conversationID, OrderContext.fields(context))
        } catch {
            host.log(.warn, "order fields not set on conversation \(conversationID): \(error)")
        }
    }

    /// The order's context, or a pending one saying why not (never throws: storing the mail
    /// comes first). Keeps the instance's reconnect state in step with Login with Amazon.
    func orderContext(orderID: String, marketplaceID: String, config: AmazonConfig, timeoutMs: UInt32) -> (JSON, String) {
        let client = SellingPartnerClient(host: host, config: config, login: login)
        switch OrderContext.fetch(orderID: orderID, marketplaceID: marketplaceID, client: client, timeoutMs: timeoutMs) {
        case .success(let context):
            noteLogin(ok: nil)
            return (context, "fetched")
        case .failure(let error):
            if let failure = error.login { noteLogin(ok: failure) } else { noteLogin(ok: nil) }
            host.log(.warn, "order \(orderID): context not fetched yet (\(error.description)); trying again later")
            return (OrderContext.pending(orderID: orderID, reason: error.description), "pending")
        }
    }

    /// `failure` nil: LWA gave a token (or was not the problem). A refusal puts the instance in
    /// `needs_reconnect` with LWA's reason until a token comes again.
    private func noteLogin(ok failure: LoginWithAmazon.Failure?) {
        let changed: Bool = lock.withLock {
            let before = reconnectReason
            switch failure {
            case .refused(let why)?: reconnectReason = why
            case .unavailable?: break
            case nil:
                reconnectReason = nil
                lastTokenAtMs = Clock.nowMillis()
            }
            return before != reconnectReason
        }
        if changed { publishStatus() }
    }

    // MARK: - pending orders and the token check

    func timerFired(_ id: UInt64) {
        guard retryTimer.owns(id) else { return }
        let config = currentConfig
        retryPendingOrders(config)
        scheduleRetry(afterMs: config.orderRetryMs)
    }

    /// Fetches the order context of conversations still waiting for it; with none waiting, only
    /// checks that Login with Amazon still gives a token (so `needs_reconnect` shows early).
    private func retryPendingOrders(_ config: AmazonConfig) {
        let threadsStore = BuyerThreads(host: host)
        let waiting = (try? threadsStore.pending(limit: 20)) ?? []
        if waiting.isEmpty {
            do {
                _ = try login.accessToken(config, timeoutMs: 5_000)
                noteLogin(ok: nil)
            } catch {
                noteLogin(ok: error)
            }
            return
        }
        for conversationID in waiting {
            guard var record = try? threadsStore.record(conversationID), let orderID = record.orderID else {
                try? host.kvDelete("pend/" + conversationID)
                continue
            }
            let (context, state) = orderContext(orderID: orderID, marketplaceID: record.marketplaceID, config: config, timeoutMs: 8_000)
            guard state == "fetched" else {
                // Why it still waits, now (a hand-linked order's "fetching" turns into the SP-API's reason).
                setOrderFields(context, conversationID: conversationID)
                if lock.withLock({ reconnectReason != nil }) { break }   // no token: the rest would fail alike
                continue
            }
            record.orderState = state
            record.messagingActions = context["messaging_actions"]?.arrayValue?.compactMap(\.stringValue) ?? []
            do {
                try threadsStore.save(record, conversationID: conversationID)
                try host.emitEvent(conversationID: conversationID, type: "amazon.order_context", dataJSON: context.serialized)
            } catch {
                host.log(.warn, "order \(orderID): fetched, but not recorded on \(conversationID): \(error)")
            }
            // The message still says "pending": the fields are what the stack's next turn and people read.
            setOrderFields(context, conversationID: conversationID)
        }
        publishStatus()
    }

    private func scheduleRetry(afterMs delay: UInt64) {
        do {
            try retryTimer.schedule(afterMs: delay)
        } catch {
            host.log(.warn, "could not schedule the order retry: \(error)")
        }
    }

    // MARK: - status

    /// `plugin_status`: the set-up an operator follows, and what needs their attention.
    func publishStatus() {
        let config = currentConfig
        let (reason, tokenAt) = lock.withLock { (reconnectReason, lastTokenAtMs) }
        let status = SetupStatus.status(config: config, webhookURL: info.publicBaseURL + info.routePrefix + "/inbound",
                                        reconnectReason: reason, lastTokenAtMs: tokenAt,
                                        pendingOrders: BuyerThreads(host: host).pendingCount())
        do { try host.publishStatus(status) } catch { host.log(.warn, "could not publish the status: \(error)") }
    }
}
