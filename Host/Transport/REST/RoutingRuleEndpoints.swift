import SwitchboardDomain
import SwitchboardSupport

/// /api/v1/routing-rules: conditions → team, first match wins (admin).
struct RoutingRuleEndpoints {
    let store: Store
    /// Rules changed: conversations that could not be placed get another try.
    let onChange: @Sendable () -> Void

    var routes: [Route] {
        [
            Route(method: "GET", pattern: "/api/v1/routing-rules", access: .admin, handler: list),
            Route(method: "POST", pattern: "/api/v1/routing-rules", access: .admin, handler: create),
            Route(method: "GET", pattern: "/api/v1/routing-rules/{id}", access: .admin, handler: get),
            Route(method: "PATCH", pattern: "/api/v1/routing-rules/{id}", access: .admin, handler: update),
            Route(method: "DELETE", pattern: "/api/v1/routing-rules/{id}", access: .admin, handler: delete),
        ]
    }

    func list(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        .json(200, ["routing_rules": .array(try storeCall { try store.routingRules() }.map(Self.present))])
    }

    func get(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        guard let rule = try storeCall({ try store.routingRule(id: r.parameter("id")) }) else {
            throw .notFound("no routing rule \(r.parameter("id"))")
        }
        return .json(200, Self.present(rule))
    }

    func create(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let change = try Self.change(try r.jsonBody())
        let rule = try domainCall { try store.createRoutingRule(change) }
        onChange()
        return .json(201, Self.present(rule))
    }

    func update(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let change = try Self.change(try r.jsonBody())
        let rule = try domainCall { try store.updateRoutingRule(id: r.parameter("id"), change) }
        onChange()
        return .json(200, Self.present(rule))
    }

    func delete(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        guard try storeCall({ try store.deleteRoutingRule(id: r.parameter("id")) }) else {
            throw .notFound("no routing rule \(r.parameter("id"))")
        }
        onChange()
        return HTTPResponse(status: 204)
    }

    static func change(_ body: JSONObject) throws(APIError) -> RoutingRuleChange {
        var change = RoutingRuleChange()
        change.name = try optionalString(body, "name")
        change.teamID = try optionalString(body, "team_id")
        change.enabled = try optionalBool(body, "enabled")
        if let position = body["position"], !position.isNull {
            guard let value = position.doubleValue, value == value.rounded(), abs(value) <= 1_000_000 else {
                throw .badRequest("position", "must be a whole number")
            }
            change.position = Int(value)
        }
        if let conditions = body["conditions"], !conditions.isNull {
            guard let object = conditions.objectValue else { throw .badRequest("conditions", "must be an object") }
            change.conditions = try domainCall { try RoutingConditions.parse(object) }
        }
        return change
    }

    static func present(_ rule: RoutingRule) -> JSON {
        ["id": .string(rule.id), "name": .string(rule.name), "position": .from(rule.position), "conditions": rule.conditions.json,
         "team_id": .string(rule.teamID), "enabled": .bool(rule.enabled), "created_at": .string(Clock.iso8601(rule.createdAt)),
         "updated_at": .string(Clock.iso8601(rule.updatedAt))]
    }
}
