import SwitchboardDomain
import SwitchboardSupport

/// The HTTP request that hands one notification to a browser's push service (RFC 8030): the payload
/// encrypted for that browser (RFC 8291) and signed for by the host's VAPID key (RFC 8292).
enum WebPushRequest {
    /// How long the push service may hold the message for an offline browser (seconds).
    static let timeToLive = 24 * 3600

    /// What the service worker receives: enough to show the notification and open the conversation on a click.
    static func payload(_ notification: AgentNotification) -> [UInt8] {
        let json: JSON = ["id": .from(notification.id), "kind": .string(notification.kind), "title": .string(notification.title),
                          "body": .string(notification.body), "conversation_id": .from(notification.conversationID),
                          "url": .from(notification.conversationID.map { "/app/c/\($0)" })]
        return Array(json.serialized.utf8)
    }

    static func make(_ job: PushJob, vapidKey: P256Key, subject: String, nowSeconds: Int64, timeoutMs: Int) throws(P256Error) -> HTTPClientRequest {
        guard let point = Base64URL.decode(job.subscription.p256dh), let auth = Base64URL.decode(job.subscription.auth) else {
            throw P256Error("the subscription's keys are not base64url")
        }
        let body = try WebPushEncryption.encrypt(payload(job.notification), receiver: try P256Key(publicPoint: point), authSecret: auth)
        let authorization = try VAPID.authorization(endpoint: job.subscription.endpoint, subject: subject, key: vapidKey, nowSeconds: nowSeconds)
        return HTTPClientRequest(method: "POST", url: job.subscription.endpoint,
                                 headers: [("Content-Type", "application/octet-stream"), ("Content-Encoding", "aes128gcm"),
                                           ("TTL", String(timeToLive)), ("Urgency", "high"), ("Authorization", authorization)],
                                 body: body, timeoutMs: timeoutMs)
    }
}
