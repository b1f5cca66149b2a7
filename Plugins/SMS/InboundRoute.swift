import PluginKit
import TwilioPlatform

/// POST /hooks/<instance>/sms: a customer's text or MMS, as Twilio posts it to the number's
/// SmsUrl (providers.md §3.2).
///
/// Signature first (403, nothing stored), then the required fields (400 naming them), consent
/// keywords, every media item, one ingest, and only then the empty TwiML answer: Twilio waits
/// 15 s and never retries, so an answer before the commit could lose the message. The same
/// `MessageSid` twice is stored once.
struct InboundRoute {
    let channel: SMSContext

    static let path = "/sms"

    func handle(_ request: PluginHTTPRequest) throws(TwilioWebhook.Refusal) -> PluginHTTPResponse {
        let config = channel.config
        let webhook = try TwilioWebhook(request, publicURL: channel.publicURL, authToken: config.account.authToken)
        let messageSID = try webhook.required("MessageSid")
        let from = try webhook.required("From")
        guard PhoneNumber.isE164(from) else {
            throw TwilioWebhook.Refusal(response: .text(400, "parameter From must be an E.164 number, not \(from)"))
        }
        if let account = webhook["AccountSid"], account != config.account.accountSID {
            throw TwilioWebhook.Refusal(response: .text(403, "parameter AccountSid names another account than this instance's"))
        }
        let items = try InboundMedia.items(in: webhook)
        // A repeat with media (Twilio's fallback URL, an operator replaying a request): answer as
        // before without downloading it all again. Without media, ingest's own dedupe is enough.
        if !items.isEmpty, (try? channel.host.findMessage(providerMessageID: messageSID)) != nil { return TwilioWebhook.emptyResponse }

        let body = webhook["Body"] ?? ""
        let service = channel.messagingService(learning: webhook["MessagingServiceSid"])
        // Contact attributes change only with consent: an ordinary text writes none.
        var contact = JSONObject()
        var consentChange: ConsentBook.Entry?
        if let keyword = ConsentKeyword.classify(body: body, optOutType: webhook["OptOutType"]) {
            do {
                let word = body.trimmingASCIIWhitespace().uppercased()
                if let entry = try ConsentBook(host: channel.host).record(keyword, word: word.isEmpty ? keyword.rawValue : word,
                                                                         from: from, atMs: Clock.nowMillis()) {
                    contact["sms_consent"] = .string(entry.summary)
                    if keyword != .help { consentChange = entry }
                }
            } catch {
                channel.host.log(.error, "sms: could not record \(keyword.rawValue) from \(from): \(error)")
                throw TwilioWebhook.Refusal(response: .text(500, "could not record the consent change; nothing stored"))
            }
        }
        let attachments = InboundMedia(host: channel.host, client: channel.client).store(items, messageSID: messageSID)
        let message = InboundMessage(identityKind: "phone", identityValue: from, providerMessageID: messageSID, text: body,
                                     attachmentsJSON: attachments.isEmpty ? nil : JSON.array(attachments).serialized,
                                     contactJSON: contact.count == 0 ? nil : JSON.object(contact).serialized)
        do {
            _ = try channel.host.ingest(message)
        } catch {
            channel.host.log(.error, "sms: could not store \(messageSID) from \(from): \(error)")
            throw TwilioWebhook.Refusal(response: .text(500, "could not store the message"))
        }
        // Twilio applies it to the whole Messaging Service: so do the service's other instances.
        if let consentChange, let service { ConsentSpread(channel: channel).spread(consentChange, customer: from, service: service) }
        channel.status.recordWebhook(atMs: Clock.nowMillis())
        return TwilioWebhook.emptyResponse
    }
}
