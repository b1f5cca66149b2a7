import SwitchboardDomain
import SwitchboardSupport

/// /api/v1/triage: the topics conversations people handle are classified into (admin sets, all
/// read), and an agent's correction of a conversation's topic.
struct TriageEndpoints {
    let store: Store

    var routes: [Route] {
        [
            Route(method: "GET", pattern: "/api/v1/triage", access: .any, handler: get),
            Route(method: "PUT", pattern: "/api/v1/triage", access: .admin, handler: put),
            Route(method: "POST", pattern: "/api/v1/conversations/{id}/topic", access: .any, handler: correct),
        ]
    }

    func get(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        .json(200, try present(storeCall { try store.triageSettings() }))
    }

    func put(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let body = try r.jsonBody()
        return .json(200, try present(domainCall { try store.saveTriageSettings(body) }))
    }

    /// The settings, and the messages waiting for the engine's second opinion (with the latest reason it failed).
    func present(_ settings: TriageSettings) throws(APIError) -> JSON {
        let backlog = try storeCall { try store.triageBacklog() }
        var object = settings.json.objectValue ?? [:]
        object["engine_queue"] = ["waiting": .from(backlog.waiting), "last_error": .from(backlog.lastError)]
        return .object(object)
    }

    func correct(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let body = try r.jsonBody()
        for key in body.keys where key != "topic" { throw .badRequest(key, "unknown field (use topic)") }
        guard let topic = try optionalString(body, "topic"), !topic.isEmpty else { throw .badRequest("topic", "is required") }
        let conversation = try domainCall {
            try store.correctTopic(conversationID: r.parameter("id"), topic: topic, viewer: r.viewer, actor: r.actor)
        }
        return .json(200, Present.conversation(conversation))
    }
}
