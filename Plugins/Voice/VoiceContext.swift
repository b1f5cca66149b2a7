import PluginKit
import TwilioPlatform

/// What the routes share for one instance: the host, the configuration in force (replaced by
/// reconfigure() while routes read it) and the URLs Twilio is given.
final class VoiceContext: @unchecked Sendable {
    let host: PluginHost
    let info: InstanceInfo
    // Guarded by `lock`: reconfigure() replaces it while handle() reads it.
    private let lock = PluginLock()
    private var current: VoiceConfig

    init(host: PluginHost, info: InstanceInfo, config: VoiceConfig) {
        self.host = host
        self.info = info
        current = config
    }

    var config: VoiceConfig { lock.withLock { current } }
    func replace(_ config: VoiceConfig) { lock.withLock { current = config } }

    var client: TwilioClient { TwilioClient(account: config.account, host: host) }

    /// The instance's routes as Twilio reaches them: the host's public URL + /hooks/<instance>.
    var publicURL: String { info.publicBaseURL + info.routePrefix }
    /// What the number's VoiceUrl must be.
    var incomingURL: String { publicURL + CallRoutes.incomingPath }
    var statusCallbackURL: String { publicURL + CallRoutes.statusPath }

    /// A signed Twilio request to one of the routes, or the refusal to answer.
    func webhook(_ request: PluginHTTPRequest) throws(TwilioWebhook.Refusal) -> TwilioWebhook {
        let config = config
        let webhook = try TwilioWebhook(request, publicURL: publicURL, authToken: config.account.authToken)
        if let account = webhook["AccountSid"], account != config.account.accountSID {
            throw TwilioWebhook.Refusal(403, "parameter AccountSid names another account than this instance's")
        }
        return webhook
    }

    func publishStatus() {
        let status: JSON = ["incoming_call_url": .string(incomingURL), "status_callback_url": .string(statusCallbackURL),
                            "phone_number": .string(config.phoneNumber), "flow_id": .string(config.flowID)]
        do { try host.publishStatus(status) } catch { host.log(.warn, "voice: could not publish the status: \(error)") }
    }

    /// What the host keeps of a call (its caller and conversation), for the recording and
    /// transcription callbacks; nil for a call the host does not know on this instance.
    func call(_ callSID: String) -> (caller: String, conversationID: String)? {
        let request: JSON = ["seq": 0, "input": ["kind": "call"]]
        guard let text = try? host.voiceStep(callSID: callSID, requestJSON: request.serialized), let json = try? JSON.parse(text),
              let caller = json["caller"]?.stringValue, let conversation = json["conversation_id"]?.stringValue else { return nil }
        return (caller, conversation)
    }
}
