import SwitchboardSupport

/// What routing knows about a conversation when it needs humans.
public struct RoutingFacts: Sendable, Equatable {
    public var channelInstanceID: String
    public var pluginID: String?
    public var tags: Set<String>
    public var topic: String?
    public var priority: Priority
    public var contactAttributes: JSONObject

    public init(channelInstanceID: String, pluginID: String?, tags: Set<String>, topic: String?, priority: Priority,
                contactAttributes: JSONObject) {
        self.channelInstanceID = channelInstanceID
        self.pluginID = pluginID
        self.tags = tags
        self.topic = topic
        self.priority = priority
        self.contactAttributes = contactAttributes
    }
}

/// Conditions of a routing rule. Every condition given must hold; within one, any listed value will do.
/// An empty rule matches every conversation (a catch-all at the end of the list).
public struct RoutingConditions: Sendable, Equatable {
    public var channelInstanceIDs: [String] = []
    public var pluginIDs: [String] = []
    public var tagsAny: [String] = []
    public var topics: [String] = []
    /// The conversation's priority is at least this.
    public var minimumPriority: Priority?
    /// Contact attribute → accepted values, e.g. "tier": ["gold", "platinum"].
    public var contactAttributes: [(String, [String])] = []

    public init() {}

    public static func == (a: RoutingConditions, b: RoutingConditions) -> Bool { a.json == b.json }

    public func matches(_ facts: RoutingFacts) -> Bool {
        if !channelInstanceIDs.isEmpty, !channelInstanceIDs.contains(facts.channelInstanceID) { return false }
        if !pluginIDs.isEmpty, !pluginIDs.contains(facts.pluginID ?? "") { return false }
        if !tagsAny.isEmpty, facts.tags.isDisjoint(with: tagsAny) { return false }
        if !topics.isEmpty, !topics.contains(facts.topic ?? "") { return false }
        if let minimumPriority, facts.priority < minimumPriority { return false }
        for (attribute, accepted) in contactAttributes {
            guard let value = facts.contactAttributes[attribute].flatMap(Self.text), accepted.contains(value) else { return false }
        }
        return true
    }

    /// Attribute values compare as text: "gold", "3", "true".
    static func text(_ value: JSON) -> String? {
        switch value {
        case .string(let s): s
        case .number(let n): n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : String(n)
        case .bool(let b): b ? "true" : "false"
        default: nil
        }
    }

    /// Parse and validate the `conditions` object of the REST API; errors name the field.
    public static func parse(_ object: JSONObject) throws(WorkflowError) -> RoutingConditions {
        var conditions = RoutingConditions()
        for (key, value) in object {
            let field = "conditions.\(key)"
            switch key {
            case "channel_instance_ids": conditions.channelInstanceIDs = try strings(value, field)
            case "plugin_ids": conditions.pluginIDs = try strings(value, field)
            case "tags_any": conditions.tagsAny = try strings(value, field).map { tag throws(WorkflowError) in try Tags.normalize(tag) }
            case "topics": conditions.topics = try strings(value, field)
            case "minimum_priority":
                guard let raw = value.stringValue, let priority = Priority(rawValue: raw) else {
                    throw .invalid(field: field, reason: "must be one of low, normal, high, urgent")
                }
                conditions.minimumPriority = priority
            case "contact_attributes":
                guard let attributes = value.objectValue else { throw .invalid(field: field, reason: "must be an object of attribute → [values]") }
                for (name, accepted) in attributes {
                    conditions.contactAttributes.append((name, try strings(accepted, "\(field).\(name)")))
                }
            default:
                throw .invalid(field: field, reason: "unknown condition (use channel_instance_ids, plugin_ids, tags_any, topics, minimum_priority, contact_attributes)")
            }
        }
        return conditions
    }

    private static func strings(_ value: JSON, _ field: String) throws(WorkflowError) -> [String] {
        guard let items = value.arrayValue, !items.isEmpty, items.count <= 100 else {
            throw .invalid(field: field, reason: "must be a non-empty array of at most 100 strings")
        }
        var result: [String] = []
        for item in items {
            guard let s = item.stringValue, !s.isEmpty else { throw .invalid(field: field, reason: "must contain non-empty strings") }
            result.append(s)
        }
        return result
    }

    /// The stored and presented form.
    public var json: JSON {
        var object = JSONObject()
        if !channelInstanceIDs.isEmpty { object["channel_instance_ids"] = .array(channelInstanceIDs.map(JSON.string)) }
        if !pluginIDs.isEmpty { object["plugin_ids"] = .array(pluginIDs.map(JSON.string)) }
        if !tagsAny.isEmpty { object["tags_any"] = .array(tagsAny.map(JSON.string)) }
        if !topics.isEmpty { object["topics"] = .array(topics.map(JSON.string)) }
        if let minimumPriority { object["minimum_priority"] = .string(minimumPriority.rawValue) }
        if !contactAttributes.isEmpty {
            object["contact_attributes"] = .object(JSONObject(contactAttributes.map { ($0.0, .array($0.1.map(JSON.string))) }))
        }
        return .object(object)
    }
}

/// A rule: conditions → team. Rules are evaluated in `position` order; the first match wins.
public struct RoutingRule: Sendable, Equatable {
    public var id: String
    public var name: String
    public var position: Int
    public var conditions: RoutingConditions
    public var teamID: String
    public var enabled: Bool
    public var createdAt: Int64
    public var updatedAt: Int64

    public init(id: String, name: String, position: Int, conditions: RoutingConditions, teamID: String, enabled: Bool,
                createdAt: Int64, updatedAt: Int64) {
        self.id = id
        self.name = name
        self.position = position
        self.conditions = conditions
        self.teamID = teamID
        self.enabled = enabled
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The team of the first enabled rule that matches.
    public static func firstMatch(_ rules: [RoutingRule], _ facts: RoutingFacts) -> RoutingRule? {
        rules.sorted { ($0.position, $0.createdAt) < ($1.position, $1.createdAt) }
            .first { $0.enabled && $0.conditions.matches(facts) }
    }
}
