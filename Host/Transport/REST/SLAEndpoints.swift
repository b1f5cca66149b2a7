import SwitchboardDomain
import SwitchboardSupport

/// /api/v1/sla/policies: service-level targets, tried in position order, first match wins (admin).
struct SLAEndpoints {
    let store: Store

    var routes: [Route] {
        [
            Route(method: "GET", pattern: "/api/v1/sla/policies", access: .admin, handler: list),
            Route(method: "POST", pattern: "/api/v1/sla/policies", access: .admin, handler: create),
            Route(method: "GET", pattern: "/api/v1/sla/policies/{id}", access: .admin, handler: get),
            Route(method: "PUT", pattern: "/api/v1/sla/policies/{id}", access: .admin, handler: replace),
            Route(method: "DELETE", pattern: "/api/v1/sla/policies/{id}", access: .admin, handler: delete),
        ]
    }

    func list(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        .json(200, ["policies": .array(try storeCall { try store.slaPolicies() }.map(Self.present))])
    }

    func get(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        guard let policy = try storeCall({ try store.slaPolicy(id: r.parameter("id")) }) else { throw .notFound("no SLA policy \(r.parameter("id"))") }
        return .json(200, Self.present(policy))
    }

    func create(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let body = try r.jsonBody()
        return .json(201, Self.present(try domainCall { try store.saveSLAPolicy(id: nil, body: body) }))
    }

    func replace(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let body = try r.jsonBody()
        return .json(200, Self.present(try domainCall { try store.saveSLAPolicy(id: r.parameter("id"), body: body) }))
    }

    func delete(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        guard try storeCall({ try store.deleteSLAPolicy(id: r.parameter("id")) }) else { throw .notFound("no SLA policy \(r.parameter("id"))") }
        return HTTPResponse(status: 204)
    }

    /// The definition as given, with its id, effective position and defaults filled in.
    static func present(_ policy: SLAPolicy) -> JSON {
        var object = policy.definition
        object["id"] = .string(policy.id)
        object["position"] = .from(policy.position)
        object["enabled"] = .bool(policy.enabled)
        object["conditions"] = policy.conditions.json
        object["team_ids"] = .array(policy.teamIDs.map(JSON.string))
        for target in SLATarget.allCases { object["\(target.rawValue)_minutes"] = .from(policy.minutes[target]) }
        object["business_hours"] = policy.definition["business_hours"] ?? .null
        object["at_risk_minutes"] = .from(policy.atRiskMinutes)
        object["created_at"] = .string(Clock.iso8601(policy.createdAt))
        object["updated_at"] = .string(Clock.iso8601(policy.updatedAt))
        return .object(object)
    }
}
