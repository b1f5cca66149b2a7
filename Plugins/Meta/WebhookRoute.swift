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
        return WebhookIntake<WebhookBatch>(host: host, product: product, connection: connection, status: status(host))
            .handle(request, apply: apply)
    }

    /// Each entry as the instance that claimed its asset.
    private func apply(_ batch: WebhookBatch, receivedAtMs now: Int64) -> WebhookIntake<WebhookBatch>.Outcome {
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
        return .init(unrouted: unrouted, failures: failures)
    }
}
