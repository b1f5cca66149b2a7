import SwitchboardDomain
import SwitchboardSupport
#if canImport(Glibc)
import Glibc
#endif

/// The running host: store, plugins, delivery, HTTP. `start` wires the parts together.
public final class SwitchboardHost: @unchecked Sendable {
    public let configuration: HostConfiguration
    public let store: Store
    public let registry: ChannelRegistry
    let delivery: DeliveryWorker
    let sideDelivery: SideDeliveryWorker
    let webhooks: WebhookDispatcher
    let conversations: ConversationQueue
    let stacks: StackRuntime
    let workflow: WorkflowScheduler
    /// This process's identity and leases among the hosts sharing the store.
    let leases: HostLeases
    let server: HTTPServer
    let streams: EventStreams
    let privacy: PrivacyWorker
    let notifications: NotificationWorker
    let triage: TriageWorker
    let voiceDispatch: VoiceDispatchWorker
    /// Catches up with plugin, channel and settings changes other hosts made.
    let configSync: ConfigSync
    /// On PostgreSQL: the host's LISTEN connection (subscribe to a channel of your own there) and
    /// the event feed's wake-ups between hosts. Nil on SQLite, where one host holds the store.
    public let postgresNotifications: PostgresNotifications?
    let feedWakeups: FeedWakeups?
    let log: Logger

    public var port: UInt16 { server.port }

    public static func start(_ configuration: HostConfiguration) throws -> SwitchboardHost {
        try SwitchboardHost(configuration)
    }

