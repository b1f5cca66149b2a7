import PluginKit

/// What the operator sees of an instance (`plugin_status`). The parts that change are kept in
/// the instance's own key-value state, so whichever sibling handles a webhook post can update an
/// owner's status and republish it whole (the host keeps only the last published object).
///
///     status/last_webhook_at   Unix ms of the last signed POST with events for the asset
///     status/unrouted          events for assets no running instance claimed (handler's count)
///     status/needs_reconnect   the reason, while the token is refused
///     status/asset_name        the Page name or Instagram username Graph gave
///     status/token_ok          "1" or "0" after the last check
///     status/details           a product's own facts (a JSON object)
public struct MetaStatus {
    let host: PluginHost
    let product: MetaProduct
    /// Public base URL + the shared route's prefix + "/webhook": what to paste into Meta's dashboard.
    let webhookURL: String
    let verifyTokenHint: String

    public init(host: PluginHost, product: MetaProduct, webhookURL: String, verifyTokenHint: String) {
        self.host = host
        self.product = product
        self.webhookURL = webhookURL
        self.verifyTokenHint = verifyTokenHint
    }

    static let lastWebhookKey = "status/last_webhook_at"
    static let unroutedKey = "status/unrouted"
    static let reconnectKey = "status/needs_reconnect"
    static let assetNameKey = "status/asset_name"
    static let tokenKey = "status/token_ok"
    static let switchLinkKey = "status/switch_link"
    static let detailsKey = "status/details"

    /// Product-specific facts (WhatsApp: quality rating, messaging limit, template counts),
    /// merged over what was recorded before and published beside the common keys.
    func recordDetails(_ details: JSONObject) {
        update {
            var merged = host.storedString(Self.detailsKey).flatMap { try? JSON.parse($0) }?.objectValue ?? [:]
            for (key, value) in details { merged[key] = value }
            try host.kvSet(Self.detailsKey, JSON.object(merged).serialized)
        }
    }

    /// The link a web chat hands a visitor to continue here (ABI 1.3 switch tickets), or none.
    func setSwitchLink(_ link: String?) {
        update {
            if let link { try host.kvSet(Self.switchLinkKey, link) } else { try host.kvDelete(Self.switchLinkKey) }
        }
    }

    /// A webhook arrived for this instance. Rewritten (and republished) at most once a minute:
    /// a busy Page must not cost a status publish per post.
    func recordWebhook(atMs now: Int64) {
        let last = host.storedInt(Self.lastWebhookKey) ?? 0
        guard now - last >= 60_000 else { return }
        update { try host.kvSet(Self.lastWebhookKey, String(now)) }
    }

    func recordUnrouted(_ count: Int) {
        guard count > 0 else { return }
        update {
            let previous = host.storedInt(Self.unroutedKey) ?? 0
            try host.kvSet(Self.unroutedKey, String(previous + Int64(count)))
        }
    }

    /// The reason deliveries are refused without calling Meta, nil while the token works.
    var needsReconnect: String? { host.storedString(Self.reconnectKey) }

    func setNeedsReconnect(_ reason: String) {
        guard needsReconnect != reason else { return }
        host.log(.warn, "\(product.pluginID): the channel needs reconnecting: \(reason)")
        update {
            try host.kvSet(Self.reconnectKey, reason)
            try host.kvSet(Self.tokenKey, "0")
        }
    }

    /// The outcome of asking Graph for the asset's own name: the token's health check.
    func recordAssetCheck(name: String?, failure: GraphError?) {
        update {
            if let name { try host.kvSet(Self.assetNameKey, name) }
            switch failure?.meaning {
            case nil:
                try host.kvSet(Self.tokenKey, "1")
                try host.kvDelete(Self.reconnectKey)
            case .needsReconnect(let reason)?:
                try host.kvSet(Self.tokenKey, "0")
                try host.kvSet(Self.reconnectKey, reason)
            case .rejected?:
                try host.kvSet(Self.tokenKey, "0")
            case .retry?:
                break // Meta or the network is down: says nothing about the token
            }
        }
    }

    /// Forget a reconnect state (the operator changed the configuration).
    func clearReconnect() { update { try host.kvDelete(Self.reconnectKey) } }

    /// Republishes from the stored parts.
    func publish() {
        do {
            try host.publishStatus(.object(compose()))
        } catch {
            host.log(.warn, "\(product.pluginID): could not publish the status: \(error)")
        }
    }

    func compose() -> JSONObject {
        var status: JSONObject = ["webhook_url": .string(webhookURL), "verify_token_hint": .string(verifyTokenHint)]
        status[product.statusNameKey] = .from(host.storedString(Self.assetNameKey))
        status["token_ok"] = host.storedString(Self.tokenKey).map { .bool($0 == "1") } ?? .null
        status["last_verified_webhook_at"] = .from(host.storedInt(Self.lastWebhookKey).map(Clock.iso8601))
        let reason = needsReconnect
        status["needs_reconnect"] = .bool(reason != nil)
        status["reason"] = .from(reason)
        status["unrouted_events"] = .from(host.storedInt(Self.unroutedKey) ?? 0)
        if let link = host.storedString(Self.switchLinkKey) { status["switch_link"] = .string(link) }
        if let details = host.storedString(Self.detailsKey).flatMap({ try? JSON.parse($0) })?.objectValue {
            for (key, value) in details where status[key] == nil { status[key] = value }
        }
        return status
    }

    private func update(_ change: () throws -> Void) {
        do {
            try change()
        } catch {
            host.log(.warn, "\(product.pluginID): could not keep the status: \(error)")
        }
        publish()
    }
}
