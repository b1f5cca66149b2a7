import PluginKit

/// Push mode: POSTs each reply to the integrator's webhook, signed with HMAC-SHA256 over
/// "<timestamp>.<body>". The host's outbox retries "retry" outcomes with backoff, with the same
/// delivery id on every attempt.
struct WebhookDelivery {
    let host: PluginHost
    let webhook: APIConfig.Webhook
    /// The host's bound on deliver(); the webhook call must finish well inside it.
    let deliverTimeoutMs: UInt32

    static func providerMessageID(deliveryID: String) -> String { "whk-" + deliveryID }

    func send(_ message: OutboundMessage) -> DeliveryResult {
        let body = OutboundPayload.webhookBody(message, host: host).serialized
        let timestamp = (Clock.nowMillis() / 1000)
        let timeout = timeoutMs
        let request = HTTPRequestSpec(
            method: "POST", url: webhook.url,
            headers: [("Content-Type", "application/json"), ("User-Agent", "Switchboard-API-Channel/1.0"),
                      ("X-Switchboard-Delivery", message.idempotencyKey),
                      ("X-Switchboard-Timestamp", String(timestamp)),
                      ("X-Switchboard-Signature", WebhookSignature.header(secret: webhook.secret, timestamp: timestamp, body: body))],
            body: Array(body.utf8), timeoutMs: timeout, connectTimeoutMs: min(3000, timeout))
        let response: HTTPResult
        do {
            response = try host.http(request)
        } catch {
            return .retry(detail: "webhook request failed: \(error)")
        }
        let status = Int32(clamping: response.status)
        switch response.status {
        case 200...299:
            return .sent(providerMessageID: Self.providerMessageID(deliveryID: message.idempotencyKey), providerStatus: status)
        case 408, 429, 500...599:
            return .retry(detail: "webhook answered \(response.status)", providerStatus: status)
        default:
            return .rejected(detail: "webhook answered \(response.status): \(Self.excerpt(response.bodyText))",
                             providerStatus: status)
        }
    }

    /// The configured timeout, cut so the call ends inside the host's deliver() bound
    /// (keeping a quarter of it, at most 1 s, for the rest of the work).
    private var timeoutMs: UInt32 {
        guard deliverTimeoutMs > 0 else { return webhook.timeoutMs }
        let budget = deliverTimeoutMs - min(1000, deliverTimeoutMs / 4)
        return max(100, min(webhook.timeoutMs, budget))
    }

    private static func excerpt(_ text: String) -> String {
        let flat = String(text.unicodeScalars.map { $0.value < 0x20 ? " " : Character($0) })
        return flat.unicodeScalars.count <= 200 ? flat : String(String.UnicodeScalarView(flat.unicodeScalars.prefix(200))) + "…"
    }
}
