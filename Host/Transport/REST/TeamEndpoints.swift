import SwitchboardDomain
import SwitchboardSupport

/// /api/v1/teams…: admins manage teams and their members; people may read them.
struct TeamEndpoints {
    let store: Store
    /// After an agent joins a team: the team's queue may now go to them.
    let onCapacityChange: @Sendable (_ agentID: String) -> Void

    var routes: [Route] {
        [
            Route(method: "GET", pattern: "/api/v1/teams", access: .people, handler: list),
            Route(method: "POST", pattern: "/api/v1/teams", access: .admin, handler: create),
            Route(method: "GET", pattern: "/api/v1/teams/{id}", access: .people, handler: get),
            Route(method: "PATCH", pattern: "/api/v1/teams/{id}", access: .admin, handler: update),
            Route(method: "DELETE", pattern: "/api/v1/teams/{id}", access: .admin, handler: delete),
            Route(method: "GET", pattern: "/api/v1/teams/{id}/members", access: .people, handler: members),
            Route(method: "PUT", pattern: "/api/v1/teams/{id}/members/{agent_id}", access: .admin, handler: addMember),
            Route(method: "DELETE", pattern: "/api/v1/teams/{id}/members/{agent_id}", access: .admin, handler: removeMember),
        ]
    }

    func list(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        .json(200, ["teams": .array(try storeCall { try store.teams() }.map(Present.team))])
    }

    func get(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        .json(200, Present.team(try existing(r.parameter("id"))))
    }

    func create(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let fields = try Self.teamFields(try r.jsonBody())
        guard let name = fields.name, !name.isEmpty else { throw .badRequest("name", "is required") }
        var draft = TeamDraft(name: name)
        draft.strategy = fields.strategy ?? .roundRobin
        draft.isDefault = fields.isDefault ?? false
        draft.isEscalation = fields.isEscalation ?? false
        return .json(201, Present.team(try domainCall { try store.createTeam(draft) }))
    }

    func update(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let changes = try Self.teamFields(try r.jsonBody())
        return .json(200, Present.team(try domainCall { try store.updateTeam(id: r.parameter("id"), changes) }))
    }

    func delete(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        try domainCall { try store.deleteTeam(id: r.parameter("id")) }
        return HTTPResponse(status: 204)
    }

    func members(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let members = try domainCall { try store.teamMembers(teamID: r.parameter("id")) }
        return .json(200, ["members": .array(members.map(Present.member))])
    }

    /// Idempotent: adding a member twice is not an error.
    func addMember(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let teamID = r.parameter("id"), agentID = r.parameter("agent_id")
        if try domainCall({ try store.addTeamMember(teamID: teamID, agentID: agentID) }) { onCapacityChange(agentID) }
        return try members(r)
    }

    func removeMember(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let teamID = r.parameter("id"), agentID = r.parameter("agent_id")
        guard try domainCall({ try store.removeTeamMember(teamID: teamID, agentID: agentID) }) else {
            throw .notFound("agent \(agentID) is not a member of team \(teamID)")
        }
        return HTTPResponse(status: 204)
    }

    func existing(_ id: String) throws(APIError) -> Team {
        guard let team = try storeCall({ try store.team(id: id) }) else { throw .notFound("no team \(id)") }
        return team
    }

    static func teamFields(_ body: JSONObject) throws(APIError) -> TeamChanges {
        var changes = TeamChanges()
        changes.name = try optionalString(body, "name")
        if let raw = try optionalString(body, "strategy") {
            guard let strategy = AssignmentStrategy(rawValue: raw) else {
                throw .badRequest("strategy", "must be round_robin, capacity, skill or channel")
            }
            changes.strategy = strategy
        }
        changes.isDefault = try optionalBool(body, "is_default")
        changes.isEscalation = try optionalBool(body, "is_escalation")
        return changes
    }
}
