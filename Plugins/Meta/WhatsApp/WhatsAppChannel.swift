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

    /// What a sibling handling a webhook reads of this instance (its key-value state).
    static let wabaKey = "config/waba_id"
    static let phoneNumberKey = "config/phone_number_id"
    static let markReadKey = "config/mark_read"

    private let host: PluginHost
    private let info: InstanceInfo
    // `config` is replaced by reconfigure() while data calls read it; the last on-demand sync is
    // set by route calls. Both guarded by `lock`.
    private let lock = PluginLock()
    private let statusTimer: TimerSlot
    private var config: WhatsAppConfig
    /// When the last on-demand sync ran (monotonic ms): the route is not authenticated, so it
    /// is spaced out to keep Meta's rate limit for the real work.
    private var lastOnDemandSyncMs: Int64?

    static let firstCheckDelayMs: UInt64 = 1_000
    static let statusIntervalMs: UInt64 = 600_000
    /// On-demand template syncs closer together than this answer the last result.
    static let syncSpacingMs: Int64 = 10_000

    public init(host: PluginHost, info: InstanceInfo) throws {
        self.host = host
        self.info = info
        statusTimer = TimerSlot(host: host)
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

    /// The shared webhook, and the instance's own `POST /hooks/<instance>/templates/sync`.
    public func handle(_ request: PluginHTTPRequest) -> PluginHTTPResponse {
        let config = currentConfig
        switch request.path {
        case WhatsAppWebhookRoute.path:
            return WhatsAppWebhookRoute(host: host, connection: config.meta.connection, status: { [self] in status($0, config) }).handle(request)
        case "/templates/sync":
            guard request.method == "POST" else { return PluginHTTPResponse.text(405, "POST").adding(header: "Allow", "POST") }
            return syncOnDemand(config)
        default:
            return .text(404, "no such endpoint")
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
            status.recordAssetCheck(name: number["verified_name"]?.stringValue, failure: nil)
            status.recordDetails(["display_phone_number": .from(number["display_phone_number"]?.stringValue),
                                  "name_status": .from(number["name_status"]?.stringValue),
                                  "quality_rating": .from(number["quality_rating"]?.stringValue),
                                  "messaging_limit": .from(number["messaging_limit_tier"]?.stringValue)])
            status.setSwitchLink(number["display_phone_number"]?.stringValue.flatMap(WhatsAppSwitchCode.link(displayNumber:)))
        case .failure(let error):
            status.recordAssetCheck(name: nil, failure: error)
        }
    }

    @discardableResult
    private func syncTemplates(_ config: WhatsAppConfig) -> Result<Int, GraphError> {
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
        return result
    }

    private func syncOnDemand(_ config: WhatsAppConfig) -> PluginHTTPResponse {
        let now = Clock.monotonicMillis()
        let recent = lock.withLock { () -> Bool in
            if let last = lastOnDemandSyncMs, now - last < Self.syncSpacingMs { return true }
            lastOnDemandSyncMs = now
            return false
        }
        if recent { return .json(429, ["error": .string("the templates were synced on demand less than 10 seconds ago")]) }
        switch syncTemplates(config) {
        case .success(let count): return .json(200, ["templates": .from(count)])
        case .failure(let error): return .json(502, ["error": .string("Meta refused the template list: \(error.message)")])
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
