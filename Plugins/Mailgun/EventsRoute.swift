import PluginKit

/// POST /events: Mailgun's event webhooks (`delivered`, `failed`), JSON
/// `{"signature": {"timestamp", "token", "signature"}, "event-data": {...}}`, signed like route
/// forwards. Each one becomes a delivery receipt on the message Mailgun names by Message-Id.
public struct EventsRoute {
    public let host: PluginHost
    public let account: MailgunAccount
    public let guardian: WebhookGuard

    public init(host: PluginHost, account: MailgunAccount, guardian: WebhookGuard) {
        self.host = host
        self.account = account
        self.guardian = guardian
    }

    public func handle(_ request: PluginHTTPRequest) -> PluginHTTPResponse {
        guard let body = try? JSON.parse(request.bodyText), let signature = body["signature"], let event = body["event-data"] else {
            return .json(400, ["error": "invalid_body", "message": "expected {\"signature\": {...}, \"event-data\": {...}}"])
        }
        let claim: WebhookGuard.Claim
        do {
            claim = try guardian.check(timestamp: signature["timestamp"]?.stringValue ?? signature["timestamp"]?.intValue.map(String.init) ?? "",
                                       token: signature["token"]?.stringValue ?? "", signature: signature["signature"]?.stringValue ?? "",
                                       bodyDigest: Crypto.sha256Hex(request.body), signingKey: account.signingKey,
                                       windowMs: account.replayWindowMs)
        } catch let rejection as WebhookGuard.Rejection {
            host.log(.warn, "event webhook refused (\(rejection.status)): \(rejection.reason)")
            return .json(rejection.status, ["error": "rejected", "message": .string(rejection.reason)])
        } catch {
            return .json(503, ["error": "unavailable"])
        }
        defer { guardian.release(claim) }

        let name = event["event"]?.stringValue ?? ""
        guard let (status, detail) = Self.receipt(name, event) else {
            try? guardian.commit(claim)
            return .json(200, ["status": "ignored", "event": .string(name)])
        }
        guard let id = event["message"]?["headers"]?["message-id"]?.stringValue.map(ThreadIndex.bare), !id.isEmpty else {
            return .json(406, ["error": "no_message_id", "message": "event-data.message.headers.message-id is missing"])
        }
        do {
            try host.reportDelivery(providerMessageID: id, status: status, detail: detail)
            try guardian.commit(claim)
            return .json(200, ["status": "recorded"])
        } catch PluginError.notFound {
            // Mail this instance did not send (another system on the same domain): nothing to record.
            try? guardian.commit(claim)
            return .json(200, ["status": "ignored", "message": .string("no message sent with id \(id)")])
        } catch {
            host.log(.error, "event \(name) for \(id) not recorded, Mailgun will retry: \(error)")
            return .json(503, ["error": "unavailable"])
        }
    }

    /// The receipt an event stands for: delivered; failed for good (a bounce, a suppression; a
    /// temporary failure is Mailgun still trying, not a receipt); the legacy names too.
    public static func receipt(_ name: String, _ event: JSON) -> (DeliveryStatus, String)? {
        let status = event["delivery-status"]
        let description = [event["reason"]?.stringValue, status?["description"]?.stringValue, status?["message"]?.stringValue]
            .compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
        switch name {
        case "delivered":
            return (.delivered, "")
        case "failed" where event["severity"]?.stringValue != "temporary", "bounced", "dropped", "permanent_fail":
            return (.failed, description.isEmpty ? "Mailgun: \(name)" : description)
        default:
            return nil
        }
    }
}
