import SwitchboardDomain
import SwitchboardSupport

/// /api/v1/agents…, /api/v1/me: agents (admins manage them; people may read them), personal
/// API tokens, and the signed-in person's own availability and password.
struct PeopleEndpoints {
    let store: Store
    let sessionPolicy: SessionPolicy
    /// After any change that can free or add an agent's capacity: availability, capacity,
    /// skills, channels, (de)activation. Routing assigns waiting conversations from there.
    let onCapacityChange: @Sendable (_ agentID: String) -> Void

    var routes: [Route] {
        [
            Route(method: "GET", pattern: "/api/v1/agents", access: .people, handler: list),
            Route(method: "POST", pattern: "/api/v1/agents", access: .admin, handler: create),
            Route(method: "GET", pattern: "/api/v1/agents/{id}", access: .people, handler: get),
            Route(method: "PATCH", pattern: "/api/v1/agents/{id}", access: .admin, handler: update),
            Route(method: "DELETE", pattern: "/api/v1/agents/{id}", access: .admin, handler: deactivate),
            Route(method: "GET", pattern: "/api/v1/agents/{id}/tokens", access: .people, handler: listTokens),
            Route(method: "POST", pattern: "/api/v1/agents/{id}/tokens", access: .people, handler: createToken),
            Route(method: "DELETE", pattern: "/api/v1/agents/{id}/tokens/{token_id}", access: .people, handler: revokeToken),
            Route(method: "GET", pattern: "/api/v1/me", access: .people, handler: me),
            Route(method: "PATCH", pattern: "/api/v1/me", access: .people, handler: updateMe),
        ]
    }

    // MARK: agents

    func list(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let all = try r.boolQuery("include_deactivated") ?? false
        let agents = try storeCall { try store.agents(includeDeactivated: all) }
        return .json(200, ["agents": .array(agents.map(Present.agent))])
    }

    func get(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        .json(200, Present.agent(try existing(r.parameter("id"))))
    }

    func create(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let body = try r.jsonBody()
        let fields = try Self.agentFields(body)
        guard let email = fields.email, !email.isEmpty else { throw .badRequest("email", "is required") }
        guard let name = fields.name, !name.isEmpty else { throw .badRequest("name", "is required") }
        var draft = AgentDraft(email: email, name: name, handle: fields.handle, role: fields.role ?? .agent, password: fields.password)
        draft.skills = fields.skills ?? []
        draft.capacity = fields.capacity ?? Agent.defaultCapacity
        draft.availability = fields.availability ?? .offline
        draft.channelInstanceIDs = fields.channelInstanceIDs ?? []
        let agent = try domainCall { try store.createAgent(draft) }
        if agent.availability != .offline { onCapacityChange(agent.id) }
        return .json(201, Present.agent(agent))
    }

    func update(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let id = r.parameter("id")
        let changes = try Self.agentFields(try r.jsonBody())
        if id == r.caller?.agentID {
            if let role = changes.role, role != .admin { throw .conflict("you cannot demote yourself: ask another admin") }
            if changes.active == false { throw .conflict("you cannot deactivate yourself: ask another admin") }
        }
        let before = try existing(id)
        let after = try domainCall { try store.updateAgent(id: id, changes, keepingSession: r.caller?.session?.id) }
        if Self.capacityChanged(before, after) { onCapacityChange(id) }
        return .json(200, Present.agent(after))
    }

    /// Soft: the record stays (conversations and events name it); see `Store.deactivateAgent`.
    func deactivate(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let id = r.parameter("id")
        if id == r.caller?.agentID { throw .conflict("you cannot deactivate yourself: ask another admin") }
        let before = try existing(id)
        let after = try domainCall { try store.deactivateAgent(id: id) }
        if Self.capacityChanged(before, after) { onCapacityChange(id) }
        return .json(200, Present.agent(after))
    }

    // MARK: personal tokens (admins, or the agent for themself)

    func listTokens(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let agent = try tokenOwner(r)
        let tokens = try storeCall { try store.personalTokens(agentID: agent.id) }
        return .json(200, ["tokens": .array(tokens.map(AdminEndpoints.present))])
    }

    func createToken(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let agent = try tokenOwner(r)
        let body = r.http.body.isEmpty ? JSONObject() : try r.jsonBody()
        let name = try optionalString(body, "name") ?? "personal token"
        let (info, secret) = try domainCall { try store.createPersonalToken(agentID: agent.id, name: name) }
        var presented = AdminEndpoints.present(info).objectValue!
        presented["key"] = .string(secret)
        return .json(201, .object(presented))
    }

