import SwitchboardPluginAPI

/// ABI 1.3: an operator's admin operation (copied from `sb_admin_request`): plugin code the
/// host's admin API and CLI run outside any conversation, such as searching a provider's phone
/// numbers or buying one for an instance. The manifest declares each (`"admin_operations"`).
public struct AdminRequest: Sendable {
    /// A name the manifest declares ("numbers.search").
    public var operation: String
    /// The operator's arguments.
    public var args: JSONObject
    /// Scope "instance": the instance it is about; scope "plugin": empty.
    public var instanceID: String
    /// The host's external base URL, for the webhook addresses to give a provider.
    public var publicBaseURL: String
    /// Who asked ("agent:3", "key:k1"), for the log.
    public var actor: String

    public init(operation: String, args: JSONObject = [:], instanceID: String = "", publicBaseURL: String = "", actor: String = "") {
        self.operation = operation
        self.args = args
        self.instanceID = instanceID
        self.publicBaseURL = publicBaseURL
        self.actor = actor
    }

    init(_ raw: sb_admin_request) throws {
        let argsText = String(sbStr: raw.args_json)
        guard let args = argsText.isEmpty ? JSONObject() : (try? JSON.parse(argsText))?.objectValue else {
            throw AdminFailure(status: 400, message: "the arguments must be a JSON object")
        }
        self.init(operation: String(sbStr: raw.operation), args: args, instanceID: String(sbStr: raw.instance_id),
                  publicBaseURL: String(sbStr: raw.public_base_url), actor: String(sbStr: raw.actor))
    }

    /// A string argument; nil when absent or null, 400 naming it when not a string.
    public func string(_ name: String) throws(AdminFailure) -> String? {
        guard let value = args[name], !value.isNull else { return nil }
        guard let text = value.stringValue else { throw AdminFailure(status: 400, message: "must be a string", field: name) }
        return text
    }

    /// A true/false argument; nil when absent or null, 400 naming it otherwise.
    public func bool(_ name: String) throws(AdminFailure) -> Bool? {
        guard let value = args[name], !value.isNull else { return nil }
        guard let flag = value.boolValue else { throw AdminFailure(status: 400, message: "must be true or false", field: name) }
        return flag
    }

    /// A required string argument: 400 naming it when missing or empty.
    public func requiredString(_ name: String) throws(AdminFailure) -> String {
        guard let text = try string(name), !text.isEmpty else { throw AdminFailure(status: 400, message: "is required", field: name) }
        return text
    }
}

/// An admin operation's refusal or failure, as the operator gets it: an HTTP status, why, and
/// the argument at fault when there is one. A provider's own failure is best told with 502 and
/// the provider's words.
public struct AdminFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var status: Int
    public var message: String
    public var field: String?

    public init(status: Int, message: String, field: String? = nil) {
        self.status = status
        self.message = message
        self.field = field
    }

    public var description: String { field.map { "\($0): \(message)" } ?? message }

    /// {"error", "field"}: the body the host passes on.
    public var json: JSON { ["error": .string(message), "field": .from(field)] }

    /// Any error thrown by an admin operation, as the operator sees it.
    static func from(_ error: any Error) -> AdminFailure {
        if let failure = error as? AdminFailure { return failure }
        let plugin = PluginError.from(error)
        switch plugin {
        case .invalid(let field, let message): return AdminFailure(status: 400, message: message, field: field)
        case .notFound(let message): return AdminFailure(status: 404, message: message)
        case .conflict(let message): return AdminFailure(status: 409, message: message)
        case .denied(let message): return AdminFailure(status: 403, message: message)
        case .unsupported(let message): return AdminFailure(status: 404, message: message)
        case .busy(let message): return AdminFailure(status: 503, message: message)
        default: return AdminFailure(status: 500, message: plugin.message)
        }
    }
}
