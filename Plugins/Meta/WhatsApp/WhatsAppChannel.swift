import PluginKit

/// WhatsApp on the Cloud API: one instance serves one business phone number of one Meta app.
/// Every number of the app posts to the app's one WhatsApp webhook URL (a shared route); each
/// change is applied as the instance that claimed its `phone_number_id`. Replies, files and
/// templates go out through `POST /{phone-number-id}/messages`. See Plugins/WhatsApp/README.md.
public final class WhatsAppChannel: ChannelPlugin, @unchecked Sendable {
    public static var id: String { WhatsAppProduct.product.pluginID }
    public static var version: String { WhatsAppProduct.product.version }
    public static var capabilities: PluginCapabilities { WhatsAppProduct.product.capabilities }
    /// Shared routes, asset claims and sibling access are ABI 1.3 services.
    public static var minHostMinor: UInt32 { 3 }
    /// Templates are checked before the host accepts a reply (ABI 1.3 validate_outbound).
    public static var validatesOutbound: Bool { true }

    /// What a sibling handling a webhook reads of this instance (its key-value state).
    static let wabaKey = "config/waba_id"
    static let phoneNumberKey = "config/phone_number_id"
    static let markReadKey = "config/mark_read"

    private let host: PluginHost
    private let info: InstanceInfo
    // `config` is replaced by reconfigure() while data calls read it; the last on-demand sync is
    // set by signals. Both guarded by `lock`.
    private let lock = PluginLock()
    private let statusTimer: TimerSlot
    /// An admin's "sync templates now" (REST), run off the signal.
    private let syncTimer: TimerSlot
    /// Conversations agents opened, to mark read at Meta.
    private let viewed: PendingWork<Bool>
    /// Customers' media agents asked for again, by wamid: their stored attachments.
    private let refetches: PendingWork<[JSON]>
    private var config: WhatsAppConfig
    /// When the last on-demand sync was scheduled (monotonic ms): requests closer together than
    /// `syncSpacingMs` share one sync, keeping Meta's rate limit for the real work.
    private var lastOnDemandSyncMs: Int64?

    static let firstCheckDelayMs: UInt64 = 1_000
    static let statusIntervalMs: UInt64 = 600_000
    /// On-demand template syncs closer together than this are one sync.
    static let syncSpacingMs: Int64 = 10_000

    public init(host: PluginHost, info: InstanceInfo) throws {
        self.host = host
        self.info = info
        statusTimer = TimerSlot(host: host)
        syncTimer = TimerSlot(host: host)
        viewed = PendingWork(host: host, what: "the read marks")
        refetches = PendingWork(host: host, what: "the media to fetch again")
        config = try WhatsAppConfig.load(configJSON: info.configJSON, host: host)
        let product = WhatsAppProduct.product
        try host.claimAsset(kind: product.assetKind, id: config.phoneNumberID, configField: product.assetConfigField)
        try host.addSharedRoute(connection: config.meta.connection.key, method: "*", path: WhatsAppWebhookRoute.path)
    }

    public func start() throws {
        let config = currentConfig
        remember(config)
        status(host, config).publish()
        scheduleStatusCheck(afterMs: Self.firstCheckDelayMs)
        host.log(.info, "whatsapp channel ready for number \(config.phoneNumberID); webhook at \(webhookURL(config))")
    }

    public func stop() {
        statusTimer.cancel()
        syncTimer.cancel()
        viewed.cancel()
        refetches.cancel()
    }

    public func reconfigure(configJSON: String) throws {
        let updated = try WhatsAppConfig.load(configJSON: configJSON, host: host)
        try currentConfig.checkReplacement(updated)
        lock.withLock { config = updated }
        remember(updated)
        status(host, updated).clearReconnect()
        scheduleStatusCheck(afterMs: Self.firstCheckDelayMs)
    }

    private var currentConfig: WhatsAppConfig { lock.withLock { config } }