    private init(_ config: HostConfiguration) throws {
        configuration = config
        let log = Logger("host", minimum: config.logLevel)
        self.log = log
        try FileSystem.makeDirectories(config.dataDirectory, mode: 0o700)
        let store = try Store(location: config.storeLocation, durability: config.durability, maxReaders: config.storeReaders,
                              log: log.with(component: "store"))
        self.store = store
        if case .postgres(let conninfo) = config.storeLocation {
            let hub = PostgresNotifications(conninfo: conninfo, log: log.with(component: "pg-listen"))
            postgresNotifications = hub
            feedWakeups = FeedWakeups(store: store, notifications: hub, log: log.with(component: "feed"))
        } else {
            postgresNotifications = nil
            feedWakeups = nil
        }
        let metrics = Metrics()
        let conversations = ConversationQueue(threads: config.conversationThreads, staleAfterMs: config.staleTurnMs)
        self.conversations = conversations
        let leases = HostLeases(store: store, ttlMs: config.leaseTTLMs, log: log.with(component: "leases"))
        self.leases = leases
        let workflow = WorkflowScheduler(store: store, leases: leases, log: log.with(component: "workflow"))
        self.workflow = workflow

        // Late-bound: the registry and the delivery worker need each other through these closures.
        let wake = Locked<(@Sendable () -> Void)?>(nil)
        let stacks = StackRuntime(store: store, queue: conversations, log: log.with(component: "stacks"), metrics: metrics,
                                  networkGuard: config.networkGuard, leases: leases, outboxChanged: { wake.withLock { $0 }?() })
        self.stacks = stacks
        let running = Locked<(@Sendable (String) -> Bool)?>(nil)
        let timers = TimerService(mayFire: { leases.hold(HostLeases.instanceLease(of: $0.instanceID)) != nil },
                                  postponeMs: UInt64(config.leaseTTLMs / 3)) { context, id in
            _ = context.runtime?.call { descriptor, instance in descriptor.on_timer?(instance, id) }
        }
        let services = HostServices(
            store: store, log: log, metrics: metrics, timers: timers,
            onInbound: { result, _ in
                // New conversations get routed; woken or reopened ones may need a team again. Another
                // message to an open conversation changes neither routing nor anyone's capacity.
                if result.createdConversation || result.reopened { workflow.poke() }
                // The per-conversation pipeline: the Agent Stack's turn, on the conversation's lane. A
                // conversation people handle owes no turn: a lane job would only read it to find that out.
                if result.agentStack != nil { stacks.messageCommitted(conversationID: result.conversationID) }
            },
            onOutboxChange: { wake.withLock { $0 }?() },
            isInstanceRunning: { id in running.withLock { $0 }?(id) ?? false }, stacks: stacks,
            networkGuard: config.networkGuard)
        let publicURL = config.publicBaseURL ?? "http://\(config.http.bindAddress):\(config.http.port)"
        let registry = ChannelRegistry(services: services, loader: PluginLoader(cacheDirectory: config.pluginCacheDirectory),
                                       pluginsDirectory: config.pluginsDirectory, publicBaseURL: publicURL,
                                       deliverTimeoutMs: UInt32(config.deliverTimeoutMs), drainTimeoutMs: config.drainTimeoutMs)
        self.registry = registry
        configSync = ConfigSync(store: store, registry: registry, pollMs: config.configPollMs, log: log.with(component: "config-sync"),
                                onRoutingChange: { workflow.configurationChangedElsewhere() })
        services.registry = registry
        stacks.channels.withLock { $0 = registry }
        running.withLock { $0 = { [unowned registry] id in registry.isRunning(id) } }
        let delivery = DeliveryWorker(store: store, registry: registry, policy: config.retry, log: log.with(component: "delivery"),
                                      metrics: metrics, deliverTimeoutMs: config.deliverTimeoutMs, workers: config.deliveryWorkers,
                                      owner: leases.hostID, laneTTLMs: config.leaseTTLMs)
        self.delivery = delivery
        let sideDelivery = SideDeliveryWorker(store: store, registry: registry, policy: config.retry, log: log.with(component: "side-delivery"),
                                              metrics: metrics, deliverTimeoutMs: config.deliverTimeoutMs)
        self.sideDelivery = sideDelivery
        // Channels starting or switching also free waiting side messages.
        wake.withLock { $0 = { [unowned delivery, unowned sideDelivery] in delivery.wake(); sideDelivery.wake() } }
        let webhooks = WebhookDispatcher(store: store, leases: leases, policy: config.webhookRetry, timeoutMs: config.webhookTimeoutMs,
                                         senders: config.webhookSenders, log: log.with(component: "webhooks"), metrics: metrics,
                                         networkGuard: config.networkGuard)
        self.webhooks = webhooks

        let streams = EventStreams(store: store, options: config.streams, log: log.with(component: "stream"))
        self.streams = streams
        let signals = ConversationSignals(registry: registry)
        let files: any HostFiles = try config.sharedFilesDirectory.map { try SharedFiles(directory: $0, hostID: leases.hostID) }
            ?? LocalFiles(dataDirectory: config.dataDirectory)
        let privacy = PrivacyWorker(store: store, log: log.with(component: "privacy"), files: files, leases: leases,
                                    clockOffsetMs: config.clockOffsetMs, tellErased: { signals.tellErased($1, instanceID: $0) })
        self.privacy = privacy
        let mailOptions = NotificationWorker.MailOptions(policy: config.mailRetry, batchMs: Int64(config.mailBatchMs), clockOffsetMs: config.clockOffsetMs,
                                                         baseURL: { [unowned registry] in registry.publicBaseURL },
                                                         channelOperation: { [unowned registry] instanceID, pluginID, name, args in
                                                             try registry.runAdminOperation(pluginID: pluginID, name: name, instanceID: instanceID,
                                                                                            args: args, actor: "notifications")
                                                         })
        let notifications = NotificationWorker(store: store, policy: config.pushRetry, subject: config.vapidSubject, timeoutMs: config.pushTimeoutMs,
                                               mail: mailOptions, log: log.with(component: "notifications"), metrics: metrics)
        self.notifications = notifications
        triage = TriageWorker(store: store, leases: leases, policy: config.triageRetry, log: log.with(component: "triage"), metrics: metrics)
        // An agent's capacity may have changed (availability, capacity, skills, channels, a new team,
        // deactivation): waiting conversations may be assignable now.
        let voiceDispatch = VoiceDispatchWorker(dispatcher: VoiceQueueDispatcher(store: store, dialer: PluginAgentDialer(store: store, registry: registry),
                                                                                 log: log.with(component: "voice-dispatch")),
                                                log: log.with(component: "voice-dispatch"))
        self.voiceDispatch = voiceDispatch
        services.onVoiceQueueChange.withLock { $0 = { voiceDispatch.poke() } }
        let onCapacityChange: @Sendable (_ agentID: String) -> Void = { _ in workflow.configurationChanged(); voiceDispatch.poke() }
        // Behind https, the session cookie is marked Secure so it never travels in clear text.
        let secureCookie = (config.publicBaseURL ?? "").lowercased().hasPrefix("https://")
        let router = Router(routes: Self.routes(store: store, registry: registry, metrics: metrics, streams: streams,
                                                wake: { delivery.wake() }, workflow: workflow, stacks: stacks,
                                                onCapacityChange: onCapacityChange, secureCookie: secureCookie,
                                                onSideMessageQueued: { sideDelivery.wake() }, onExportRequested: { privacy.poke() },
                                                onRetentionChange: { privacy.runRetentionSoon() }, networkGuard: config.networkGuard,
                                                hostID: leases.hostID, files: files),
                            store: store, sessionPolicy: .standard, log: log.with(component: "audit"))
        let hooks = PluginDispatch(registry: registry)
        let webApp = WebApp(folder: config.webFolder)
        let downloads = FileDownloads(store: store)
        server = try HTTPServer(options: config.http, runsInline: { hooks.runsInline(method: $0, path: $1) }) { request in
            let response: HTTPResponse
            if request.path.hasPrefix("/hooks/") {
                response = hooks.handle(request)
            } else if request.path.hasPrefix("/api/v1/") || request.path == "/api/v1" {
                response = router.handle(request)
            } else if FileDownloads.serves(request.path) {
                response = downloads.handle(request)
            } else if WebApp.serves(request.path) {
                response = webApp.handle(request)
            } else {
                response = .error(404, "not_found", "no endpoint \(request.path)")
            }
            let count: @Sendable (HTTPResponse) -> Void = {
                metrics.increment("switchboard_http_requests_total", labels: [("code", "\($0.status / 100)xx")])
            }
            if let later = response.later { later.whenAnswered(count) } else { count(response) }
            return response
        }
        // The server is up first, so instances start knowing the port it really bound. Until bootstrap
        // finishes, hooks for instances not yet started answer 404 and providers retry.
        if config.publicBaseURL == nil { registry.setPublicBaseURL("http://\(config.http.bindAddress):\(server.port)") }
        // Public URLs are needed outside requests (webhook registration, signed links, mail), so
        // forwarded headers cannot supply them: behind a proxy only --public-url is right.
        if config.publicBaseURL == nil && !config.http.trustedProxies.isEmpty {
            log.warn("--trusted-proxies is set without --public-url: webhook URLs and links use \(registry.publicBaseURL), not the proxy's address")
        }
        try Self.ensureAdminKey(store: store, path: config.adminKeyPath, log: log)
        registry.bootstrap()
        configSync.start()
        leases.start()
        feedWakeups?.start()
        delivery.start()
        sideDelivery.start()
        workflow.start()
        webhooks.start()
        privacy.start()
        notifications.start()
        triage.start()
        voiceDispatch.start()
        stacks.resumePending()
        stacks.startOrphanedTurnSweep()
        log.info("host \(leases.hostID) listening on http://\(config.http.bindAddress):\(server.port) (data: \(config.dataDirectory), plugins: \(config.pluginsDirectory))")
    }

