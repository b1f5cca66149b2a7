import PluginKit

/// The host's provider-neutral instruction (`voice_step`'s answer) as TwiML. Every wait names the
/// step URL with the next seq, and one that can end without a request (a gather or a recording with
/// no input) is followed by a Redirect, so no outcome falls through to silence.
struct InstructionRenderer {
    let context: VoiceContext

    func render(_ answer: JSON) -> PluginHTTPResponse {
        let next = (answer["seq"]?.intValue ?? 0) + 1
        let step = context.publicURL + CallRoutes.stepPath + "?seq=\(next)"
        var twiml = TwiML()
        let settings = answer["instruction"]?["say_settings"]?.arrayValue ?? []
        for (index, text) in (answer["instruction"]?["say"]?.arrayValue?.compactMap(\.stringValue) ?? []).enumerated() {
            twiml.add("Say", Self.speech(index < settings.count ? settings[index] : nil), text: text)
        }
        let action = answer["instruction"]?["action"]?.objectValue ?? [:]
        switch action["kind"]?.stringValue ?? "hangup" {
        case "gather":
            let inputs = action["inputs"]?.arrayValue?.compactMap(\.stringValue) ?? ["dtmf"]
            var attributes = [("input", inputs.joined(separator: " ")), ("action", step + "&wait=gather"), ("method", "POST"),
                              ("timeout", String(action["timeout_seconds"]?.intValue ?? 5))]
            if let digits = action["num_digits"]?.intValue { attributes.append(("numDigits", String(digits))) }
            if let key = action["finish_on_key"]?.stringValue { attributes.append(("finishOnKey", key)) }
            if inputs.contains("speech") {
                attributes.append(("speechTimeout", "auto"))
                // The language listened for: the node's (or flow's) language.
                if let language = action["language"]?.stringValue { attributes.append(("language", language)) }
            }
            let prompt = action["prompt"]?.stringValue ?? ""
            twiml.add("Gather", attributes, children: prompt.isEmpty ? [] : [TwiML.element("Say", Self.speech(.object(action)), text: prompt)])
            twiml.add("Redirect", [("method", "POST")], text: step + "&wait=gather&timeout=1")
        case "enqueue":
            let queue = action["queue_id"]?.stringValue ?? "general"
            let maxWait = action["max_wait_seconds"]?.intValue ?? 600
            let wait = context.publicURL + CallRoutes.waitPath + "?queue=\(FormURLEncoding.encodeComponent(queue))&max=\(maxWait)"
                + (action["offers_callback"]?.boolValue == true ? "&cb=1" : "")
            twiml.add("Enqueue", [("action", step + "&wait=queue"), ("method", "POST"), ("waitUrl", wait), ("waitUrlMethod", "POST")], text: queue)
        case "dial":
            twiml.add("Dial", [("action", step + "&wait=dial"), ("method", "POST"), ("timeout", String(action["timeout_seconds"]?.intValue ?? 30)),
                               ("answerOnBridge", "true")],
                      text: action["number"]?.stringValue ?? "")
        case "record":
            var attributes = [("action", step + "&wait=record"), ("method", "POST"), ("maxLength", String(action["max_length_seconds"]?.intValue ?? 120)),
                              ("playBeep", "true"), ("recordingStatusCallback", context.publicURL + CallRoutes.recordingPath),
                              ("recordingStatusCallbackMethod", "POST")]
            if action["transcribe"]?.boolValue == true {
                attributes += [("transcribe", "true"), ("transcribeCallback", context.publicURL + CallRoutes.transcriptionPath)]
            }
            twiml.add("Record", attributes)
            twiml.add("Redirect", [("method", "POST")], text: step + "&wait=record&empty=1")
        case "agent":
            // A turn with the Agent Stack: the caller speaks (or presses 0 for a person); the host answers.
            // The turn's number lets the host replay its answer to a retried request (1: the node was just entered).
            let agent = step + "&wait=agent&turn=\(answer["turn"]?.intValue ?? 1)"
            var attributes = [("input", "speech dtmf"), ("action", agent), ("method", "POST"), ("timeout", "5"),
                              ("numDigits", "1"), ("speechTimeout", "auto")]
            // The language listened for: the AI node's (or flow's).
            if let language = action["language"]?.stringValue { attributes.append(("language", language)) }
            twiml.add("Gather", attributes)
            twiml.add("Redirect", [("method", "POST")], text: agent + "&timeout=1")
        case "agent_poll":
            // The stack is still answering: the holding phrase was said; ask again.
            twiml.add("Redirect", [("method", "POST")], text: step + "&wait=agent&turn=\(answer["turn"]?.intValue ?? 1)&poll=1")
        default:
            twiml.add("Hangup")
        }
        return twiml.response
    }

    /// `<Say>`'s language and voice from the host's `{"language"?, "voice"?}` (unset: Twilio's defaults).
    static func speech(_ settings: JSON?) -> [(String, String)] {
        [("language", settings?["language"]?.stringValue), ("voice", settings?["voice"]?.stringValue)].compactMap { key, value in value.map { (key, $0) } }
    }
}
