import PluginKit
import TwilioPlatform

/// The agent's leg of a queue connection. The host's dispatcher runs the admin operation
/// `agent.dial` (a free agent for a waiting caller or a callback); it is placed with the Calls API
/// from this instance's number to the agent's phone or SIP address. When the agent answers, Twilio
/// fetches /voice/agent, which asks the host (`voice_step` input `agent_leg`) what to connect:
/// the queued caller (`<Dial><Queue>`), or for a callback the customer (`<Dial>` their number, the
/// result posted to /voice/agent-dial). A leg that is never answered reaches /voice/agent-status,
/// and the host gives the place back.
struct AgentLegRoutes {
    let context: VoiceContext

    static let answerPath = "/voice/agent"
    static let statusPath = "/voice/agent-status"
    static let dialPath = "/voice/agent-dial"
    static let timeoutMs: UInt32 = 10_000

    /// `agent.dial`: {"kind": "bridge"|"callback", "entry_id", "agent_id", "to"}; answers {"call_sid"}.
    func dial(_ request: AdminRequest) throws -> JSON {
        func arg(_ name: String) throws -> String {
            guard let value = request.args[name]?.stringValue, !value.isEmpty, value.utf8.count <= 256 else {
                throw AdminFailure(status: 400, message: "\(name): required, 1 to 256 characters", field: name)
            }
            return value
        }
        let kind = try arg("kind")
        guard kind == "bridge" || kind == "callback" else { throw AdminFailure(status: 400, message: "kind: must be bridge or callback", field: "kind") }
        let to = try arg("to")
        guard PhoneNumber.isE164(to) || to.hasPrefix("sip:") else {
            throw AdminFailure(status: 400, message: "to: must be an E.164 number or a SIP address", field: "to")
        }
        let query = "?entry=\(FormURLEncoding.encodeComponent(try arg("entry_id")))&agent=\(FormURLEncoding.encodeComponent(try arg("agent_id")))"
        let call = CallRequest(to: to, from: context.config.phoneNumber, url: context.publicURL + Self.answerPath + query,
                               statusCallback: context.publicURL + Self.statusPath + query)
        switch context.client.placeCall(call, timeoutMs: Self.timeoutMs) {
        case .success(let sid):
            context.host.log(.info, "voice: ringing agent \(request.args["agent_id"]?.stringValue ?? "") on \(to) for \(kind) (\(sid))")
            return ["call_sid": .string(sid)]
        case .failure(let error):
            throw AdminFailure(status: error.isTemporary ? 502 : 409,
                               message: "Twilio refused the call to \(to): \(error)", field: "to")
        }
    }

    /// The agent answered: connect them to what the host says.
    func answered(_ request: PluginHTTPRequest) throws(TwilioWebhook.Refusal) -> PluginHTTPResponse {
        let (webhook, entry, agent) = try leg(request)
        guard let answer = report(try webhook.required("CallSid"), entry: entry, agent: agent, status: "answered") else {
            return TwiML.goodbye(CallRoutes.troubleGoodbye)
        }
        var twiml = TwiML()
        switch answer["connect"]?.stringValue {
        case "queue":
            twiml.add("Say", text: "Connecting you to a caller from the queue.")
            twiml.add("Dial", children: [TwiML.element("Queue", text: answer["queue_id"]?.stringValue ?? "")])
        case "number":
            let dialed = context.publicURL + Self.dialPath + "?entry=\(FormURLEncoding.encodeComponent(entry))&agent=\(FormURLEncoding.encodeComponent(agent))"
            twiml.add("Say", text: "Calling the customer back now.")
            twiml.add("Dial", [("action", dialed), ("method", "POST"), ("timeout", "30"),
                               ("callerId", answer["from"]?.stringValue ?? context.config.phoneNumber)],
                      text: answer["number"]?.stringValue ?? "")
        default:
            twiml.add("Say", text: answer["say"]?.stringValue ?? "The caller is no longer waiting. Goodbye.")
            twiml.add("Hangup")
        }
        return twiml.response
    }

    /// The callback's dial to the customer ended.
    func dialed(_ request: PluginHTTPRequest) throws(TwilioWebhook.Refusal) -> PluginHTTPResponse {
        let (webhook, entry, agent) = try leg(request)
        let result = CallRoutes.input(wait: "dial", query: { _ in nil }, webhook: webhook)["result"]?.stringValue ?? "failed"
        _ = report(try webhook.required("CallSid"), entry: entry, agent: agent, status: "dial_" + result)
        var twiml = TwiML()
        if result != "completed" { twiml.add("Say", text: "The customer did not answer. We will try again later.") }
        twiml.add("Hangup")
        return twiml.response
    }

    /// The agent's leg ended; one never answered gives the place back.
    func status(_ request: PluginHTTPRequest) throws(TwilioWebhook.Refusal) -> PluginHTTPResponse {
        let (webhook, entry, agent) = try leg(request)
        let status = try webhook.required("CallStatus")
        if ["busy", "no-answer", "failed", "canceled"].contains(status) {
            _ = report(try webhook.required("CallSid"), entry: entry, agent: agent, status: status == "no-answer" ? "no_answer" : status)
        }
        return TwilioWebhook.emptyResponse
    }

    private func leg(_ request: PluginHTTPRequest) throws(TwilioWebhook.Refusal) -> (TwilioWebhook, String, String) {
        let webhook = try context.webhook(request)
        let query = (try? FormURLEncoding.decode(request.query)) ?? []
        guard let entry = query.first(where: { $0.name == "entry" })?.value, !entry.isEmpty,
              let agent = query.first(where: { $0.name == "agent" })?.value, !agent.isEmpty
        else { throw TwilioWebhook.Refusal(400, "query entry and agent are required") }
        return (webhook, entry, agent)
    }

    /// Tells the host how the leg went; its answer, or nil when it could not be told.
    private func report(_ legSID: String, entry: String, agent: String, status: String) -> JSON? {
        let body: JSON = ["seq": 0, "input": ["kind": "agent_leg", "entry_id": .string(entry), "agent_id": .string(agent), "status": .string(status)]]
        do { return try JSON.parse(try context.host.voiceStep(callSID: legSID, requestJSON: body.serialized)) } catch {
            context.host.log(.error, "voice: agent leg \(legSID) for \(entry) (\(status)) not recorded: \(error)")
            return nil
        }
    }
}
