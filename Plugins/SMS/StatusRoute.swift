import PluginKit
import TwilioPlatform

/// POST /hooks/<instance>/sms/status: Twilio's status callback for a message this instance sent
/// (the `StatusCallback` each send names). Callbacks arrive out of order and repeated; the host
/// only ever moves a message forward (sent → delivered → read; failed stays failed), so each is
/// passed on as it comes. `ErrorCode` goes with a failure, with its meaning.
struct StatusRoute {
    let channel: SMSContext

    static let path = "/sms/status"

    func handle(_ request: PluginHTTPRequest) throws(TwilioWebhook.Refusal) -> PluginHTTPResponse {
        let webhook = try TwilioWebhook(request, publicURL: channel.publicURL, authToken: channel.config.account.authToken)
        let sid = try webhook.required("MessageSid")
        let twilioStatus = try webhook.required("MessageStatus")
        let errorCode = webhook["ErrorCode"].flatMap { $0.isEmpty || $0 == "0" ? nil : $0 }
        if errorCode == String(TwilioErrorCode.optedOut), let to = webhook["To"] {
            ConsentSpread(channel: channel).learnProviderOptOut(to)
        }
        guard let status = Self.deliveryStatus(twilioStatus) else {
            // queued, accepted, scheduled, sending: nothing the host records beyond "sent".
            return TwilioWebhook.emptyResponse
        }
        let detail = errorCode.map { "Twilio \(twilioStatus), error \(TwilioErrorCode.describe($0))" } ?? ""
        // A part of a long reply that went as several texts reports as the reply itself.
        let target = channel.host.storedString(OutboundSMS.partKey(sid)) ?? sid
        do {
            try channel.host.reportDelivery(providerMessageID: target, status: status, detail: detail)
        } catch PluginError.notFound {
            channel.host.log(.info, "sms: status \(twilioStatus) for \(sid), which this instance did not send")
        } catch {
            channel.host.log(.error, "sms: could not record status \(twilioStatus) for \(sid): \(error)")
            throw TwilioWebhook.Refusal(response: .text(500, "could not record the status"))
        }
        return TwilioWebhook.emptyResponse
    }

    static func deliveryStatus(_ twilio: String) -> DeliveryStatus? {
        switch twilio {
        case "sent": .sent
        case "delivered": .delivered
        case "read": .read
        case "undelivered", "failed": .failed
        default: nil
        }
    }
}
