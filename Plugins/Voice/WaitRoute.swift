import PluginKit
import TwilioPlatform

/// POST /voice/wait?queue=<id>&max=<seconds>: the Enqueue waitUrl, which Twilio plays in a loop
/// while the caller waits: the queue's hold prompt, their place (when the queue announces it) and
/// its hold music; past the queue node's maximum wait, `<Leave/>` (the node's max_wait exit).
struct WaitRoute {
    let context: VoiceContext

    func handle(_ request: PluginHTTPRequest) throws(TwilioWebhook.Refusal) -> PluginHTTPResponse {
        let webhook = try context.webhook(request)
        let query = (try? FormURLEncoding.decode(request.query)) ?? []
        let queue = query.first(where: { $0.name == "queue" })?.value ?? ""
        let maxWait = query.first(where: { $0.name == "max" }).flatMap { Int($0.value) } ?? 600
        var twiml = TwiML()
        if let waited = webhook["QueueTime"].flatMap(Int.init), waited >= maxWait {
            twiml.add("Leave")
            return twiml.response
        }
        let settings = context.host.storedString(VoiceContext.queueKey(queue)).flatMap { try? JSON.parse($0) }
        twiml.add("Say", text: settings?["hold_prompt"]?.stringValue ?? "Please hold. The next available person will answer.")
        if settings?["announce_position"]?.boolValue == true, let position = webhook["QueuePosition"], Int(position) != nil {
            twiml.add("Say", text: "You are number \(position) in line.")
        }
        if let music = settings?["hold_music_url"]?.stringValue {
            twiml.add("Play", text: music)
        } else {
            twiml.add("Pause", [("length", "10")])
        }
        return twiml.response
    }
}
