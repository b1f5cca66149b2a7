import SwitchboardSupport

/// Something an Agent Stack may do on the channel that delivered the customer's message, declared
/// in the channel plugin's manifest ("actions"): send an approved WhatsApp template, offer
/// Messenger quick replies, text the caller a link. The host offers the delivering channel's
/// actions to the stack as tools, checks the arguments against `arguments` (the config-schema
/// subset, `ConfigSchema`), and asks the plugin to perform them (ABI 1.3 `perform_action`).
public struct ChannelAction: Sendable {
    /// a-z, 0-9 and '_', at most 64 bytes: the function name a model calls.
    public var name: String
    public var description: String
    /// A JSON Schema (object) for the arguments.
    public var arguments: ConfigSchema

    public init(name: String, description: String, arguments: ConfigSchema) {
        self.name = name
        self.description = description
        self.arguments = arguments
    }

    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 64
            && name.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F }
    }

    /// The manifest's "actions": a list of {name, description, arguments}. A message names the fault.
    public static func parseList(_ value: JSON?) throws(ConfigError) -> [ChannelAction] {
        guard let value, !value.isNull else { return [] }
        guard let items = value.arrayValue, items.count <= 32 else { throw ConfigError(field: "actions", message: "must be a list of at most 32 actions") }
        var actions: [ChannelAction] = []
        for (i, item) in items.enumerated() {
            let field = "actions[\(i)]"
            guard let name = item["name"]?.stringValue, isValidName(name) else {
                throw ConfigError(field: "\(field).name", message: "must be 1-64 characters of a-z, 0-9 or '_'")
            }
            guard !actions.contains(where: { $0.name == name }) else { throw ConfigError(field: "\(field).name", message: "\(name) is declared twice") }
            guard let description = item["description"]?.stringValue, !description.isEmpty, description.count <= 1000 else {
                throw ConfigError(field: "\(field).description", message: "must be 1-1000 characters")
            }
            let schema: ConfigSchema
            do { schema = try ConfigSchema(item["arguments"] ?? .null) } catch {
                throw ConfigError(field: "\(field).arguments", message: "must be a JSON object schema with \"type\": \"object\"")
            }
            actions.append(ChannelAction(name: name, description: description, arguments: schema))
        }
        return actions
    }

    /// The arguments a model gave, checked against the schema (defaults filled in); the error names
    /// the argument at fault (`arguments.template: is required`).
    public func check(_ arguments: JSONObject) throws(ConfigError) -> JSONObject {
        try self.arguments.validate(.object(arguments), path: "arguments").objectValue ?? [:]
    }
}

/// Which channel actions a stack may take (its definition's "actions"): only those in `allow` when
/// it is given, never those in `forbid`. Actions a channel does not offer are never shown anyway.
public struct ActionPolicy: Sendable, Equatable {
    public var allow: [String]?
    public var forbid: [String]

    public init(allow: [String]? = nil, forbid: [String] = []) {
        self.allow = allow
        self.forbid = forbid
    }

    public func permits(_ name: String) -> Bool {
        !forbid.contains(name) && (allow?.contains(name) ?? true)
    }

    /// The channel's actions this stack may take, in the channel's order.
    public func offered(_ actions: [ChannelAction]) -> [ChannelAction] { actions.filter { permits($0.name) } }

    var json: JSONObject { ["allow": allow.map { .array($0.map(JSON.string)) } ?? .null, "forbid": .array(forbid.map(JSON.string))] }
}
