import PluginKit
import TwilioPlatform

/// The voice plugin's admin operations (ABI 1.3; declared in plugin.json), run as the setup of
/// POST /api/v1/channels: buying the instance's number with its Voice URL and Status Callback
/// pointed at the instance, or pointing a number the account owns. Its SmsUrl is left alone (an
/// SMS instance may serve the same number's texts); searching is the SMS plugin's (`numbers.search`).
struct NumberOperations {
    let context: VoiceContext

    func run(_ request: AdminRequest) throws -> JSON {
        let client = context.client
        let phoneNumber = context.config.phoneNumber
        let voice = (url: context.incomingURL, statusCallback: context.statusCallbackURL)
        let owned = client.ownedNumber(phoneNumber, timeoutMs: NumberAdmin.timeoutMs)
        let number: TwilioNumber
        switch request.operation {
        case "number.buy":
            if case .success = owned {
                throw AdminFailure(status: 409, message: "the account already owns \(phoneNumber): adopt it instead", field: "phone_number")
            }
            if case .failure(let error) = owned, error.code != 20404 { throw NumberAdmin.failure(error) }
            number = try NumberAdmin.result(client.buyNumber(phoneNumber, smsURL: nil, voice: voice,
                                                             friendlyName: "Switchboard \(context.info.instanceID)", timeoutMs: NumberAdmin.timeoutMs))
        case "number.adopt":
            if case .failure(let error) = owned, error.code == 20404 {
                throw AdminFailure(status: 404, message: "the account owns no number \(phoneNumber): buy it instead", field: "phone_number")
            }
            let found = try NumberAdmin.result(owned)
            guard let sid = found.sid else { throw AdminFailure(status: 502, message: "Twilio described \(phoneNumber) without its sid") }
            number = try NumberAdmin.result(client.pointNumber(sid: sid, voiceURL: voice.url, statusCallback: voice.statusCallback,
                                                               timeoutMs: NumberAdmin.timeoutMs))
        default:
            throw AdminFailure(status: 404, message: "voice has no admin operation \(request.operation) on an instance")
        }
        context.host.log(.info, "voice: \(request.actor) ran \(request.operation) for \(phoneNumber); its calls post to \(voice.url)")
        var json = NumberAdmin.json(number, instanceID: context.info.instanceID)
        if case .object(var object) = json {
            object["voice_url"] = .from(number.voiceURL)
            object["status_callback"] = .from(number.statusCallback)
            json = .object(object)
        }
        return ["number": json]
    }
}
