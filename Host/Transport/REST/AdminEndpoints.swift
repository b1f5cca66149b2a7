import SwitchboardDomain
import SwitchboardSupport

/// Operator endpoints: plugins, channel instances, credentials, API keys, outbox.
struct AdminEndpoints {
    let store: Store
    let registry: ChannelRegistry
    let onOutboxChange: @Sendable () -> Void

    var routes: [Route] {
        [
            Route(method: "GET", pattern: "/api/v1/plugins", access: .admin, handler: listPlugins),
            Route(method: "GET", pattern: "/api/v1/plugins/{id}", access: .admin, handler: getPlugin),
            Route(method: "POST", pattern: "/api/v1/plugins/{id}/enable", access: .admin) { r throws(APIError) in try setPlugin(r, true) },
            Route(method: "POST", pattern: "/api/v1/plugins/{id}/disable", access: .admin) { r throws(APIError) in try setPlugin(r, false) },
            Route(method: "POST", pattern: "/api/v1/plugins/{id}/upgrade", access: .admin, handler: upgradePlugin),
            Route(method: "GET", pattern: "/api/v1/channels", access: .admin, handler: listChannels),
            Route(method: "POST", pattern: "/api/v1/channels", access: .admin, handler: addChannel),
            Route(method: "GET", pattern: "/api/v1/channels/{id}", access: .admin, handler: getChannel),
            Route(method: "PATCH", pattern: "/api/v1/channels/{id}", access: .admin, handler: configureChannel),
            Route(method: "DELETE", pattern: "/api/v1/channels/{id}", access: .admin, handler: removeChannel),
            Route(method: "POST", pattern: "/api/v1/channels/{id}/enable", access: .admin) { r throws(APIError) in try setChannel(r, true) },
            Route(method: "POST", pattern: "/api/v1/channels/{id}/disable", access: .admin) { r throws(APIError) in try setChannel(r, false) },
            Route(method: "GET", pattern: "/api/v1/credentials", access: .admin, handler: listCredentials),
            Route(method: "PUT", pattern: "/api/v1/credentials/{id}", access: .admin, handler: putCredential),
            Route(method: "DELETE", pattern: "/api/v1/credentials/{id}", access: .admin, handler: deleteCredential),
            Route(method: "GET", pattern: "/api/v1/api-keys", access: .admin, handler: listKeys),
            Route(method: "POST", pattern: "/api/v1/api-keys", access: .admin, handler: createKey),
            Route(method: "DELETE", pattern: "/api/v1/api-keys/{id}", access: .admin, handler: revokeKey),
            Route(method: "GET", pattern: "/api/v1/outbox", access: .admin, handler: listOutbox),
            Route(method: "POST", pattern: "/api/v1/outbox/{message_id}/retry", access: .admin, handler: retryOutbox),
        ]
    }

    // MARK: plugins

    func listPlugins(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        .json(200, ["plugins": .array(registry.pluginStatuses().map(Present.plugin))])
    }

    func getPlugin(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        guard let status = registry.pluginStatus(r.parameter("id")) else { throw .notFound("no plugin \(r.parameter("id"))") }
        return .json(200, Present.plugin(status))
    }

    func setPlugin(_ r: APIRequest, _ enabled: Bool) throws(APIError) -> HTTPResponse {
        try registryCall { try registry.setPluginEnabled(r.parameter("id"), enabled) }
        return try getPlugin(r)
    }

    func upgradePlugin(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let body = try r.optionalJSONBody()
        let path = try optionalString(body, "path")
        _ = try registryCall { try registry.upgradePlugin(r.parameter("id"), directory: path) }
        return try getPlugin(r)
    }

    // MARK: channel instances

    func listChannels(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        .json(200, ["channels": .array(registry.instanceStatuses().map(Present.instance))])
    }

    func getChannel(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        guard let status = registry.instanceStatus(r.parameter("id")) else { throw .notFound("no channel instance \(r.parameter("id"))") }
        return .json(200, Present.instance(status))
    }