    /// Every REST endpoint (the OpenAPI test checks the document against this table).
    static func routes(store: Store, registry: ChannelRegistry, metrics: Metrics, streams: EventStreams,
                       wake: @escaping @Sendable () -> Void, workflow: WorkflowScheduler, stacks: StackRuntime? = nil,
                       onCapacityChange: @escaping @Sendable (_ agentID: String) -> Void = { _ in },
                       sessionPolicy: SessionPolicy = .standard, secureCookie: Bool = false,
                       onSideMessageQueued: @escaping @Sendable () -> Void = {},
                       onExportRequested: @escaping @Sendable () -> Void = {},
                       onRetentionChange: @escaping @Sendable () -> Void = {},
                       networkGuard: NetworkGuard = NetworkGuard(), hostID: String = Identifier.make("host"),
                       files: any HostFiles = LocalFiles(dataDirectory: HostConfiguration().dataDirectory)) -> [Route] {
        ConversationEndpoints(store: store, registry: registry, onReplyQueued: wake).routes
            + DraftEndpoints(store: store, onReplyQueued: wake).routes
            + ConversationActionEndpoints(store: store, onChange: { workflow.poke() }, signals: ConversationSignals(registry: registry)).routes
            + RoutingRuleEndpoints(store: store, onChange: { workflow.configurationChanged() }).routes
            + SLAEndpoints(store: store).routes
            + TriageEndpoints(store: store).routes
            + ContactEndpoints(store: store).routes
            + SnippetEndpoints(store: store).routes
            + PeopleEndpoints(store: store, sessionPolicy: sessionPolicy, onCapacityChange: onCapacityChange).routes
            + TeamEndpoints(store: store, onCapacityChange: onCapacityChange).routes
            + SessionEndpoints(store: store, policy: sessionPolicy, secureCookie: secureCookie, guardian: SignInGuard(store: store)).routes
            + TwoFactorEndpoints(store: store).routes
            + AuditEndpoints(store: store).routes
            + DataRequestEndpoints(store: store, onExportRequested: onExportRequested, files: files).routes
            + RetentionEndpoints(store: store, onPolicyChange: onRetentionChange).routes
            + AdminEndpoints(store: store, registry: registry, onOutboxChange: wake).routes
            + AdminOperationEndpoints(store: store, registry: registry).routes
            + SystemEndpoints(store: store, registry: registry, metrics: metrics, streams: streams, startedAt: Clock.nowMillis(), hostID: hostID).routes
            + EventStreamEndpoints(store: store, streams: streams).routes
            + WebhookEndpoints(store: store, networkGuard: networkGuard).routes
            + RotationEndpoints(store: store, people: PeopleEndpoints(store: store, sessionPolicy: sessionPolicy, onCapacityChange: onCapacityChange),
                                webhooks: WebhookEndpoints(store: store, networkGuard: networkGuard)).routes
            + KnowledgeEndpoints(store: store).routes + ProcedureEndpoints(store: store).routes
            + StackEndpoints(store: store, sidekick: stacks?.sidekick ?? Sidekick(store: store, catalog: StackCatalog(store: store), tools: StackToolRunner(store: store, channels: Locked(nil)))).routes
            + SideConversationEndpoints(store: store, registry: registry, onQueued: onSideMessageQueued).routes
            + SideDirectoryEndpoint(registry: registry).routes
            + ChannelTemplatesEndpoint(registry: registry).routes
            + MediaRefetchEndpoint(store: store, registry: registry).routes
            + InboxEndpoints(store: store, registry: registry).routes
            + VoiceFlowEndpoints(store: store, channelKind: { registry.pluginStatus($0)?.manifest?.channelKind }).routes
            + VoiceScheduleEndpoints(store: store).routes
            + VoiceQueueEndpoints(store: store).routes
            + VoiceTakeNextEndpoint(store: store, dispatcher: VoiceQueueDispatcher(store: store, dialer: PluginAgentDialer(store: store, registry: registry),
                                                                                   log: Logger("voice-take"))).routes
            + VoiceBuilderEndpoints(store: store).routes
            + NotificationEndpoints(store: store).routes + ReadStateEndpoints(store: store).routes
    }

    /// The first start creates an admin API key and writes it, readable by the owner only.
    static func ensureAdminKey(store: Store, path: String, log: Logger) throws {
        guard try store.apiKeyCount() == 0 else { return }
        let (_, secret) = try store.createAPIKey(name: "admin (first start)", role: .admin)
        try FileSystem.writeAtomically(Array((secret + "\n").utf8), to: path, mode: 0o600)
        log.info("created the first admin API key in \(path)")
    }

    /// Stop accepting, drain instances, stop workers.
    public func shutdown() {
        // End open event streams and plugins' push streams first, so each client gets the end of
        // its body (then reconnects elsewhere and resumes); server.stop() then stops the stream loop.
        streams.stop()
        registry.services.streams.closeEverything()
        server.stop()
        delivery.stop()
        sideDelivery.stop()
        workflow.stop()
        webhooks.stop()
        privacy.stop()
        notifications.stop()
        triage.stop()
        voiceDispatch.stop()
        configSync.stop()
        stacks.stopOrphanedTurnSweep()
        feedWakeups?.stop()
        postgresNotifications?.stop()
        leases.stop()
        registry.stopAll()
        conversations.stop()
        store.close()
    }
}
