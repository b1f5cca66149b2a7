import SwitchboardDomain
import SwitchboardSupport

/// Operators' admin operations (ABI 1.3 admin_call): plugin code run from the admin API,
/// outside any conversation. A plugin's manifest declares them (GET /api/v1/plugins/{id} lists
/// its "admin_operations"); the body is the operation's arguments, the answer the plugin's.
struct AdminOperationEndpoints {
    let store: Store
    let registry: ChannelRegistry

    var routes: [Route] {
        [
            Route(method: "POST", pattern: "/api/v1/plugins/{id}/operations/{name}", access: .admin, handler: runOnPlugin),
            Route(method: "POST", pattern: "/api/v1/channels/{id}/operations/{name}", access: .admin, handler: runOnInstance),
        ]
    }

    func runOnPlugin(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let args = try r.optionalJSONBody()
        let answer = try registryCall {
            try registry.runAdminOperation(pluginID: r.parameter("id"), name: r.parameter("name"), instanceID: nil, args: args, actor: r.actor)
        }
        return try Self.response(answer)
    }

    func runOnInstance(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let args = try r.optionalJSONBody()
        let id = r.parameter("id")
        guard let record = try storeCall({ try store.channelInstance(id: id) }) else { throw .notFound("no channel instance \(id)") }
        let answer = try registryCall {
            try registry.runAdminOperation(pluginID: record.pluginID, name: r.parameter("name"), instanceID: id, args: args, actor: r.actor)
        }
        return try Self.response(answer)
    }

    /// 200 with the plugin's result, or its refusal as the API's error shape (naming the field).
    static func response(_ answer: AdminAnswer) throws(APIError) -> HTTPResponse {
        guard answer.succeeded else { throw error(answer) }
        return .json(200, answer.body)
    }

    static func error(_ answer: AdminAnswer) -> APIError {
        let field = answer.field
        let code = answer.status == 502 ? "plugin_failed" : field != nil ? "invalid_field" : "operation_refused"
        return APIError(status: answer.status, code: code, message: field.map { "\($0): \(answer.errorMessage)" } ?? answer.errorMessage,
                        field: field)
    }
}
