import SwitchboardDomain
import SwitchboardSupport

/// /api/v1/conversations/{id}/…: the actions every conversation has, whatever its channel,
/// and internal comments. Every role may act on the conversations it can see.
struct ConversationActionEndpoints {
    let store: Store
    /// Tell the workflow scheduler: capacity may have freed, or a conversation needs routing.
    let onChange: @Sendable () -> Void
    /// Tells a live channel (a chat widget) that the conversation's status changed.
    var signals: ConversationSignals? = nil

    var routes: [Route] {
        let base = "/api/v1/conversations/{id}"
        return [
            Route(method: "POST", pattern: base + "/assign", access: .any, handler: assign),
            Route(method: "POST", pattern: base + "/unassign", access: .any) { r throws(APIError) in try act(r, .unassign) },
            Route(method: "POST", pattern: base + "/tags", access: .any, handler: addTags),
            Route(method: "DELETE", pattern: base + "/tags/{tag}", access: .any) { r throws(APIError) in try act(r, .removeTag(r.parameter("tag"))) },
            Route(method: "POST", pattern: base + "/snooze", access: .any, handler: snooze),
            Route(method: "POST", pattern: base + "/close", access: .any) { r throws(APIError) in try act(r, .close) },
            Route(method: "POST", pattern: base + "/reopen", access: .any) { r throws(APIError) in try act(r, .reopen) },
            Route(method: "POST", pattern: base + "/archive", access: .any) { r throws(APIError) in try act(r, .archive) },
            Route(method: "POST", pattern: base + "/escalate", access: .any, handler: escalate),
            Route(method: "POST", pattern: base + "/priority", access: .any, handler: priority),
            Route(method: "PATCH", pattern: base + "/fields", access: .any, handler: fields),
            Route(method: "POST", pattern: base + "/comments", access: .any, handler: comment),
        ]
    }

    /// Run an action and answer with the conversation and whether it changed.
    func act(_ r: APIRequest, _ action: ConversationAction) throws(APIError) -> HTTPResponse {
        let outcome = try domainCall { try store.perform(action, on: r.parameter("id"), viewer: r.viewer, actor: r.actor) }
        if outcome.changed {
            onChange()
            switch action {
            case .close, .reopen, .archive, .snooze:
                signals?.send("conversation.status", data: ["status": .string(outcome.conversation.status.rawValue)], to: outcome.conversation)
            case .setFields(let patch):
                // A channel that links what a field names (Amazon: an order id set by hand) hears of it.
                signals?.send("conversation.fields", data: .object(patch), to: outcome.conversation)
            default: break
            }
        }
        var body = Present.conversation(outcome.conversation).objectValue!
        body["changed"] = .bool(outcome.changed)
        return .json(200, .object(body))
    }

    func assign(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let body = try r.jsonBody()
        var given: [(String, String)] = []
        for field in ["agent_id", "team_id", "agent_stack"] {
            if let value = try optionalString(body, field) { given.append((field, value)) }
        }
        guard given.count == 1, let (field, value) = given.first else {
            throw .badRequest("agent_id", "give exactly one of agent_id, team_id or agent_stack")
        }
        switch field {
        case "agent_id": return try act(r, .assignAgent(value))
        case "team_id": return try act(r, .assignTeam(value))
        default: return try act(r, .assignStack(value))
        }
    }

    func addTags(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let body = try r.jsonBody()
        guard let items = body["tags"]?.arrayValue, !items.isEmpty, items.count <= 50 else {
            throw .badRequest("tags", "must be an array of 1 to 50 tags")
        }
        let tags = items.compactMap(\.stringValue)
        guard tags.count == items.count else { throw .badRequest("tags", "must contain strings") }
        return try act(r, .addTags(tags))
    }

    func snooze(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let body = try r.jsonBody()
        let until: Int64
        if let text = try optionalString(body, "until") {
            guard let millis = Clock.parseISO8601(text) else { throw .badRequest("until", "must be an ISO 8601 time like 2026-11-21T09:00:00Z") }
            until = millis
        } else if let seconds = body["seconds"] {
            guard let value = seconds.doubleValue, value >= 1, value <= 366 * 86_400 else {
                throw .badRequest("seconds", "must be a number of seconds from 1 to a year")
            }
            until = Clock.nowMillis() + Int64(value * 1000)
        } else {
            throw .badRequest("until", "give until (ISO 8601) or seconds")
        }
        return try act(r, .snooze(until: until))
    }

    func escalate(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let body = try r.optionalJSONBody()
        let reason = try optionalString(body, "reason")
        if let reason, reason.utf8.count > 2000 { throw .badRequest("reason", "is longer than 2000 bytes") }
        return try act(r, .escalate(reason: reason))
    }

    func priority(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let body = try r.jsonBody()
        guard let raw = try optionalString(body, "priority"), let priority = Priority(rawValue: raw) else {
            throw .badRequest("priority", "must be one of low, normal, high, urgent")
        }
        return try act(r, .setPriority(priority))
    }

    func fields(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let body = try r.jsonBody()
        guard let patch = body["fields"]?.objectValue else { throw .badRequest("fields", "must be an object of field → value (null removes)") }
        return try act(r, .setFields(patch))
    }

    func comment(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let body = try r.jsonBody()
        guard let text = try optionalString(body, "text") else { throw .badRequest("text", "is required") }
        var mentions: [String] = []
        if let value = body["mentions"], !value.isNull {
            guard let items = value.arrayValue, items.allSatisfy({ $0.stringValue != nil }) else {
                throw .badRequest("mentions", "must be an array of agent ids")
            }
            mentions = items.compactMap(\.stringValue)
        }
        let comment = Comment(text: text, authorAgentID: r.caller?.agentID, mentionAgentIDs: mentions)
        let (message, notified) = try domainCall { try store.addComment(comment, conversationID: r.parameter("id"), viewer: r.viewer, actor: r.actor) }
        var result = Present.message(message).objectValue!
        result["mentions"] = .array(notified.map(JSON.string))
        return .json(201, .object(result))
    }
}

