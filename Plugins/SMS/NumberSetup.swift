import PluginKit
import TwilioPlatform

/// The instance's number on Twilio, looked at after start and every 10 minutes: does the account
/// own it, what can it do, does its SmsUrl point at this instance. With `number_setup` "adopt"
/// it is pointed here; with "buy" it is bought first when the account does not own it yet (so
/// `channels add` with a number from a search buys and binds it in one step).
struct NumberSetup {
    let channel: SMSContext

    static let timeoutMs: UInt32 = 10_000

    func run() {
        let config = channel.config
        guard case .number(let phoneNumber) = config.sender else { return }
        let client = channel.client
        let status = channel.status
        var owned: TwilioNumber
        switch client.ownedNumber(phoneNumber, timeoutMs: Self.timeoutMs) {
        case .success(let number):
            owned = number
        case .failure(let error) where error.code == 20404 && config.numberSetup == "buy":
            switch client.buyNumber(phoneNumber, smsURL: channel.webhookURL, friendlyName: "Switchboard \(channel.info.instanceID)",
                                    timeoutMs: Self.timeoutMs) {
            case .success(let bought):
                channel.host.log(.info, "sms: bought \(phoneNumber) (\(bought.sid ?? "?")) with its SmsUrl at \(channel.webhookURL)")
                owned = bought
            case .failure(let error):
                return status.recordCheckFailure("could not buy \(phoneNumber): \(error)")
            }
        case .failure(let error):
            return status.recordCheckFailure("could not look up \(phoneNumber) on the account: \(error)")
        }
        if config.numberSetup != "check", !owned.pointsAt(smsURL: channel.webhookURL), let sid = owned.sid {
            switch client.pointNumber(sid: sid, smsURL: channel.webhookURL, timeoutMs: Self.timeoutMs) {
            case .success(let pointed):
                channel.host.log(.info, "sms: \(phoneNumber) now posts its messages to \(channel.webhookURL)")
                owned = pointed
            case .failure(let error):
                status.recordNumber(owned)
                return status.recordCheckFailure("could not set the SmsUrl of \(phoneNumber): \(error)")
            }
        }
        status.recordNumber(owned)
    }
}