    func addChannel(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let body = try r.jsonBody()
        guard let id = try optionalString(body, "id"), Self.validID(id) else {
            throw .badRequest("id", "is required: 1-64 characters of a-z, 0-9, '-' or '_'")
        }
        // /hooks/shared/… carries the routes instances of one plugin share (ABI 1.3 route_add_shared).
        guard id != PluginDispatch.sharedSegment else { throw .badRequest("id", "\"\(id)\" is reserved for shared webhook routes") }
        guard let pluginID = try optionalString(body, "plugin_id"), !pluginID.isEmpty else { throw .badRequest("plugin_id", "is required") }
        // Named, so a form shows it on the id (addInstance checks again, atomically).
        if try storeCall({ try store.channelInstance(id: id) }) != nil {
            throw APIError(status: 409, code: "conflict", message: "id: a channel instance \(id) already exists", field: "id")
        }
        let config = try registryCall { try registry.validateConfig(pluginID: pluginID, config: body["config"] ?? [:]) }
        let (kind, ref, mode) = try binding(body)
        let enabled = try optionalBool(body, "enabled") ?? true
        let now = Clock.nowMillis()
        var record = ChannelInstanceRecord(id: id, pluginID: pluginID, name: try optionalString(body, "name") ?? id,
                                           configJSON: config.serialized, enabled: enabled, bindingKind: kind, bindingRef: ref,
                                           createdAt: now, updatedAt: now)
        record.stackMode = mode
        let claims = ClaimPolicy(takeOver: try optionalBool(body, "take_over") ?? false, actor: r.actor)
        let setup = try setupOperation(body, enabled: enabled)
        if let setup, registry.pluginStatus(pluginID)?.manifest?.adminOperation(setup.name)?.scope != .instance {
            throw .badRequest("setup.operation", "plugin \(pluginID) offers no admin operation \(setup.name) on an instance")
        }
        let status = try registryCall { try registry.addInstance(record, claims: claims) }
        guard let setup else { return .json(201, Present.instance(status)) }
        return try runSetup(setup, on: status, r)
    }

    /// "setup": {"operation": "number.buy", "args": {…}}: an instance-scope admin operation (ABI
    /// 1.3) run in the step that creates the instance, such as buying the number it serves.
    func setupOperation(_ body: JSONObject, enabled: Bool) throws(APIError) -> (name: String, args: JSONObject)? {
        guard let value = body["setup"], !value.isNull else { return nil }
        guard let name = value["operation"]?.stringValue, !name.isEmpty else {
            throw .badRequest("setup.operation", "names the plugin's admin operation to run once the instance starts")
        }
        guard enabled else { throw .badRequest("enabled", "must be true with setup: the operation runs on the running instance") }
        let args = value["args"] ?? [:]
        guard let object = args.objectValue else { throw .badRequest("setup.args", "must be a JSON object") }
        return (name, object)
    }

    /// Runs the setup operation on the instance just added; if the instance did not start or the
    /// operation fails, the instance is removed again and the operator gets the reason.
    func runSetup(_ setup: (name: String, args: JSONObject), on added: InstanceStatus, _ r: APIRequest) throws(APIError) -> HTTPResponse {
        let id = added.record.id
        guard added.state == "running" else {
            try? registry.removeInstance(id)
            let reason = added.reason ?? added.state
            if let field = RuntimeError.settingPath(in: RuntimeError.pluginReason(reason)) {
                throw .badRequest("config.\(field)", "the plugin refused the configuration: \(RuntimeError.pluginReason(reason))")
            }
            throw APIError(status: 422, code: "instance_failed", message: "the instance did not start, so \(setup.name) did not run: \(reason)")
        }
        let answer = try registryCall {
            try registry.runAdminOperation(pluginID: added.record.pluginID, name: setup.name, instanceID: id, args: setup.args, actor: r.actor)
        }
        guard answer.succeeded else {
            try? registry.removeInstance(id)
            throw AdminOperationEndpoints.error(answer)
        }
        var presented = Present.instance(registry.instanceStatus(id) ?? added).objectValue ?? [:]
        presented["setup"] = ["operation": .string(setup.name), "result": answer.body]
        return .json(201, .object(presented))
    }

