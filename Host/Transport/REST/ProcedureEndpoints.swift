import SwitchboardDomain
import SwitchboardSupport

/// /api/v1/procedures: the handbook's named step lists, attached to topics. Admin and agent keys
/// read them (agents follow them); integrator keys, which belong to outside systems, may not.
/// Admins write them.
struct ProcedureEndpoints {
    let store: Store

    var routes: [Route] {
        [
            Route(method: "GET", pattern: "/api/v1/procedures", access: .any, handler: list),
            Route(method: "POST", pattern: "/api/v1/procedures", access: .admin, handler: create),
            Route(method: "GET", pattern: "/api/v1/procedures/{id}", access: .any, handler: get),
            Route(method: "PUT", pattern: "/api/v1/procedures/{id}", access: .admin, handler: put),
            Route(method: "DELETE", pattern: "/api/v1/procedures/{id}", access: .admin, handler: delete),
        ]
    }

    func list(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        try Self.internalOnly(r)
        var items = try storeCall { try store.procedures() }
        if let topic = r.http.queryValue("topic") { items = items.filter { $0.topics.contains(topic) } }
        return .json(200, ["procedures": .array(items.map(\.json))])
    }

    func get(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        try Self.internalOnly(r)
        guard let p = try storeCall({ try store.procedure(id: r.parameter("id")) }) else { throw .notFound("no procedure \(r.parameter("id"))") }
        return .json(200, p.json)
    }

    func create(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let body = try r.jsonBody()
        let procedure = try domainCall { try Procedure.parse(body) }
        guard try storeCall({ try store.procedure(id: procedure.id) }) == nil else { throw .conflict("procedure \(procedure.id) already exists; PUT replaces it") }
        return .json(201, try domainCall { try store.putProcedure(procedure) }.0.json)
    }

    func put(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let body = try r.jsonBody()
        let procedure = try domainCall { try Procedure.parse(body, id: r.parameter("id")) }
        let (stored, created) = try domainCall { try store.putProcedure(procedure) }
        return .json(created ? 201 : 200, stored.json)
    }

    func delete(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        guard try storeCall({ try store.deleteProcedure(id: r.parameter("id")) }) else { throw .notFound("no procedure \(r.parameter("id"))") }
        return HTTPResponse(status: 204)
    }

    /// The handbook is for the team: not for integrator keys.
    static func internalOnly(_ r: APIRequest) throws(APIError) {
        if r.caller?.role == .integrator { throw .forbidden }
    }
}
