import PluginKit

/// The API channel: integrators push customer messages in over REST and take replies out,
/// either by polling (pull mode) or through signed webhooks (push mode). See README.md.
final class APIChannelPlugin: ChannelPlugin, @unchecked Sendable {
    static let id = "api"
    static let version = "1.0.0"
    static let capabilities = PluginCapabilities(content: [.text, .images, .files, .rich], format: .markdown)

    /// The identity kind this channel addresses customers by: the integrator's external id.
    static let identityKind = "api"

    private let host: PluginHost
    private let info: InstanceInfo
    private let queue: PullQueue
    private let receipts: ReceiptIndex
    // `config` is replaced by reconfigure() while other threads may read it: guarded by `lock`.
    private let lock = PluginLock()
    private var config: APIConfig

    init(host: PluginHost, info: InstanceInfo) throws {
        self.host = host
        self.info = info
        config = try APIConfig.load(configJSON: info.configJSON, host: host)
        queue = PullQueue(host: host)
        receipts = ReceiptIndex(host: host)
        // Pushing a message in only checks the key, parses and hands off (ingestAsync): it may run
        // on the host's event loop. Pulling may wait for news, so it takes a worker.
        try host.addRoute(method: "POST", path: "/messages", nonblocking: true)
        try host.addRoute(method: "GET", path: "/messages")
        try host.addRoute(method: "POST", path: "/receipts")
    }

    func start() throws {
        queue.open()
        host.log(.info, "API channel ready in \(currentConfig.webhook == nil ? "pull" : "push") mode")
    }

    func stop() { queue.shutDown() }

    func reconfigure(configJSON: String) throws {
        let updated = try APIConfig.load(configJSON: configJSON, host: host)
        lock.withLock { config = updated }
    }

    private var currentConfig: APIConfig { lock.withLock { config } }

    func handle(_ request: PluginHTTPRequest) -> PluginHTTPResponse {
        do {
            switch (request.method, request.path) {
            case ("POST", "/messages"):
                try BearerAuth.check(request, apiKeyDigest: currentConfig.apiKeyDigest)
                return try InboundRoute(host: host).handle(request)
            case ("GET", "/messages"):
                try BearerAuth.check(request, apiKeyDigest: currentConfig.apiKeyDigest)
                return try PullRoute(queue: queue).handle(request)
            case ("POST", "/receipts"):
                try BearerAuth.check(request, apiKeyDigest: currentConfig.apiKeyDigest)
                return try ReceiptsRoute(host: host, queue: queue, receipts: receipts).handle(request)
            default:
                return APIFailure.notFound("no such endpoint").response
            }
        } catch let failure as APIFailure {
            return failure.response
        } catch {
            host.log(.error, "\(request.method) \(request.path) failed: \(error)")
            return APIFailure.unavailable.response
        }
    }

    func deliver(_ message: OutboundMessage) -> DeliveryResult {
        guard message.identityKind == Self.identityKind else {
            return .rejected(detail: "the API channel only reaches identity kind \"api\", not \"\(message.identityKind)\"")
        }
        if let webhook = currentConfig.webhook {
            let result = WebhookDelivery(host: host, webhook: webhook, deliverTimeoutMs: info.deliverTimeoutMs).send(message)
            if case .sent(let providerID, _, _) = result { remember(message, providerID, alsoForget: []) }
            return result
        }
        do {
            let (cursor, isNew) = try queue.enqueue(deliveryID: message.idempotencyKey) { cursor in
                OutboundPayload.pullEntry(message, cursor: cursor, createdAtMs: Clock.nowMillis(), host: host)
            }
            let providerID = "pull-\(cursor)"
            if isNew { remember(message, providerID, alsoForget: [PullQueue.idempotencyKey(message.idempotencyKey)]) }
            return .sent(providerMessageID: providerID)
        } catch is PullQueue.QueueFull {
            return .retry(detail: "the pull queue holds \(PullQueue.maxDepth) unacknowledged messages; poll GET /messages")
        } catch {
            return .retry(detail: "could not queue the message: \(error)")
        }
    }

    /// ABI 1.3 "contact.erased": queued replies to the customer's conversations go.
    func conversationSignal(conversationID: String, type: String, dataJSON: String) {
        guard let notice = ErasureNotice(type: type, dataJSON: dataJSON) else { return }
        do { try queue.forget(conversations: notice.conversationIDs) } catch {
            host.log(.error, "forgetting an erased customer's queued replies failed: \(error)")
        }
    }

    /// Keeps the provider id for receipts that name the host's message id.
    private func remember(_ message: OutboundMessage, _ providerID: String, alsoForget keys: [String]) {
        do {
            try receipts.remember(messageID: message.messageID, providerMessageID: providerID, alsoForget: keys)
        } catch {
            host.log(.warn, "receipts by message_id will not find message \(message.messageID): \(error)")
        }
    }
}
