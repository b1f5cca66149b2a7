import PluginKit

/// Side conversations over Slack: an agent's side conversation goes to a person (DM), a group
/// (group DM) or a channel of one Slack workspace as a thread, and the Slack people's replies
/// in that thread come back through the Events API into the side conversation — never into the
/// customer's thread. The plugin carries no customer traffic at all. See README.md.
final class SlackPlugin: ChannelPlugin, @unchecked Sendable {
    static let id = "slack"
    static let version = "1.0.0"
    static let capabilities = PluginCapabilities(content: [.text], format: .plain, maxTextLength: 39_000)
    static let carriesSideConversations = true
    /// The workspace claim is an ABI 1.3 service.
    static let minHostMinor: UInt32 = 3

    /// What an instance claims: one workspace is served by one instance.
    static let assetKind = "slack_team"

    private let host: PluginHost
    private let info: InstanceInfo
    private let threads: SlackThreads
    private let events: EventLog
    private let statusTimer: TimerSlot
    /// When an agent last asked for a fresh directory (guarded by `lock`).
    private var lastRefreshRequestMs: Int64 = 0
    // `config` and `workspace` are replaced by reconfigure() and the status check while data
    // calls read them: guarded by `lock`.
    private let lock = PluginLock()
    private var config: SlackConfig
    private var workspace: Workspace

    /// The first check waits this long (the host drops timers that fire before start() has
    /// returned); later ones follow every `statusIntervalMs`.
    static let firstCheckDelayMs: UInt64 = 1_000
    static let statusIntervalMs: UInt64 = 600_000

    init(host: PluginHost, info: InstanceInfo) throws {
        self.host = host
        self.info = info
        config = try SlackConfig.load(configJSON: info.configJSON, host: host)
        workspace = try Workspace.identify(api: SlackAPI(host: host, config: config), host: host)
        threads = SlackThreads(host: host)
        events = EventLog(host: host)
        statusTimer = TimerSlot(host: host)
        try host.claimAsset(kind: Self.assetKind, id: workspace.teamID, configField: "bot_token_credential")
        try host.addRoute(method: "*", path: EventsRoute.path)
    }

    func start() throws {
        let (_, workspace) = current
        status.publish(workspace: workspace, failure: nil, checkedAtMs: Clock.nowMillis(), directory: directory.stored())
        scheduleStatusCheck(afterMs: Self.firstCheckDelayMs)
        host.log(.info, "slack: side conversations in workspace \(workspace.teamName) (\(workspace.teamID)) as @\(workspace.botUserName); "
                 + "Events API request URL \(requestURL)")
    }

    func stop() { statusTimer.cancel() }

    /// A new token must belong to the same workspace: the claim is the instance's identity.
    func reconfigure(configJSON: String) throws {
        let updated = try SlackConfig.load(configJSON: configJSON, host: host)
        let identified = try Workspace.identify(api: SlackAPI(host: host, config: updated), host: host)
        let (_, previous) = current
        guard identified.teamID == previous.teamID else {
            throw PluginError.invalid(field: "bot_token_credential", message: "the token belongs to workspace \(identified.teamID), "
                                      + "this channel serves \(previous.teamID): add another Slack channel for it")
        }
        lock.withLock {
            config = updated
            workspace = identified
        }
        status.publish(workspace: identified, failure: nil, checkedAtMs: Clock.nowMillis(), directory: directory.stored())
        scheduleStatusCheck(afterMs: Self.firstCheckDelayMs)
    }

    private var current: (SlackConfig, Workspace) { lock.withLock { (config, workspace) } }

    private var requestURL: String { info.publicBaseURL + info.routePrefix + EventsRoute.path }

    private var status: SlackStatus { SlackStatus(host: host, requestURL: requestURL) }

    private var directory: SlackDirectory { SlackDirectory(host: host, api: SlackAPI(host: host, config: current.0)) }

