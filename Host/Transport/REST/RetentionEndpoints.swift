import SwitchboardDomain
import SwitchboardSupport

/// Retention policies (admins): what is deleted or anonymized after how long, and the last pass's report.
struct RetentionEndpoints {
    let store: Store
    /// Asks the background worker for a pass soon.
    let onPolicyChange: @Sendable () -> Void

    var routes: [Route] {
        [
            Route(method: "GET", pattern: "/api/v1/settings/retention", access: .admin, handler: get),
            Route(method: "PUT", pattern: "/api/v1/settings/retention", access: .admin, handler: put),
            Route(method: "POST", pattern: "/api/v1/settings/retention/run", access: .admin, handler: run),
        ]
    }

    func get(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        .json(200, try present())
    }

    func put(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let policy = try domainCall { try RetentionPolicy.parse(.object(try r.jsonBody())) }
        try domainCall { try store.setRetentionPolicy(policy, actor: r.actor) }
        onPolicyChange()
        return .json(200, try present())
    }

    /// A pass now (in the background): 202; GET shows its report once done.
    func run(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        onPolicyChange()
        return .json(202, ["status": "scheduled"])
    }

    private func present() throws(APIError) -> JSON {
        let policy = try storeCall { try store.retentionPolicy() }
        var object = policy.json.objectValue ?? JSONObject()
        object["last_run"] = try storeCall { try store.lastRetentionReport() }.map(JSON.object) ?? .null
        return .object(object)
    }
}
