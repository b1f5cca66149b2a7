import PluginKit
import TwilioPlatform

/// The call's TwiML routes under /hooks/<instance>: Twilio's request, signed, becomes one input of
/// the host's IVR engine (`voice_step`), whose answer is rendered as TwiML.
///
///     POST /voice/incoming   the number's VoiceUrl: the call starts (recorded in the caller's conversation)
///     POST /voice/step       each wait's action: ?seq=N&wait=gather|queue|dial|record|agent[&timeout=1|&empty=1|&poll=1]
///     POST /voice/status     the call's StatusCallback: the call ended (the flow's onHangup chain runs)
struct CallRoutes {
    let context: VoiceContext

    static let incomingPath = "/voice/incoming"
    static let stepPath = "/voice/step"
    static let statusPath = "/voice/status"
    static let waitPath = "/voice/wait"
    static let recordingPath = "/voice/recording"
    static let transcriptionPath = "/voice/transcription"

    static let notFoundGoodbye = "Sorry, we could not find your call. Please call again. Goodbye."
    static let troubleGoodbye = "Sorry, we cannot take your call right now. Please try again later. Goodbye."

    func incoming(_ request: PluginHTTPRequest) throws(TwilioWebhook.Refusal) -> PluginHTTPResponse {
        let webhook = try context.webhook(request)
        let callSID = try webhook.required("CallSid")
        let from = try webhook.required("From")
        guard PhoneNumber.isE164(from) else {
            context.host.log(.warn, "voice: call \(callSID) from an unknown number (\(from)) answered with a goodbye")
            return TwiML.goodbye(Self.troubleGoodbye)
        }
        // The host records the call in the caller's conversation (by number, or new) in the step's own transaction.
        let message: JSON = ["text": .string("Phone call from \(from) to \(webhook["To"] ?? context.config.phoneNumber)")]
        return step(callSID, seq: 0, input: ["kind": "start"], extra: ["caller": .string(from), "message": message])
    }

    func stepRequest(_ request: PluginHTTPRequest) throws(TwilioWebhook.Refusal) -> PluginHTTPResponse {
        let webhook = try context.webhook(request)
        let callSID = try webhook.required("CallSid")
        let query = (try? FormURLEncoding.decode(request.query)) ?? []
        func q(_ name: String) -> String? { query.first { $0.name == name }?.value }
        guard let seq = q("seq").flatMap(Int.init), seq >= 1 else { throw TwilioWebhook.Refusal(400, "query seq must be a whole number from 1") }
        return step(callSID, seq: seq, input: Self.input(wait: q("wait") ?? "", query: q, webhook: webhook))
    }

    func status(_ request: PluginHTTPRequest) throws(TwilioWebhook.Refusal) -> PluginHTTPResponse {
        let webhook = try context.webhook(request)
        let callSID = try webhook.required("CallSid")
        let status = try webhook.required("CallStatus")
        guard ["completed", "busy", "failed", "no-answer", "canceled"].contains(status) else { return TwilioWebhook.emptyResponse }
        let request: JSON = ["seq": 0, "input": ["kind": "hangup"], "status": .string(status)]
        do { _ = try context.host.voiceStep(callSID: callSID, requestJSON: request.serialized) } catch PluginError.notFound(let why) {
            context.host.log(.warn, "voice: status \(status) for an unknown call \(callSID): \(why)")
        } catch {
            context.host.log(.error, "voice: could not end call \(callSID): \(error)")
            throw TwilioWebhook.Refusal(500, "could not record the call's end")
        }
        return TwilioWebhook.emptyResponse
    }

    /// Twilio's parameters for the wait that ended, as the engine's input.
    static func input(wait: String, query: (String) -> String?, webhook: TwilioWebhook) -> JSON {
        switch wait {
        case "gather":
            if query("timeout") == "1" { return ["kind": "timeout"] }
            if let digits = webhook["Digits"], !digits.isEmpty { return ["kind": "digits", "digits": .string(digits)] }
            if let speech = webhook["SpeechResult"], !speech.isEmpty { return ["kind": "speech", "speech": .string(speech)] }
            return ["kind": "timeout"]
        case "queue":
            let result: String
            switch webhook["QueueResult"] ?? "" {
            case "bridged": result = "answered"
            case "hangup": result = "abandoned"
            default: result = "max_wait"   // leave (our wait loop's maximum), queue-full, error, system-error
            }
            return ["kind": "queue", "result": .string(result)]
        case "dial":
            let result: String
            switch webhook["DialCallStatus"] ?? "" {
            case "completed", "answered": result = "completed"
            case "busy": result = "busy"
            case "no-answer": result = "no_answer"
            default: result = "failed"
            }
            return ["kind": "dial", "result": .string(result)]
        case "record":
            if query("empty") == "1" { return ["kind": "record"] }
            guard let url = webhook["RecordingUrl"], !url.isEmpty, (webhook["RecordingDuration"].flatMap(Int.init) ?? 1) > 0 else { return ["kind": "record"] }
            return ["kind": "record", "recording_url": .string(url)]
        case "agent":
            var turn: JSONObject = ["kind": "agent"]
            if query("poll") == "1" { turn["poll"] = true } else if query("timeout") == "1" { turn["timeout"] = true }
            if let speech = webhook["SpeechResult"], !speech.isEmpty { turn["speech"] = .string(speech) }
            if let digits = webhook["Digits"], !digits.isEmpty { turn["digits"] = .string(digits) }
            if let number = query("turn").flatMap(Int.init), number >= 1 { turn["turn"] = .from(number) }
            return .object(turn)
        default:
            return ["kind": "ai", "outcome": "error"]
        }
    }

    /// One host step, rendered; a call the host does not know gets a polite goodbye, never a 5xx.
    private func step(_ callSID: String, seq: Int, input: JSON, extra: JSONObject = [:]) -> PluginHTTPResponse {
        var request: JSONObject = ["seq": .from(seq), "input": input]
        for (key, value) in extra { request[key] = value }
        do {
            let answer = try JSON.parse(try context.host.voiceStep(callSID: callSID, requestJSON: JSON.object(request).serialized))
            return InstructionRenderer(context: context).render(answer)
        } catch PluginError.notFound(let why) {
            context.host.log(.warn, "voice: step \(seq) of an unknown call \(callSID) answered with a goodbye: \(why)")
            return TwiML.goodbye(Self.notFoundGoodbye)
        } catch {
            context.host.log(.error, "voice: step \(seq) of call \(callSID) failed: \(error)")
            return TwiML.goodbye(Self.troubleGoodbye)
        }
    }
}
