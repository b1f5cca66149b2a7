import SwitchboardDomain
import SwitchboardPluginAPI
import SwitchboardSupport

/// What a plugin answered to an admin operation: its status and JSON body (a result, or
/// {"error", "field"}), with 5xx already turned into 502 naming the plugin.
public struct AdminAnswer: Sendable {
    public var status: Int
    public var body: JSON

    public var succeeded: Bool { (200..<300).contains(status) }
    public var errorMessage: String { body["error"]?.stringValue ?? "the plugin answered \(status)" }
    public var field: String? { body["field"]?.stringValue }
}

/// Operators' admin operations (ABI 1.3 admin_call): plugin code the admin REST API and the CLI
/// run outside any conversation. Only operations the manifest declares are called; a plugin-scope
/// call gets a context of its own that reaches no instance's data.
extension ChannelRegistry {
    /// Runs `name` of `pluginID`: on no instance (`instanceID` nil, scope "plugin") or on the
    /// running instance `instanceID` (scope "instance"). An operation declared `"after":
    /// "remove_instance"` removes the instance once the plugin reported success.
    public func runAdminOperation(pluginID: String, name: String, instanceID: String?, args: JSONObject,
                                  actor: String) throws(RegistryError) -> AdminAnswer {
        let answer: AdminAnswer
        let operation: AdminOperation
        if let instanceID {
            guard let runtime = runtime(for: instanceID), runtime.isAccepting else {
                guard (try? store.channelInstance(id: instanceID)) ?? nil != nil else { throw .notFound("no channel instance \(instanceID)") }
                throw .conflict("channel instance \(instanceID) is not running: enable it first")
            }
            guard runtime.record.pluginID == pluginID else { throw .notFound("channel instance \(instanceID) is not of plugin \(pluginID)") }
            operation = try declared(name, in: runtime.plugin, scope: .instance)
            let request = AdminRequestParts(operation: name, args: args, instanceID: instanceID, publicBaseURL: publicBaseURL, actor: actor)
            let exchange = PluginHTTPExchange()
            let called: Void? = runtime.call { descriptor, instance in
                request.withRequest { descriptor.admin_call?(HostAPITable.pointer, runtime.context.opaque, instance, $0, exchange.opaque) }
            }
            guard called != nil else { throw .conflict("channel instance \(instanceID) is restarting; retry shortly") }
            answer = Self.answer(exchange, pluginID: pluginID)
        } else {
            guard let build = build(of: pluginID) else { throw .notFound("no loaded plugin \(pluginID)") }
            guard isPluginEnabled(pluginID) else { throw .conflict("plugin \(pluginID) is disabled") }
            operation = try declared(name, in: build, scope: .plugin)
            let context = InstanceContext(instanceID: "", pluginID: pluginID, services: services, isAdminCallOnly: true)
            // A plugin-scope call reads the credentials its arguments name (the admin chose them).
            context.credentialScope.withLock { $0 = .named(by: args, fields: build.manifest.credentialFields) }
            let request = AdminRequestParts(operation: name, args: args, instanceID: "", publicBaseURL: publicBaseURL, actor: actor)
            let exchange = PluginHTTPExchange()
            withExtendedLifetime(context) {
                request.withRequest { build.descriptor.pointee.admin_call?(HostAPITable.pointer, context.opaque, nil, $0, exchange.opaque) }
            }
            answer = Self.answer(exchange, pluginID: pluginID)
        }
        log.info("admin operation \(pluginID) \(name)\(instanceID.map { " on \($0)" } ?? "") by \(actor): \(answer.status)")
        if answer.succeeded, operation.after == .removeInstance, let instanceID {
            do { try removeInstance(instanceID) } catch let error as RegistryError { throw error } catch { throw .failed("\(error)") }
        }
        return answer
    }

    private func declared(_ name: String, in build: LoadedPlugin, scope: AdminOperation.Scope) throws(RegistryError) -> AdminOperation {
        guard let operation = build.manifest.adminOperation(name) else {
            let offered = build.manifest.adminOperations.filter { $0.scope == scope }.map(\.name)
            throw .notFound("plugin \(build.id) offers no admin operation \(name)"
                + (offered.isEmpty ? "" : " on \(scope == .plugin ? "the plugin" : "an instance") (it offers \(offered.joined(separator: ", ")))"))
        }
        guard operation.scope == scope else {
            throw .invalid(field: "operation", message: scope == .plugin
                ? "\(name) runs on a channel instance: POST /api/v1/channels/{id}/operations/\(name)"
                : "\(name) runs on the plugin: POST /api/v1/plugins/\(build.id)/operations/\(name)")
        }
        return operation
    }

    /// The plugin's answer; one that is missing, not JSON or a 5xx reads as the plugin's failure.
    private static func answer(_ exchange: PluginHTTPExchange, pluginID: String) -> AdminAnswer {
        guard exchange.status > 0 else { return AdminAnswer(status: 500, body: ["error": .string("plugin \(pluginID) produced no answer")]) }
        guard let body = try? JSON.parse(String(decoding: exchange.body, as: UTF8.self)) else {
            return AdminAnswer(status: 502, body: ["error": .string("plugin \(pluginID) answered \(exchange.status) with a body that is not JSON")])
        }
        if exchange.status >= 500 || exchange.status < 200 || (300..<400).contains(exchange.status) {
            let why = body["error"]?.stringValue ?? "status \(exchange.status)"
            return AdminAnswer(status: 502, body: ["error": .string("plugin \(pluginID) failed: \(why)")])
        }
        return AdminAnswer(status: exchange.status, body: body)
    }
}

/// The strings of an sb_admin_request, lent to the plugin for one call.
private struct AdminRequestParts {
    var operation: String
    var args: JSONObject
    var instanceID: String
    var publicBaseURL: String
    var actor: String

    func withRequest(_ body: (UnsafePointer<sb_admin_request>) -> Void) {
        withStr(operation) { op in withStr(JSON.object(args).serialized) { args in withStr(instanceID) { id in
            withStr(publicBaseURL) { base in withStr(actor) { actor in
                var request = sb_admin_request(struct_size: UInt32(MemoryLayout<sb_admin_request>.size), abi_minor: UInt32(SB_ABI_MINOR),
                                               operation: op, args_json: args, instance_id: id, public_base_url: base, actor: actor)
                body(&request)
            } }
        } } }
    }
}
