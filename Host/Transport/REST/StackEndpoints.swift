import SwitchboardDomain
import SwitchboardSupport

/// /api/v1/stacks: Agent Stack definitions (admin) and their usage in credits per day;
/// /api/v1/conversations/{id}/sidekick: Sidekick for the person working a conversation.
struct StackEndpoints {
    let store: Store
    let sidekick: Sidekick

    var routes: [Route] {
        [
            Route(method: "GET", pattern: "/api/v1/stacks", access: .admin, handler: list),
            Route(method: "POST", pattern: "/api/v1/stacks", access: .admin, handler: create),
            Route(method: "GET", pattern: "/api/v1/stacks/{id}", access: .admin, handler: get),
            Route(method: "PUT", pattern: "/api/v1/stacks/{id}", access: .admin, handler: put),
            Route(method: "DELETE", pattern: "/api/v1/stacks/{id}", access: .admin, handler: delete),
            Route(method: "GET", pattern: "/api/v1/stacks/{id}/usage", access: .admin, handler: usage),
            Route(method: "GET", pattern: "/api/v1/conversations/{id}/sidekick", access: .any, handler: ask),
        ]
    }

    func list(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        .json(200, ["stacks": .array(try storeCall { try store.stacks() }.map(Self.present))])
    }

    func get(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        guard let stack = try storeCall({ try store.stack(id: r.parameter("id")) }) else { throw .notFound("no stack \(r.parameter("id"))") }
        return .json(200, Self.present(stack))
    }

    func create(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let body = try r.jsonBody()
        let definition = try domainCall { try StackDefinition.parse(body) }
        guard try !storeCall({ try store.stackExists(id: definition.id) }) else { throw .conflict("stack \(definition.id) already exists; PUT replaces it") }
        return .json(201, Self.present(try domainCall { try store.putStack(definition) }.0))
    }

    /// Create or replace (what `switchboard stacks put` uses). The id in the body, if any, must match the path.
    func put(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        var body = try r.jsonBody()
        let id = r.parameter("id")
        if let given = try optionalString(body, "id"), given != id { throw .badRequest("id", "differs from the id in the path (\(id))") }
        body["id"] = .string(id)
        let definition = try domainCall { try StackDefinition.parse(body) }
        let (stored, created) = try domainCall { try store.putStack(definition) }
        return .json(created ? 201 : 200, Self.present(stored))
    }

    func delete(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        guard try domainCall({ try store.deleteStack(id: r.parameter("id")) }) else { throw .notFound("no stack \(r.parameter("id"))") }
        return HTTPResponse(status: 204)
    }

    func usage(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let id = r.parameter("id")
        guard try storeCall({ try store.stackExists(id: id) }) else { throw .notFound("no stack \(id)") }
        var bounds: [String?] = []
        for name in ["from", "to"] {
            let value = r.http.queryValue(name)
            if let value, !Self.isDay(value) { throw .badRequest(name, "must be a UTC day like 2026-01-31") }
            bounds.append(value)
        }
        let days = try storeCall { try store.stackUsage(stackID: id, from: bounds[0], to: bounds[1]) }
        let total: JSON = ["turns": .from(days.reduce(0) { $0 + $1.turns }), "credits": .from(days.reduce(0) { $0 + $1.credits })]
        // Draft mode: how people decided on the stack's drafts (approved unchanged, edited, discarded).
        let drafts = try storeCall { try store.draftCounts(stackID: id, from: bounds[0], to: bounds[1]) }
        return .json(200, ["stack_id": .string(id), "days": .array(days.map(Self.present)), "total": total, "drafts": drafts.json])
    }

    /// Sidekick is for the team (it shows handbook procedures): admin and agent keys, on conversations they see.
    func ask(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        try ProcedureEndpoints.internalOnly(r)
        let question = r.http.queryValue("q")
        guard let answer = try storeCall({ try sidekick.ask(conversationID: r.parameter("id"), question: question, visibleTo: r.viewer) }) else {
            throw .notFound("no conversation \(r.parameter("id"))")
        }
        return .json(200, answer)
    }

    static func isDay(_ s: String) -> Bool {
        let b = Array(s.utf8)
        return b.count == 10 && b[4] == 0x2D && b[7] == 0x2D && b.enumerated().allSatisfy { i, c in i == 4 || i == 7 || (c >= 0x30 && c <= 0x39) }
    }

    static func present(_ s: StoredStack) -> JSON {
        var object = s.definition.json
        object["created_at"] = .string(Clock.iso8601(s.createdAt))
        object["updated_at"] = .string(Clock.iso8601(s.updatedAt))
        return .object(object)
    }

    static func present(_ d: StackUsageDay) -> JSON {
        ["day": .string(d.day), "turns": .from(d.turns), "replies": .from(d.replies), "handovers": .from(d.handovers),
         "tool_calls": .from(d.toolCalls), "tokens": .from(d.tokens), "credits": .from(d.credits),
         "latency_ms": ["p50": .number(Double(d.p50Micros) / 1000), "p99": .number(Double(d.p99Micros) / 1000)]]
    }
}
