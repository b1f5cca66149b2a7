import PluginKit
import TwilioPlatform

/// The instance's number on Twilio, looked at after start and every 10 minutes: does the account
/// own it, what can it do, does its SmsUrl point at this instance. It changes nothing on Twilio:
/// buying and adopting are the `number.buy` and `number.adopt` admin operations
/// (NumberOperations), which the host runs in the step that creates the instance.
struct NumberSetup {
    let channel: SMSContext

    static let timeoutMs: UInt32 = 10_000

    func run() {
        guard case .number(let phoneNumber) = channel.config.sender else { return }
        switch channel.client.ownedNumber(phoneNumber, timeoutMs: Self.timeoutMs) {
        case .success(let number): channel.status.recordNumber(number)
        case .failure(let error): channel.status.recordCheckFailure("could not look up \(phoneNumber) on the account: \(error)")
        }
    }
}
