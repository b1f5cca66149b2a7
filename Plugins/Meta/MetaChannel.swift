import PluginKit

/// A Meta messaging channel: one instance serves one asset (a Facebook Page, an Instagram
/// professional account) of one Meta app. Every asset of the app posts to the app's one webhook
/// URL, a route the host shares between the instances on that app; whichever instance receives a
/// post applies each entry as the instance that claimed its asset. Replies go out through the
/// Send API with the window's messaging type. `Product` says which product it is; the Messenger
/// and Instagram libraries each export one specialisation. See Plugins/Meta/README.md.
public final class MetaChannel<Product: MetaProductKind>: ChannelPlugin, @unchecked Sendable {
    public static var id: String { Product.product.pluginID }
    public static var version: String { Product.product.version }
    public static var capabilities: PluginCapabilities { Product.product.capabilities }
    /// Shared routes, asset claims and sibling access are ABI 1.3 services.
    public static var minHostMinor: UInt32 { 3 }

    private let host: PluginHost
    private let info: InstanceInfo
    private var product: MetaProduct { Product.product }
    // `config` is replaced by reconfigure() while data calls read it: guarded by `lock`.
    private let lock = PluginLock()
    private let statusTimer: TimerSlot
    private var config: MetaInstanceConfig

    /// The first status check waits this long (the host drops timers that fire before start()
    /// has returned); later ones follow every `statusIntervalMs`.
    static var firstCheckDelayMs: UInt64 { 1_000 }
    static var statusIntervalMs: UInt64 { 600_000 }

    public init(host: PluginHost, info: InstanceInfo) throws {
        self.host = host
        self.info = info
        statusTimer = TimerSlot(host: host)
        config = try MetaInstanceConfig.load(configJSON: info.configJSON, product: Product.product, host: host)
        try host.claimAsset(kind: Product.product.assetKind, id: config.assetID, configField: Product.product.assetConfigField)
        try host.addSharedRoute(connection: config.connection.key, method: "*", path: WebhookRoute.path)
    }

    public func start() throws {
        let config = currentConfig
        remember(config)
        status(host, config).setSwitchLink(product.switchLink(assetID: config.assetID))
        scheduleStatusCheck(afterMs: Self.firstCheckDelayMs)
        host.log(.info, "\(product.pluginID) channel ready for \(product.assetKind) \(config.assetID); webhook at \(webhookURL(config))")
    }

    public func stop() {
        statusTimer.cancel()
    }

    public func reconfigure(configJSON: String) throws {
        let updated = try MetaInstanceConfig.load(configJSON: configJSON, product: product, host: host)
        try currentConfig.checkReplacement(updated, product: product)
        lock.withLock { config = updated }
        remember(updated)
        // New credentials deserve a new chance: the check below confirms or restores the state.
        status(host, updated).clearReconnect()
        scheduleStatusCheck(afterMs: Self.firstCheckDelayMs)
    }

    private var currentConfig: MetaInstanceConfig { lock.withLock { config } }

    public func handle(_ request: PluginHTTPRequest) -> PluginHTTPResponse {
        let config = currentConfig
        return WebhookRoute(host: host, product: product, connection: config.connection,
                            status: { [self] in status($0, config) }).handle(request)
    }

    public func deliver(_ message: OutboundMessage) -> DeliveryResult {
        let config = currentConfig
        return OutboundDelivery(host: host, product: product, config: config, status: status(host, config),
                                deliverTimeoutMs: info.deliverTimeoutMs).send(message)
    }

    /// Channel actions (ABI 1.3, the manifest's "actions"): `offer_quick_replies`, a question with
    /// tappable answers, sent like any reply (the Send API's quick replies) while the window is open.
    public static var performsActions: Bool { true }

    public func performAction(_ request: ActionRequest) throws -> DeliveryResult {
        guard request.action == QuickReplyAction.name else { throw PluginError.invalid(field: "action", message: "no action \(request.action)") }
        guard let window = request.replyWindow else { return .rejected(detail: "the 24-hour window is closed: the customer must write first") }
        let message = try QuickReplyAction.message(request, window: window)
        return deliver(message)
    }

    /// An agent typing: shown to the customer as Meta's typing indicator. Best effort, and only
    /// for a conversation whose customer this instance has seen.
    /// ABI 1.3 "contact.erased": the customer's cached name and conversation map go.
    public func conversationSignal(conversationID: String, type: String, dataJSON: String) {
        if let notice = ErasureNotice(type: type, dataJSON: dataJSON) { return forgetErased(notice) }
        guard type == "agent.typing", let customer = CustomerIndex(host: host).customer(ofConversation: conversationID) else { return }
        let config = currentConfig
        guard status(host, config).needsReconnect == nil else { return }
        _ = GraphClient(host: host, connection: config.connection)
            .send(assetID: config.assetID, MessageRequest.senderAction(to: customer, "typing_on"), timeoutMs: 2_000)
    }

    /// name/<user id> and namefail/<user id> for the erased identities of this product, conv/<id> for their conversations.
    private func forgetErased(_ notice: ErasureNotice) {
        do {
            for user in notice.values(ofKinds: [product.identityKind]) {
                try host.kvDelete("name/" + user)
                try host.kvDelete("namefail/" + user)
            }
            for conversation in notice.conversationIDs { try host.kvDelete("conv/" + conversation) }
        } catch {
            host.log(.error, "\(product.pluginID): forgetting an erased customer failed: \(error)")
        }
    }

    // MARK: - status

    public func timerFired(_ id: UInt64) {
        guard statusTimer.owns(id) else { return }
        let config = currentConfig
        let answer = GraphClient(host: host, connection: config.connection).fields(of: config.assetID, product.assetNameField, timeoutMs: 5_000)
        switch answer {
        case .success(let json): status(host, config).recordAssetCheck(name: json[product.assetNameField]?.stringValue, failure: nil)
        case .failure(let error): status(host, config).recordAssetCheck(name: nil, failure: error)
        }
        StatePruning(host: host).run(nowMs: Clock.nowMillis())
        scheduleStatusCheck(afterMs: Self.statusIntervalMs)
    }

    private func scheduleStatusCheck(afterMs delay: UInt64) {
        do { try statusTimer.schedule(afterMs: delay) } catch {
            host.log(.warn, "\(product.pluginID): could not schedule the status check: \(error)")
        }
    }

    private func remember(_ config: MetaInstanceConfig) {
        do { try OwnerContext.remember(config.connection, on: host) } catch {
            host.log(.warn, "\(product.pluginID): could not record the access token's credential for webhook handling: \(error)")
        }
    }

    private func webhookURL(_ config: MetaInstanceConfig) -> String {
        info.publicBaseURL + PluginHost.sharedRoutePrefix(pluginID: product.pluginID, connection: config.connection.key) + WebhookRoute.path
    }

    private func status(_ host: PluginHost, _ config: MetaInstanceConfig) -> MetaStatus {
        MetaStatus(host: host, product: product, webhookURL: webhookURL(config), verifyTokenHint: config.connection.verifyTokenHint)
    }
}