    func configureChannel(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        guard var record = try storeCall({ try store.channelInstance(id: r.parameter("id")) }) else {
            throw .notFound("no channel instance \(r.parameter("id"))")
        }
        let body = try r.jsonBody()
        if let name = try optionalString(body, "name") { record.name = name }
        if let config = body["config"] {
            record.configJSON = try registryCall { try registry.validateConfig(pluginID: record.pluginID, config: config) }.serialized
        }
        if body["binding"] != nil { (record.bindingKind, record.bindingRef, record.stackMode) = try binding(body) }
        if let enabled = try optionalBool(body, "enabled") { record.enabled = enabled }
        let claims = ClaimPolicy(takeOver: try optionalBool(body, "take_over") ?? false, actor: r.actor)
        let status = try registryCall { try registry.updateInstance(record, claims: claims) }
        return .json(200, Present.instance(status))
    }

    func setChannel(_ r: APIRequest, _ enabled: Bool) throws(APIError) -> HTTPResponse {
        guard var record = try storeCall({ try store.channelInstance(id: r.parameter("id")) }) else {
            throw .notFound("no channel instance \(r.parameter("id"))")
        }
        record.enabled = enabled
        if enabled { try registryCall { try registry.checkVoiceFlows(pluginID: record.pluginID, configJSON: record.configJSON) } }
        // Enabling an instance whose asset was taken over takes it back only when asked (?take_over=true).
        let takeOver = try r.boolQuery("take_over") == true && enabled
        let status = try registryCall { try registry.updateInstance(record, claims: ClaimPolicy(takeOver: takeOver, actor: r.actor)) }
        onOutboxChange()
        return .json(200, Present.instance(status))
    }

    func removeChannel(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        try registryCall { try registry.removeInstance(r.parameter("id")) }
        return HTTPResponse(status: 204)
    }

    /// `binding`: {"kind": "team"|"stack", "ref", "mode": "answer"|"draft"} (mode only with a stack).
    func binding(_ body: JSONObject) throws(APIError) -> (BindingKind, String?, StackMode) {
        guard let value = body["binding"], !value.isNull else { return (.team, nil, .answer) }
        guard let kindName = value["kind"]?.stringValue, let kind = BindingKind(rawValue: kindName) else {
            throw .badRequest("binding.kind", "must be team or stack")
        }
        let ref = value["ref"]?.stringValue
        if kind == .stack && (ref ?? "").isEmpty { throw .badRequest("binding.ref", "names the Agent Stack and is required for kind stack") }
        if kind == .stack, let ref, !(try storeCall { try store.stackExists(id: ref) }) { throw .badRequest("binding.ref", "no Agent Stack \(ref)") }
        var mode = StackMode.answer
        if let given = value["mode"], !given.isNull {
            guard let name = given.stringValue, let parsed = StackMode(rawValue: name) else { throw .badRequest("binding.mode", "must be answer or draft") }
            guard kind == .stack || parsed == .answer else { throw .badRequest("binding.mode", "draft applies to a stack binding only") }
            mode = parsed
        }
        return (kind, ref, mode)
    }

