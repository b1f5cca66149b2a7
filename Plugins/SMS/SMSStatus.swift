import PluginKit
import TwilioPlatform

/// What the operator sees of an instance (`plugin_status`): both URLs to give Twilio, the
/// sender, the number's capabilities and whether its SmsUrl points here. The parts that change
/// live in the instance's key-value state and the object is republished whole.
///
///     status/number          the number as Twilio last described it (JSON)
///     status/check_error     why the last look at the number failed
///     status/last_webhook_at Unix ms of the last signed message post
struct SMSStatus {
    let channel: SMSContext

    static let numberKey = "status/number"
    static let errorKey = "status/check_error"
    static let lastWebhookKey = "status/last_webhook_at"

    /// A message arrived. Rewritten (and republished) at most once a minute; the time of the last
    /// write is kept in memory, so a busy number costs no read per message.
    func recordWebhook(atMs now: Int64) {
        guard channel.claimWebhookRecord(atMs: now) else { return }
        update { try channel.host.kvSet(Self.lastWebhookKey, String(now)) }
    }

    func recordNumber(_ number: TwilioNumber) {
        let json: JSON = ["sid": .from(number.sid), "sms_url": .from(number.smsURL),
                          "capabilities": ["sms": .bool(number.sms), "mms": .bool(number.mms), "voice": .bool(number.voice)]]
        update {
            try channel.host.kvSet(Self.numberKey, json.serialized)
            try channel.host.kvDelete(Self.errorKey)
        }
    }

    func recordCheckFailure(_ reason: String) {
        update { try channel.host.kvSet(Self.errorKey, reason) }
    }

    func publish() {
        do { try channel.host.publishStatus(.object(compose())) } catch {
            channel.host.log(.warn, "sms: could not publish the status: \(error)")
        }
    }

    func compose() -> JSONObject {
        let config = channel.config
        var status: JSONObject = ["webhook_url": .string(channel.webhookURL), "status_callback_url": .string(channel.statusCallbackURL),
                                  "account_sid": .string(config.account.accountSID)]
        switch config.sender {
        case .number(let number): status["phone_number"] = .string(number)
        case .messagingService(let sid): status["messaging_service_sid"] = .string(sid)
        }
        let number = channel.host.storedString(Self.numberKey).flatMap { try? JSON.parse($0) }
        status["number_sid"] = number?["sid"] ?? .null
        status["capabilities"] = number?["capabilities"] ?? .null
        status["twilio_sms_url"] = number?["sms_url"] ?? .null
        // null: not known (a Messaging Service, or Twilio could not be asked).
        status["points_here"] = number.map { .bool($0["sms_url"]?.stringValue == channel.webhookURL) } ?? .null
        status["check_error"] = .from(channel.host.storedString(Self.errorKey))
        status["last_webhook_at"] = .from(channel.host.storedInt(Self.lastWebhookKey).map(Clock.iso8601))
        return status
    }

    private func update(_ change: () throws -> Void) {
        do { try change() } catch { channel.host.log(.warn, "sms: could not keep the status: \(error)") }
        publish()
    }
}
