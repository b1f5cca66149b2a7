import PluginKit
import TwilioPlatform

/// POST /voice/wait?queue=<id>&max=<seconds>[&cb=1]: the Enqueue waitUrl, which Twilio plays in a
/// loop while the caller waits. The host answers each round (`voice_step` input `hold`): the
/// queue's hold prompt, the caller's place counting callbacks ahead (when the queue announces it)
/// and its hold music; with `cb=1` (the queue node offers callbacks) the round listens for `*`,
/// whose press comes back here as Digits and turns the place into a callback. Past the maximum
/// wait, or after `*`, `<Leave/>` (the queue node's exit follows from the host's record).
struct WaitRoute {
    let context: VoiceContext

    func handle(_ request: PluginHTTPRequest) throws(TwilioWebhook.Refusal) -> PluginHTTPResponse {
        let webhook = try context.webhook(request)
        let query = (try? FormURLEncoding.decode(request.query)) ?? []
        let queue = query.first(where: { $0.name == "queue" })?.value ?? ""
        let maxWait = query.first(where: { $0.name == "max" }).flatMap { Int($0.value) } ?? 600
        let offersCallback = query.first(where: { $0.name == "cb" })?.value == "1"
        var input: JSONObject = ["kind": "hold", "queue_id": .string(queue), "max": .from(maxWait), "offers_callback": .bool(offersCallback),
                                 "waited": .from(webhook["QueueTime"].flatMap(Int.init) ?? 0)]
        if let digits = webhook["Digits"], !digits.isEmpty { input["pressed"] = .string(digits) }
        var twiml = TwiML()
        let answer: JSON
        do {
            answer = try JSON.parse(try context.host.voiceStep(callSID: try webhook.required("CallSid"),
                                                               requestJSON: JSON.object(["seq": 0, "input": .object(input)]).serialized))
        } catch {
            // The host could not answer this round: keep the caller waiting, never in silence.
            context.host.log(.warn, "voice: hold round for queue \(queue) not answered by the host: \(error)")
            twiml.add("Say", text: "Please hold. The next available person will answer.")
            twiml.add("Pause", [("length", "10")])
            return twiml.response
        }
        let said = answer["say"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let speech = InstructionRenderer.speech(answer["speech"])
        if answer["leave"]?.boolValue == true {
            for text in said { twiml.add("Say", speech, text: text) }
            twiml.add("Leave")
            return twiml.response
        }
        var sounds = said.map { TwiML.element("Say", speech, text: $0) }
        if let music = answer["music_url"]?.stringValue { sounds.append(TwiML.element("Play", text: music)) }
        else { sounds.append(TwiML.element("Pause", [("length", "10")])) }
        if answer["listen"]?.boolValue == true {
            let again = context.publicURL + CallRoutes.waitPath + "?" + request.query
            twiml.add("Gather", [("input", "dtmf"), ("numDigits", "1"), ("finishOnKey", ""), ("timeout", "1"), ("action", again), ("method", "POST")],
                      children: sounds)
        } else {
            for sound in sounds { twiml.append(sound) }
        }
        return twiml.response
    }
}
