import SwitchboardDomain
import SwitchboardSupport

/// The HTTP request for one webhook attempt: the event as the REST API shows it, wrapped with the
/// delivery id, signed like the API channel's webhooks (`WebhookSignature`, over "<timestamp>.<body>").
enum WebhookRequest {
    static func body(_ job: WebhookJob) -> String {
        JSON.object(["id": .string(job.deliveryID), "event": Present.event(job.event.event)]).serialized
    }

    /// `timestamp` is Unix seconds; each attempt is signed afresh, so retries carry a new one.
    static func make(_ job: WebhookJob, timestamp: Int64, timeoutMs: Int, networkGuard: NetworkGuard = NetworkGuard()) -> HTTPClientRequest {
        let body = body(job)
        return HTTPClientRequest(
            method: "POST", url: job.url,
            headers: [("Content-Type", "application/json"), ("User-Agent", "Switchboard-Webhooks/1.0"),
                      ("X-Switchboard-Delivery", job.deliveryID),
                      ("X-Switchboard-Event", job.event.event.type),
                      ("X-Switchboard-Timestamp", String(timestamp)),
                      ("X-Switchboard-Signature", WebhookSignature.header(secrets: [job.secret] + (job.previousSecret.map { [$0] } ?? []),
                                                                           timestamp: timestamp, body: body))],
            body: Array(body.utf8), timeoutMs: timeoutMs, connectTimeoutMs: min(3_000, timeoutMs), addressGuard: networkGuard)
    }

    /// The start of a receiver's answer, on one line, for the attempt log.
    static func excerpt(_ text: String, limit: Int = 200) -> String {
        let flat = String(String.UnicodeScalarView(text.unicodeScalars.prefix(limit + 1).map { $0.value < 0x20 ? " " : $0 }))
        return flat.unicodeScalars.count <= limit ? flat : String(String.UnicodeScalarView(flat.unicodeScalars.prefix(limit))) + "…"
    }
}