    static func validID(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= 64
            && id.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D || $0 == 0x5F }
    }

    // MARK: credentials and keys

    func listCredentials(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let items = try storeCall { try store.credentials() }
        return .json(200, ["credentials": .array(items.map {
            ["id": .string($0.id), "description": .string($0.description), "created_at": .string(Clock.iso8601($0.createdAt))]
        })])
    }

    func putCredential(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let id = r.parameter("id")
        guard Self.validID(id) else { throw .badRequest("id", "must be 1-64 characters of a-z, 0-9, '-' or '_'") }
        let body = try r.jsonBody()
        guard let secret = try optionalString(body, "secret"), !secret.isEmpty else { throw .badRequest("secret", "is required") }
        let description = try optionalString(body, "description") ?? ""
        try storeCall { try store.putCredential(id: id, secret: secret, description: description) }
        return .json(200, ["id": .string(id)])
    }

    func deleteCredential(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        guard try storeCall({ try store.deleteCredential(id: r.parameter("id")) }) else { throw .notFound("no credential \(r.parameter("id"))") }
        return HTTPResponse(status: 204)
    }

    func listKeys(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let keys = try storeCall { try store.apiKeys() }
        return .json(200, ["api_keys": .array(keys.map(Self.present))])
    }

    func createKey(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let body = try r.jsonBody()
        guard let name = try optionalString(body, "name"), !name.isEmpty else { throw .badRequest("name", "is required") }
        guard let roleName = try optionalString(body, "role"), let role = Role(rawValue: roleName) else {
            throw .badRequest("role", "must be admin, agent or integrator")
        }
        let instances = try optionalStrings(body, "channel_instance_ids") ?? []
        if role == .integrator && instances.isEmpty { throw .badRequest("channel_instance_ids", "an integrator key needs at least one channel instance") }
        for id in instances where try storeCall({ try store.channelInstance(id: id) }) == nil {
            throw .badRequest("channel_instance_ids", "no channel instance \(id)")
        }
        let agentID = try optionalString(body, "agent_id")
        if role == .agent && agentID == nil {
            throw .badRequest("agent_id", "an agent key acts for an agent: name one (or use POST /api/v1/agents/{id}/tokens)")
        }
        if let agentID {
            guard role != .integrator else { throw .badRequest("agent_id", "integrator keys act for no agent") }
            guard let agent = try storeCall({ try store.agent(id: agentID) }) else { throw .notFound("no agent \(agentID)") }
            guard agent.isActive else { throw APIError(status: 409, code: "conflict", message: "agent \(agentID) is deactivated", field: "agent_id") }
            // The key acts with the agent's current role, so it must say that role now.
            guard agent.role == role else { throw .badRequest("role", "must be the agent's role, \(agent.role.rawValue)") }
        }
        var dataRequests = false
        if let grant = body["data_requests"], !grant.isNull {
            guard let value = grant.boolValue else { throw .badRequest("data_requests", "must be true or false") }
            guard !value || role == .integrator else { throw .badRequest("data_requests", "only integrator keys need the grant: admins have it, agents never") }
            dataRequests = value
        }
        let (info, secret) = try storeCall {
            try store.createAPIKey(name: name, role: role, channelInstanceIDs: instances, agentID: agentID, dataRequests: dataRequests)
        }
        var presented = Self.present(info).objectValue!
        presented["key"] = .string(secret)
        return .json(201, .object(presented))
    }

    func revokeKey(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        guard try storeCall({ try store.revokeAPIKey(id: r.parameter("id")) }) else { throw .notFound("no API key \(r.parameter("id"))") }
        return HTTPResponse(status: 204)
    }

    static func present(_ k: APIKeyInfo) -> JSON {
        ["id": .string(k.id), "name": .string(k.name), "role": .string(k.role.rawValue),
         "channel_instance_ids": .array(k.channelInstanceIDs.map(JSON.string)), "agent_id": .from(k.agentID),
         "data_requests": .bool(k.role == .admin || k.dataRequests), "created_at": .string(Clock.iso8601(k.createdAt))]
    }

    // MARK: outbox

    func listOutbox(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let state = r.http.queryValue("state") ?? "failed"
        guard ["pending", "sent", "failed"].contains(state) else { throw .badRequest("state", "must be pending, sent or failed") }
        let limit = try r.intQuery("limit", default: 100, range: 1...1000)
        let items = try storeCall { try store.outboxEntries(state: state, limit: limit) }
        return .json(200, ["entries": .array(items.map(Present.outbox))])
    }

    func retryOutbox(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        guard let id = Int64(r.parameter("message_id")) else { throw .badRequest("message_id", "must be a message id") }
        guard try storeCall({ try store.requeue(messageID: id) }) else { throw .notFound("no failed outbox entry for message \(id)") }
        onOutboxChange()
        return .json(202, ["message_id": .number(Double(id)), "state": "pending"])
    }
}

func registryCall<T>(_ body: () throws -> T) throws(APIError) -> T {
    do { return try body() } catch let error as RegistryError {
        switch error {
        case .notFound(let m): throw .notFound(m)
        case .conflict(let m): throw .conflict(m)
        case .claimed(let field, let m): throw APIError(status: 409, code: "asset_claimed", message: "\(field): \(m)", field: field)
        case .invalid(let field, let m): throw .badRequest(field, m)
        case .failed(let m): throw APIError(status: 422, code: "operation_failed", message: m)
        }
    } catch let error as APIError {
        throw error
    } catch {
        throw APIError(status: 503, code: "unavailable", message: "\(error)")
    }
}

func optionalBool(_ body: JSONObject, _ field: String) throws(APIError) -> Bool? {
    guard let value = body[field], !value.isNull else { return nil }
    guard let b = value.boolValue else { throw .badRequest(field, "must be true or false") }
    return b
}