    func revokeToken(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let agent = try tokenOwner(r)
        let id = r.parameter("token_id")
        guard try storeCall({ try store.revokePersonalToken(agentID: agent.id, id: id) }) else {
            throw .notFound("agent \(agent.id) has no token \(id)")
        }
        return HTTPResponse(status: 204)
    }

    /// The agent named in the path, when the caller is an admin or that agent.
    func tokenOwner(_ r: APIRequest) throws(APIError) -> Agent {
        let id = r.parameter("id")
        guard r.caller?.role == .admin || r.caller?.agentID == id else { throw .forbidden }
        return try existing(id)
    }

    // MARK: the signed-in person

    func me(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let me = try signedIn(r)
        return .json(200, Present.me(me, session: r.caller?.session, policy: sessionPolicy,
                                     twoFactor: try storeCall { try store.twoFactorStatus(agentID: me.id, role: me.role) }))
    }

    /// People change their own availability and password here; everything else about them is
    /// an admin's (PATCH /api/v1/agents/{id}). A new password needs the current one (when there
    /// is one) and ends the person's other sessions.
    func updateMe(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let me = try signedIn(r)
        let body = try r.jsonBody()
        for field in ["email", "name", "handle", "role", "capacity", "skills", "channel_instance_ids", "active"] where body[field] != nil {
            throw APIError(status: 403, code: "forbidden", message: "\(field): only an admin may change it (PATCH /api/v1/agents/{id})", field: field)
        }
        var changes = AgentChanges()
        changes.availability = try Self.availability(body)
        let current = try optionalString(body, "current_password")
        if let password = try optionalString(body, "password") {
            if me.hasPassword {
                guard try storeCall({ try store.checkPassword(agentID: me.id, current ?? "") }) else {
                    throw .badRequest("current_password", "must be your current password to set a new one")
                }
            }
            changes.password = password
        }
        let after = try domainCall { try store.updateAgent(id: me.id, changes, keepingSession: r.caller?.session?.id) }
        if Self.capacityChanged(me, after) { onCapacityChange(me.id) }
        return .json(200, Present.me(after, session: r.caller?.session, policy: sessionPolicy,
                                     twoFactor: try storeCall { try store.twoFactorStatus(agentID: after.id, role: after.role) }))
    }

    func signedIn(_ r: APIRequest) throws(APIError) -> Agent {
        guard let id = r.caller?.agentID else { throw .notFound("this API key acts for no agent: /api/v1/me is for people") }
        return try existing(id)
    }

    // MARK: helpers

    func existing(_ id: String) throws(APIError) -> Agent {
        guard let agent = try storeCall({ try store.agent(id: id) }) else { throw .notFound("no agent \(id)") }
        return agent
    }

    /// What routing cares about: whether the agent may take more (or fewer) conversations.
    static func capacityChanged(_ before: Agent, _ after: Agent) -> Bool {
        before.availability != after.availability || before.capacity != after.capacity || before.skills != after.skills
            || before.channelInstanceIDs != after.channelInstanceIDs || before.isActive != after.isActive
    }

    /// The agent fields of a create or update body, type-checked; the store checks the rules.
    static func agentFields(_ body: JSONObject) throws(APIError) -> AgentChanges {
        var changes = AgentChanges()
        changes.email = try optionalString(body, "email")
        changes.name = try optionalString(body, "name")
        changes.handle = try optionalString(body, "handle")
        if let role = try optionalString(body, "role") {
            guard let value = Role(rawValue: role), value != .integrator else { throw .badRequest("role", "must be admin or agent") }
            changes.role = value
        }
        changes.password = try optionalString(body, "password")
        changes.skills = try optionalStrings(body, "skills")
        changes.capacity = try optionalInt(body, "capacity")
        changes.availability = try availability(body)
        changes.channelInstanceIDs = try optionalStrings(body, "channel_instance_ids")
        changes.active = try optionalBool(body, "active")
        return changes
    }

    static func availability(_ body: JSONObject) throws(APIError) -> Availability? {
        guard let raw = try optionalString(body, "availability") else { return nil }
        guard let value = Availability(rawValue: raw) else { throw .badRequest("availability", "must be online, away or offline") }
        return value
    }
}


func optionalInt(_ body: JSONObject, _ field: String) throws(APIError) -> Int? {
    guard let value = body[field], !value.isNull else { return nil }
    guard let n = value.intValue else { throw .badRequest(field, "must be a whole number") }
    return n
}

func optionalStrings(_ body: JSONObject, _ field: String) throws(APIError) -> [String]? {
    guard let value = body[field], !value.isNull else { return nil }
    guard let items = value.arrayValue, items.allSatisfy({ $0.stringValue != nil }) else {
        throw .badRequest(field, "must be an array of strings")
    }
    return items.compactMap(\.stringValue)
}
