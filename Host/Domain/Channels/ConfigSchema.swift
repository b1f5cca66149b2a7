import SwitchboardSupport

/// Why a configuration does not fit its schema, naming the field.
public struct ConfigError: Error, CustomStringConvertible, Sendable, Equatable {
    public let field: String
    public let message: String
    public var description: String { "\(field): \(message)" }
    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}

/// The subset of JSON Schema that plugin manifests use for instance configuration:
/// type (object, string, integer, number, boolean, array), properties, required,
/// additionalProperties: false, enum, minLength, maxLength, minimum, maximum, default, items,
/// minItems, maxItems. Channel actions' arguments (`ChannelAction`) use the same subset.
public struct ConfigSchema: Sendable {
    public let schema: JSON

    public init(_ schema: JSON) throws(ConfigError) {
        guard schema.objectValue != nil, schema["type"]?.stringValue == "object" else {
            throw ConfigError(field: "config_schema", message: "must be a JSON object schema with \"type\": \"object\"")
        }
        self.schema = schema
    }

    /// Validate config and return it with defaults filled in.
    /// `path` names the root in errors ("config", or "arguments" for a channel action).
    public func validate(_ config: JSON, path: String = "config") throws(ConfigError) -> JSON {
        try Self.check(config, against: schema, path: path)
    }

    private static func check(_ value: JSON, against schema: JSON, path: String) throws(ConfigError) -> JSON {
        let type = schema["type"]?.stringValue
        switch type {
        case "object":
            guard var object = value.objectValue else { throw ConfigError(field: path, message: "must be an object") }
            let properties = schema["properties"]?.objectValue ?? JSONObject()
            for required in schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where object[required] == nil {
                throw ConfigError(field: "\(path).\(required)", message: "is required")
            }
            if schema["additionalProperties"]?.boolValue == false {
                for (key, _) in object where properties[key] == nil {
                    throw ConfigError(field: "\(path).\(key)", message: "is not a known setting")
                }
            }
            for (key, propertySchema) in properties {
                if let present = object[key] {
                    object[key] = try check(present, against: propertySchema, path: "\(path).\(key)")
                } else if let fallback = propertySchema["default"] {
                    object[key] = fallback
                }
            }
            return .object(object)
        case "string":
            guard let s = value.stringValue else { throw ConfigError(field: path, message: "must be a string") }
            if let min = schema["minLength"]?.intValue, s.count < min {
                throw ConfigError(field: path, message: "must be at least \(min) characters")
            }
            if let max = schema["maxLength"]?.intValue, s.count > max {
                throw ConfigError(field: path, message: "must be at most \(max) characters")
            }
        case "integer", "number":
            guard let n = value.doubleValue else { throw ConfigError(field: path, message: "must be a number") }
            if type == "integer", value.intValue == nil { throw ConfigError(field: path, message: "must be an integer") }
            if let min = schema["minimum"]?.doubleValue, n < min { throw ConfigError(field: path, message: "must be at least \(format(min))") }
            if let max = schema["maximum"]?.doubleValue, n > max { throw ConfigError(field: path, message: "must be at most \(format(max))") }
        case "boolean":
            guard value.boolValue != nil else { throw ConfigError(field: path, message: "must be true or false") }
        case "array":
            guard let items = value.arrayValue else { throw ConfigError(field: path, message: "must be an array") }
            if let min = schema["minItems"]?.intValue, items.count < min { throw ConfigError(field: path, message: "must have at least \(min) items") }
            if let max = schema["maxItems"]?.intValue, items.count > max { throw ConfigError(field: path, message: "must have at most \(max) items") }
            if let itemSchema = schema["items"] {
                var checked: [JSON] = []
                for (i, item) in items.enumerated() { checked.append(try check(item, against: itemSchema, path: "\(path)[\(i)]")) }
                return .array(checked)
            }
        default:
            break
        }
        if let options = schema["enum"]?.arrayValue, !options.contains(value) {
            throw ConfigError(field: path, message: "must be one of \(JSON.array(options).serialized)")
        }
        return value
    }

    private static func format(_ n: Double) -> String { n.rounded() == n ? String(Int(n)) : String(n) }
}