    func handle(_ request: PluginHTTPRequest) -> PluginHTTPResponse {
        guard request.path == EventsRoute.path else { return .text(404, "no such endpoint") }
        let (config, workspace) = current
        let api = SlackAPI(host: host, config: config)
        return EventsRoute(host: host, config: config, reply: ThreadReply(host: host, api: api, workspace: workspace, threads: threads),
                           log: events).handle(request)
    }

    /// Nothing customer-facing goes through Slack: a reply routed here (a conversation moved to
    /// this channel) is refused, never posted to a workspace.
    func deliver(_ message: OutboundMessage) -> DeliveryResult {
        .rejected(detail: "the Slack channel carries side conversations only, never replies to customers")
    }

    func deliverSide(_ message: SideMessage) -> DeliveryResult {
        let (config, workspace) = current
        return SideDelivery(host: host, api: SlackAPI(host: host, config: config), workspace: workspace, threads: threads,
                            publicBaseURL: info.publicBaseURL, timeoutMs: info.deliverTimeoutMs == 0 ? 10_000 : info.deliverTimeoutMs * 8 / 10,
                            onReconnect: { [self] error in
                                status.publish(workspace: workspace, failure: error, checkedAtMs: Clock.nowMillis(), directory: directory.stored())
                            })
            .send(message)
    }

    /// An agent asked for a fresh directory (ABI 1.3 "side_directory.refresh"): the status check
    /// runs at once, off this call — at most once per `refreshSpacingMs`, so a row of clicks costs
    /// Slack one directory read.
    /// ABI 1.3 "contact.erased": the Slack threads of the customer's side conversations are forgotten.
    func conversationSignal(conversationID: String, type: String, dataJSON: String) {
        if let notice = ErasureNotice(type: type, dataJSON: dataJSON) {
            do { try SlackThreads(host: host).forget(sides: notice.sideConversationIDs) } catch {
                host.log(.error, "slack: forgetting the threads of erased side conversations failed: \(error)")
            }
            return
        }
        guard type == "side_directory.refresh" else { return }
        let now = Clock.nowMillis()
        let due = lock.withLock { () -> Bool in
            guard now - lastRefreshRequestMs >= Self.refreshSpacingMs else { return false }
            lastRefreshRequestMs = now
            return true
        }
        if due { scheduleStatusCheck(afterMs: 0) }
    }

    static let refreshSpacingMs: Int64 = 30_000

    // MARK: - status

    /// The status check: who the token is, then the directory. A rate-limited directory read
    /// comes back after Slack's Retry-After instead of the usual interval.
    func timerFired(_ id: UInt64) {
        guard statusTimer.owns(id) else { return }
        let (config, previous) = current
        let now = Clock.nowMillis()
        var failure: SlackAPIError?
        var next = Self.statusIntervalMs
        switch SlackAPI(host: host, config: config).call("auth.test", timeoutMs: 5_000) {
        case .success(let json):
            if let checked = Workspace(authTest: json), checked.teamID == previous.teamID {
                lock.withLock { workspace = checked }
                try? host.kvSet(Workspace.storageKey, checked.json.serialized)
            } else {
                failure = .slack("token_moved_workspace", retryAfterMs: nil)
            }
        case .failure(let error):
            failure = error
        }
        if failure == nil {
            switch directory.refresh(nowMs: now) {
            case .refreshed: break
            case .rateLimited(let afterMs): next = UInt64(max(afterMs, 1_000))
            case .failed(let error): host.log(.warn, "slack: could not read the directory: \(error)")
            }
        }
        status.publish(workspace: current.1, failure: failure, checkedAtMs: now, directory: directory.stored())
        events.prune(nowMs: now)
        scheduleStatusCheck(afterMs: next)
    }

    private func scheduleStatusCheck(afterMs delay: UInt64) {
        do {
            try statusTimer.schedule(afterMs: delay)
        } catch {
            host.log(.warn, "slack: could not schedule the status check: \(error)")
        }
    }
}