    /// The shared webhook. (Syncing the templates on demand is the admins' REST action
    /// `POST /api/v1/channels/{id}/templates/sync`, never a route here: routes have no login.)
    public func handle(_ request: PluginHTTPRequest) -> PluginHTTPResponse {
        let config = currentConfig
        guard request.path == WhatsAppWebhookRoute.path else { return .text(404, "no such endpoint") }
        return WhatsAppWebhookRoute(host: host, connection: config.meta.connection, status: { [self] in status($0, config) }).handle(request)
    }

    /// ABI 1.3 signals, each done off the call: "conversation.viewed" (an agent opened it: blue
    /// ticks, when `mark_read` is on), "templates.sync" (an admin asked for the templates again)
    /// and "media.refetch" (an agent asked for a customer's media again); and "contact.erased",
    /// done on the call: the read-state records of the customer's conversations go (their media
    /// is in the host's file store, which the host erases itself).
    public func conversationSignal(conversationID: String, type: String, dataJSON: String) {
        if let notice = ErasureNotice(type: type, dataJSON: dataJSON) {
            do { try WhatsAppReadMarks(host: host).forget(notice.conversationIDs) } catch {
                host.log(.error, "whatsapp: forgetting an erased customer failed: \(error)")
            }
            return
        }
        switch type {
        case "conversation.viewed":
            guard currentConfig.markRead, !conversationID.isEmpty else { return }
            viewed.add(conversationID, true)
        case "templates.sync": syncSoon()
        case "media.refetch":
            guard let data = try? JSON.parse(dataJSON), let wamid = data["provider_message_id"]?.stringValue,
                  let attachments = data["attachments"]?.arrayValue else { return host.log(.warn, "whatsapp: media.refetch without its message") }
            refetches.add(wamid, attachments)
        default: break
        }
    }

    /// The sync runs on a timer, off the signal; requests within `syncSpacingMs` of the last share it.
    private func syncSoon() {
        let now = Clock.monotonicMillis()
        let due = lock.withLock { () -> Bool in
            if let last = lastOnDemandSyncMs, now - last < Self.syncSpacingMs { return false }
            lastOnDemandSyncMs = now
            return true
        }
        guard due else { return host.log(.info, "whatsapp: a template sync was asked for less than 10 s after the last: that one serves") }
        do { try syncTimer.schedule(afterMs: 0) } catch {
            host.log(.warn, "whatsapp: could not schedule the template sync: \(error)")
        }
    }

    /// ABI 1.3: a template request is checked against the synced templates before the host accepts
    /// it, so a wrong parameter is a 400 naming it ("rich.parameters[1]"), never a failed reply later.
    public func validateOutbound(_ message: OutboundMessage) throws {
        guard let request = TemplateSend.request(in: message.richJSON) else { return }
        do { _ = try TemplateSend.check(request, templates: WhatsAppTemplates(host: host)) } catch {
            throw PluginError.invalid(field: error.field, message: error.reason)
        }
    }

    public func deliver(_ message: OutboundMessage) -> DeliveryResult {
        let config = currentConfig
        return WhatsAppOutbound(host: host, config: config, status: status(host, config), deliverTimeoutMs: info.deliverTimeoutMs).send(message)
    }

    /// Channel actions (ABI 1.3, the manifest's "actions"): `send_template`, an approved template,
    /// the one thing that may reach a customer whose 24-hour window has closed. It goes out as a
    /// reply whose rich content is the template request, checked against the synced templates.
    public static var performsActions: Bool { true }

    public func performAction(_ request: ActionRequest) throws -> DeliveryResult {
        guard request.action == TemplateAction.name else { throw PluginError.invalid(field: "action", message: "no action \(request.action)") }
        return deliver(TemplateAction.message(request))
    }

    // MARK: - status and templates

    public func timerFired(_ id: UInt64) {
        if syncTimer.owns(id) { return syncTemplates(currentConfig) }
        if viewed.owns(id) { return markViewedRead(currentConfig) }
        if refetches.owns(id) { return refetchMedia(currentConfig) }
        guard statusTimer.owns(id) else { return }
        let config = currentConfig
        checkNumber(config)
        syncTemplates(config)
        StatePruning(host: host).run(nowMs: Clock.nowMillis())
        scheduleStatusCheck(afterMs: Self.statusIntervalMs)
    }

