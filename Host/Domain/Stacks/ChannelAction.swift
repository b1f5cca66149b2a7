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
    /// The manifest's "rich_type": the `type` of the rich content the sent message is stored with
    /// ("whatsapp_template"), so it reads like an agent's reply of that kind; nil: no type.
    public var richType: String?

    public init(name: String, description: String, arguments: ConfigSchema, richType: String? = nil) {
        self.name = name
        self.description = description
        self.arguments = arguments
        self.richType = richType
    }

    /// What the customer received when the action sent a message, as the conversation stores it:
    /// the arguments' "text" as text, the other arguments as rich (typed by `richType`; "action"
    /// names the action), the same rich an agent's reply of that kind carries.
    public func sentMessage(_ arguments: JSONObject) -> (text: String, richJSON: String) {
        var rich = arguments
        let text = rich["text"]?.stringValue ?? ""
        rich["text"] = nil
        if let richType { rich["type"] = .string(richType) }
        rich["action"] = .string(name)
        return (text, JSON.object(rich).serialized)
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
            let richType = item["rich_type"]
            guard richType == nil || richType?.stringValue.map({ !$0.isEmpty && $0.count <= 64 }) == true else {
                throw ConfigError(field: "\(field).rich_type", message: "must be a string of 1-64 characters")
            }
            actions.append(ChannelAction(name: name, description: description, arguments: schema, richType: richType?.stringValue))
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
