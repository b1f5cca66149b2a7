import SwitchboardDomain
import SwitchboardSupport

/// POST /api/v1/voice/queues/{id}/take: "Take next call" from the web app. An agent of the queue's
/// team takes the queue's head (a live caller, or a due callback keeping its place); the host rings
/// their profile's phone or SIP address through the same path as its dispatcher, and their answer
/// bridges the caller (`<Dial><Queue>`) or calls the customer back.
struct VoiceTakeNextEndpoint {
    let store: Store
    let dispatcher: VoiceQueueDispatcher

    var routes: [Route] {
        [Route(method: "POST", pattern: "/api/v1/voice/queues/{id}/take", access: .people, handler: take)]
    }

    func take(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let queueID = r.parameter("id")
        guard let queue = try storeCall({ try store.voiceQueue(id: queueID) }) else { throw .notFound("no voice queue \(queueID)") }
        // Only the team's own agents: the call is theirs to answer and the conversation is assigned to them.
        guard let agentID = r.caller?.agentID, let agent = try storeCall({ try store.agent(id: agentID) }),
              agent.teamIDs.contains(queue.teamID)
        else { throw APIError(status: 403, code: "forbidden", message: "only agents of team \(queue.teamID) take calls from queue \(queueID)") }
        let action = try domainCall { try dispatcher.take(queueID: queueID, agentID: agentID, nowMillis: Clock.nowMillis()) }
        let (entryID, connection, target): (String, String, String)
        switch action {
        case .bridge(let id, _, _, let to): (entryID, connection, target) = (id, "bridge", to)
        case .callBack(let id, _, let to, _, _): (entryID, connection, target) = (id, "callback", to)
        }
        guard let entry = try storeCall({ try store.voiceQueueEntry(id: entryID) }) else { throw .notFound("no queue entry \(entryID)") }
        return .json(200, ["connection": .string(connection), "ringing": .string(target), "entry": Present.voiceQueueEntry(entry, position: nil)])
    }
}