    static let numberFields = "display_phone_number,verified_name,name_status,quality_rating,messaging_limit_tier"

    /// The number as Graph describes it: the token's health check, and what the operator sees.
    private func checkNumber(_ config: WhatsAppConfig) {
        let status = status(host, config)
        switch graph(config).fields(of: config.phoneNumberID, Self.numberFields, timeoutMs: 5_000) {
        case .success(let number):
            // The details and the link first, the name last: a status that names the number is complete.
            status.recordDetails(["display_phone_number": .from(number["display_phone_number"]?.stringValue),
                                  "name_status": .from(number["name_status"]?.stringValue),
                                  "quality_rating": .from(number["quality_rating"]?.stringValue),
                                  "messaging_limit": .from(number["messaging_limit_tier"]?.stringValue)])
            status.setSwitchLink(number["display_phone_number"]?.stringValue.flatMap(WhatsAppSwitchCode.link(displayNumber:)))
            status.recordAssetCheck(name: number["verified_name"]?.stringValue, failure: nil)
        case .failure(let error):
            status.recordAssetCheck(name: nil, failure: error)
        }
    }

    private func syncTemplates(_ config: WhatsAppConfig) {
        let templates = WhatsAppTemplates(host: host)
        let result = templates.sync(graph: graph(config), wabaID: config.wabaID, timeoutMs: 5_000)
        var details = templates.published()
        switch result {
        case .success:
            details["templates_synced_at"] = .string(Clock.iso8601(Clock.nowMillis()))
            details["template_sync_error"] = .null
        case .failure(let error):
            host.log(.warn, "whatsapp: could not sync the templates of account \(config.wabaID): \(error.message)")
            details["template_sync_error"] = .string(error.message)
        }
        status(host, config).recordDetails(details)
    }

    /// The conversations agents opened since the last run: their newest customer message, read.
    private func markViewedRead(_ config: WhatsAppConfig) {
        let marks = WhatsAppReadMarks(host: host)
        for conversation in viewed.take().keys { marks.viewed(conversationID: conversation, graph: graph(config), phoneNumberID: config.phoneNumberID) }
    }

    /// The media agents asked for again: fetched by media id, the message's attachments replaced.
    private func refetchMedia(_ config: WhatsAppConfig) {
        let media = WhatsAppMedia(host: host, graph: graph(config))
        for (wamid, attachments) in refetches.take() {
            do { try host.replaceAttachments(providerMessageID: wamid, attachmentsJSON: JSON.array(media.refetch(attachments)).serialized) } catch {
                host.log(.warn, "whatsapp: could not store the media of \(wamid) fetched again: \(error)")
            }
        }
    }

    private func scheduleStatusCheck(afterMs delay: UInt64) {
        do { try statusTimer.schedule(afterMs: delay) } catch {
            host.log(.warn, "\(Self.id): could not schedule the status check: \(error)")
        }
    }

    /// What siblings handling the shared webhook need: the token's credential, the account and
    /// number, and the read-receipt setting.
    private func remember(_ config: WhatsAppConfig) {
        do {
            try OwnerContext.remember(config.meta.connection, on: host)
            try host.kvSet(Self.wabaKey, config.wabaID)
            try host.kvSet(Self.phoneNumberKey, config.phoneNumberID)
            try host.kvSet(Self.markReadKey, config.markRead ? "1" : "0")
        } catch {
            host.log(.warn, "whatsapp: could not record the settings webhook handling reads: \(error)")
        }
    }

    private func graph(_ config: WhatsAppConfig) -> GraphClient { GraphClient(host: host, connection: config.meta.connection) }

    private func webhookURL(_ config: WhatsAppConfig) -> String {
        info.publicBaseURL + PluginHost.sharedRoutePrefix(pluginID: Self.id, connection: config.meta.connection.key) + WhatsAppWebhookRoute.path
    }

    private func status(_ host: PluginHost, _ config: WhatsAppConfig) -> MetaStatus {
        MetaStatus(host: host, product: WhatsAppProduct.product, webhookURL: webhookURL(config), verifyTokenHint: config.meta.connection.verifyTokenHint)
    }
}
