import PluginKit
import TwilioPlatform

/// The SMS plugin's admin operations (ABI 1.3; declared in plugin.json): searching and listing
/// the account's numbers before any instance exists, and buying, adopting or releasing the one
/// number an instance serves. The host runs `number.buy` or `number.adopt` in the step that
/// creates the instance (POST /api/v1/channels with "setup"), and removes the instance once
/// `number.release` succeeded.
struct NumberOperations {
    let channel: SMSContext

    /// Scope "plugin": the account comes in the arguments.
    static func run(_ request: AdminRequest, host: PluginHost) throws -> JSON {
        let client = TwilioClient(account: try NumberAdmin.account(request, host: host), host: host)
        switch request.operation {
        case "numbers.search": return try NumberAdmin.search(request, client: client)
        case "numbers.list": return try NumberAdmin.list(request, client: client, hookPath: InboundRoute.path)
        default: throw AdminFailure(status: 404, message: "sms has no admin operation \(request.operation) on the plugin")
        }
    }

    /// Scope "instance": the instance's own number, through its own account.
    func run(_ request: AdminRequest) throws -> JSON {
        guard case .number(let phoneNumber) = channel.config.sender else {
            throw AdminFailure(status: 400, message: "a Messaging Service instance has no number of its own: its numbers are managed in the service",
                               field: "phone_number")
        }
        let client = channel.client
        let owned = client.ownedNumber(phoneNumber, timeoutMs: NumberAdmin.timeoutMs)
        switch request.operation {
        case "number.buy":
            if case .success = owned {
                throw AdminFailure(status: 409, message: "the account already owns \(phoneNumber): adopt it instead", field: "phone_number")
            }
            if case .failure(let error) = owned, error.code != 20404 { throw NumberAdmin.failure(error) }
            let bought = try NumberAdmin.result(client.buyNumber(phoneNumber, smsURL: channel.webhookURL, friendlyName: "Switchboard \(channel.info.instanceID)",
                                                                 timeoutMs: NumberAdmin.timeoutMs))
            channel.host.log(.info, "sms: \(request.actor) bought \(phoneNumber) (\(bought.sid ?? "?")); it posts to \(channel.webhookURL)")
            return recorded(bought)
        case "number.adopt":
            if case .failure(let error) = owned, error.code == 20404 {
                throw AdminFailure(status: 404, message: "the account owns no number \(phoneNumber): buy it instead", field: "phone_number")
            }
            var number = try NumberAdmin.result(owned)
            if !number.pointsAt(smsURL: channel.webhookURL), let sid = number.sid {
                number = try NumberAdmin.result(client.pointNumber(sid: sid, smsURL: channel.webhookURL, timeoutMs: NumberAdmin.timeoutMs))
            }
            channel.host.log(.info, "sms: \(request.actor) adopted \(phoneNumber); it posts to \(channel.webhookURL)")
            return recorded(number)
        case "number.release":
            if case .failure(let error) = owned, error.code == 20404 {
                // Already given back (in Twilio's console, say): nothing left to release.
                return ["released": .string(phoneNumber), "sid": .null, "already_released": true]
            }
            let number = try NumberAdmin.result(owned)
            guard let sid = number.sid else { throw AdminFailure(status: 502, message: "Twilio described \(phoneNumber) without its sid") }
            try NumberAdmin.result(client.releaseNumber(sid: sid, timeoutMs: NumberAdmin.timeoutMs))
            channel.host.log(.info, "sms: \(request.actor) released \(phoneNumber) (\(sid))")
            return ["released": .string(phoneNumber), "sid": .string(sid), "already_released": false]
        default:
            throw AdminFailure(status: 404, message: "sms has no admin operation \(request.operation) on an instance")
        }
    }

    /// The number as Twilio now describes it, kept for the instance's status and returned.
    private func recorded(_ number: TwilioNumber) -> JSON {
        channel.status.recordNumber(number)
        return ["number": NumberAdmin.json(number, instanceID: channel.info.instanceID)]
    }
}
