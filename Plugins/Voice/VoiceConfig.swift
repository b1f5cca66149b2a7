import PluginKit
import TwilioPlatform

/// One instance's configuration: the Twilio account (shared with SMS), the number it answers and
/// the IVR flow (`flow_id`, the host's) that answers it.
struct VoiceConfig: Sendable, Equatable {
    var account: TwilioAccount
    var phoneNumber: String
    var flowID: String

    /// Throws `PluginError.invalid` naming the setting at fault.
    static func load(_ configJSON: String, host: PluginHost) throws -> VoiceConfig {
        guard let object = (try? JSON.parse(configJSON))?.objectValue else {
            throw PluginError.invalid(field: nil, message: "the configuration must be a JSON object")
        }
        let account = try TwilioAccount.load(object, host: host)
        guard let number = object["phone_number"]?.stringValue, PhoneNumber.isE164(number) else {
            throw PluginError.invalid(field: "phone_number", message: "must be E.164: + and 8 to 15 digits, such as +14155550100")
        }
        guard let flow = object["flow_id"]?.stringValue, !flow.isEmpty else {
            throw PluginError.invalid(field: "flow_id", message: "must name the IVR flow that answers the number")
        }
        return VoiceConfig(account: account, phoneNumber: number, flowID: flow)
    }

    /// The exclusive asset: a number's calls go to one voice instance (its texts to an SMS one).
    var asset: (kind: String, id: String, field: String) { ("twilio_voice_number", phoneNumber, "phone_number") }
}
