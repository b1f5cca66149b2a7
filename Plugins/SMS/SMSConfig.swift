import PluginKit
import TwilioPlatform

/// One instance's configuration: the Twilio account and the one sender it serves — a number
/// (`phone_number`) or a Messaging Service (`messaging_service_sid`), never both.
struct SMSConfig: Sendable, Equatable {
    var account: TwilioAccount
    var sender: MessageRequest.Sender
    /// The first text of a conversation the customer moved here from the web chat: who is
    /// texting and why (they asked for it), so a text from an unknown number is not a surprise.
    var switchIntro: String

    static let defaultSwitchIntro = "Hi, this is the support team you were chatting with on our website: you asked to continue by text. Reply here any time."

    /// Throws `PluginError.invalid` naming the setting at fault.
    static func load(_ configJSON: String, host: PluginHost) throws -> SMSConfig {
        guard let object = (try? JSON.parse(configJSON))?.objectValue else {
            throw PluginError.invalid(field: nil, message: "the configuration must be a JSON object")
        }
        let account = try TwilioAccount.load(object, host: host)
        let number = object["phone_number"]?.stringValue
        let service = object["messaging_service_sid"]?.stringValue
        let sender: MessageRequest.Sender
        switch (number, service) {
        case (let number?, nil):
            guard PhoneNumber.isE164(number) else {
                throw PluginError.invalid(field: "phone_number", message: "must be E.164: + and 8 to 15 digits, such as +14155550100")
            }
            sender = .number(number)
        case (nil, let service?):
            guard TwilioSID.isValid(service, prefix: "MG") else {
                throw PluginError.invalid(field: "messaging_service_sid", message: "must be MG followed by 32 hex digits")
            }
            sender = .messagingService(service)
        case (.some, .some):
            throw PluginError.invalid(field: "messaging_service_sid", message: "give phone_number or messaging_service_sid, not both: one instance is one sender")
        case (nil, nil):
            throw PluginError.invalid(field: "phone_number", message: "is required (or messaging_service_sid)")
        }
        let intro = object["switch_intro"]?.stringValue ?? defaultSwitchIntro
        return SMSConfig(account: account, sender: sender, switchIntro: intro)
    }

    /// The exclusive asset (ABI 1.3 claim): a number is served by one SMS instance only. The kind
    /// is SMS's own, so the Voice channel can serve the same number's calls.
    var asset: (kind: String, id: String, field: String) {
        switch sender {
        case .number(let number): ("twilio_sms_number", number, "phone_number")
        case .messagingService(let sid): ("twilio_messaging_service", sid, "messaging_service_sid")
        }
    }

    /// Where consent is kept: Twilio applies an opt-out to the number, or to the whole Messaging
    /// Service when the number belongs to one.
    var consentScope: String {
        switch sender {
        case .number(let number): number
        case .messagingService(let sid): sid
        }
    }

    /// A new configuration may change credentials and the intro, not the sender.
    func checkReplacement(_ updated: SMSConfig) throws {
        guard updated.sender == sender else {
            throw PluginError.invalid(field: asset.field, message: "cannot change on a running instance: create a new instance for the other sender")
        }
        guard updated.account.accountSID == account.accountSID else {
            throw PluginError.invalid(field: "account_sid", message: "cannot change on a running instance: create a new instance")
        }
    }
}
