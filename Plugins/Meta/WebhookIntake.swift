import PluginKit

/// A webhook body of one Meta product (`WebhookBatch` for Messenger and Instagram,
/// `WhatsAppBatch`), as `WebhookIntake` reads it.
protocol MetaWebhookBody {
    /// "page", "instagram", "whatsapp_business_account".
    var object: String { get }
    /// One line per item that could not be read, for the log.
    var problems: [String] { get }
    static func parse(_ body: [UInt8]) throws(WebhookBatch.Failure) -> Self
}

extension WebhookBatch: MetaWebhookBody {}

/// What every Meta webhook URL does around the product's own handling: the GET handshake; for a
/// POST the signature (401), the size (413) and the parse (400), the status's last-webhook time,
/// the object check (another product's post is answered 200 and logged), and the answer — 200 once
/// everything is applied, 500 when something could not be stored, so Meta resends the batch.
struct WebhookIntake<Body: MetaWebhookBody> {
    /// The instance that received the request.
    let host: PluginHost
    let product: MetaProduct
    let connection: MetaConnection
    let status: MetaStatus

    /// What applying a batch left: events for assets nobody serves, and failures to store.
    struct Outcome {
        var unrouted = 0
        var failures: [String] = []
    }

    func handle(_ request: PluginHTTPRequest, apply: (Body, Int64) -> Outcome) -> PluginHTTPResponse {
        switch request.method {
        case "GET": return WebhookVerification.handshake(query: request.query, verifyToken: connection.verifyToken)
        case "POST": return receive(request, apply: apply)
        default: return PluginHTTPResponse.text(405, "GET or POST").adding(header: "Allow", "GET, POST")
        }
    }

    private func receive(_ request: PluginHTTPRequest, apply: (Body, Int64) -> Outcome) -> PluginHTTPResponse {
        if let refusal = WebhookVerification.rejectUnsigned(request, appSecret: connection.appSecret) { return refusal }
        let batch: Body
        do {
            batch = try Body.parse(request.body)
        } catch {
            host.log(.warn, "\(product.pluginID): refused a webhook post: \(error)")
            return .json(error.status, ["error": .string(error == .tooLarge ? "body too large" : "malformed webhook body")])
        }
        let now = Clock.nowMillis()
        status.recordWebhook(atMs: now)
        for problem in batch.problems { host.log(.warn, "\(product.pluginID): skipped a webhook item: \(problem)") }
        guard batch.object == product.webhookObject else {
            host.log(.info, "\(product.pluginID): ignored a webhook for object \"\(batch.object)\"")
            return .text(200, "EVENT_RECEIVED")
        }
        let outcome = apply(batch, now)
        status.recordUnrouted(outcome.unrouted)
        guard outcome.failures.isEmpty else {
            for failure in outcome.failures { host.log(.error, "\(product.pluginID): could not store a webhook event: \(failure)") }
            return .json(500, ["error": "could not store every event; resend the batch"])
        }
        return .text(200, "EVENT_RECEIVED")
    }
}
