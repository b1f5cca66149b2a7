import PluginKit

/// The app's one webhook URL, shared by every instance on the same Meta app (the host hands each
/// request to one of them). GET is Meta's subscription handshake; a POST carries events for any
/// of the app's Pages or accounts, each applied to the instance that claimed that asset.
struct WebhookRoute {
    /// The instance that received the request.
    let host: PluginHost
    let product: MetaProduct
    let connection: MetaConnection
    /// The status helper of an instance, given its services (same URL and hint for all siblings).
    let status: (PluginHost) -> MetaStatus

    static let path = "/webhook"

    func handle(_ request: PluginHTTPRequest) -> PluginHTTPResponse {
        guard request.path == Self.path else { return .text(404, "no such endpoint") }
        switch request.method {
        case "GET": return WebhookVerification.handshake(query: request.query, verifyToken: connection.verifyToken)
        case "POST": return receive(request)
        default: return PluginHTTPResponse.text(405, "GET or POST").adding(header: "Allow", "GET, POST")
        }
    }

    /// 200 once every event is applied (or knowingly skipped); 500 when a message could not be
    /// stored, so Meta resends the whole batch.
    private func receive(_ request: PluginHTTPRequest) -> PluginHTTPResponse {
        if let refusal = WebhookVerification.rejectUnsigned(request, appSecret: connection.appSecret) { return refusal }
        let batch: WebhookBatch
        do {
            batch = try WebhookBatch.parse(request.body)
        } catch {
            host.log(.warn, "\(product.pluginID): refused a webhook post: \(error)")
            return .json(error.status, ["error": .string(error == .tooLarge ? "body too large" : "malformed webhook body")])
        }
        let now = Clock.nowMillis()
        status(host).recordWebhook(atMs: now)
        for problem in batch.problems { host.log(.warn, "\(product.pluginID): skipped a webhook item: \(problem)") }
        guard batch.object == product.webhookObject else {
            host.log(.info, "\(product.pluginID): ignored a webhook for object \"\(batch.object)\"")
            return .text(200, "EVENT_RECEIVED")
        }
        var unrouted = 0
        var failures: [String] = []
        for entry in batch.entries where !entry.events.isEmpty {
            let owner: PluginHost?
            do {
                owner = try host.owner(ofAsset: product.assetKind, id: entry.assetID)
            } catch PluginError.denied(let why) {
                host.log(.warn, "\(product.pluginID): \(product.assetKind) \(entry.assetID) belongs to another plugin: \(why)")
                unrouted += entry.events.count
                continue
            } catch {
                failures.append("owner of \(entry.assetID): \(error)")
                continue
            }
            guard let owner else {
                host.log(.info, "\(product.pluginID): \(entry.events.count) event(s) for \(product.assetKind) \(entry.assetID), "
                    + "which no running instance serves")
                unrouted += entry.events.count
                continue
            }
            let events = InboundEvents(owner: owner, product: product, connection: connection)
            for event in entry.events {
                do { try events.apply(event) } catch { failures.append("\(entry.assetID) at \(event.timestampMs): \(error)") }
            }
            status(owner).recordWebhook(atMs: now)
        }
        status(host).recordUnrouted(unrouted)
        guard failures.isEmpty else {
            for failure in failures { host.log(.error, "\(product.pluginID): could not store a webhook event: \(failure)") }
            return .json(500, ["error": "could not store every event; resend the batch"])
        }
        return .text(200, "EVENT_RECEIVED")
    }
}
