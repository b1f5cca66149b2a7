import PluginKit

/// `POST /hooks/<instance>/events`, the Events API request URL. Checks Slack's signature and
/// timestamp before reading anything (401, nothing stored), answers the `url_verification`
/// challenge, and applies each event once (`event_id`), answering 200 only after what it stored
/// is committed. Slack wants an answer within 3 seconds and retries otherwise; a 500 here asks
/// for that retry when a reply could not be stored.
struct EventsRoute {
    let host: PluginHost
    let config: SlackConfig
    let reply: ThreadReply
    let log: EventLog

    static let path = "/events"

    func handle(_ request: PluginHTTPRequest) -> PluginHTTPResponse {
        guard request.method == "POST" else { return PluginHTTPResponse.text(405, "POST only").adding(header: "Allow", "POST") }
        let now = Clock.nowMillis()
        if let refusal = EventSignature.refusal(request, secret: config.signingSecret, nowMs: now) {
            host.log(.warn, "slack: refused an Events API request: \(refusal)")
            return .json(401, ["error": .string(refusal)])
        }
        let parsed: SlackEvent
        do {
            parsed = try SlackEvent.parse(request.body)
        } catch {
            return .json(400, ["error": .string("malformed Events API body: \(error)")])
        }
        switch parsed {
        case .urlVerification(let challenge):
            return .json(200, ["challenge": .string(challenge)])
        case .other(let type):
            host.log(.info, "slack: acknowledged an Events API request of type \(type)")
            return .json(200, ["ok": true])
        case .callback(let callback):
            if log.handled(callback.eventID) { return .json(200, ["ok": true, "duplicate": true]) }
            let outcome: ThreadReply.Outcome
            do {
                outcome = try reply.apply(callback, nowMs: now)
            } catch {
                host.log(.error, "slack: could not store event \(callback.eventID): \(error); Slack will retry")
                return .json(500, ["error": "could not store the event; retry"])
            }
            do { try log.record(callback.eventID, atMs: now) } catch {
                // Stored already; a retry is deduplicated by the message's own id.
                host.log(.warn, "slack: could not record event \(callback.eventID) as handled: \(error)")
            }
            switch outcome {
            case .stored(let side): return .json(200, ["ok": true, "side_conversation_id": .string(side)])
            case .ignored(let why): return .json(200, ["ok": true, "ignored": .string(why)])
            }
        }
    }
}
