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
        .json(200, try storeCall { try store.triageSettings() }.json)
    }

    func put(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let body = try r.jsonBody()
        return .json(200, try domainCall { try store.saveTriageSettings(body) }.json)
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
