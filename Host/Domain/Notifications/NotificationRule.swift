import SwitchboardSupport

/// Who a set of rules is for: everyone, a team's members, or one agent. The most specific wins:
/// an agent's own rule for an event, else their teams' (combined), else the workspace's, else `NotificationRule.fallback`.
public enum NotificationScope: Sendable, Equatable {
    case workspace
    case team(String)
    case agent(String)

    var name: String {
        switch self {
        case .workspace: "workspace"
        case .team: "team"
        case .agent: "agent"
        }
    }

    var id: String {
        switch self {
        case .workspace: ""
        case .team(let id), .agent(let id): id
        }
    }
}

/// For one event kind: the channels it notifies on, and whether push goes out while the agent is away or offline.
public struct NotificationRule: Sendable, Equatable {
    public var kind: NotificationKind
    /// Empty: this event does not notify.
    public var via: [NotificationChannel]
    /// Push and mail even while the agent is away or offline; otherwise only the notification centre then.
    public var whileOffline: Bool
    /// E-mail at once (`none`) or in an hourly or daily digest.
    public var digest: NotificationDigest

    public init(kind: NotificationKind, via: [NotificationChannel], whileOffline: Bool = false, digest: NotificationDigest = .none) {
        self.kind = kind
        self.via = via
        self.whileOffline = whileOffline
        self.digest = digest
    }

    /// With no rule anywhere: every event in the notification centre, nothing else.
    public static func fallback(_ kind: NotificationKind) -> NotificationRule { NotificationRule(kind: kind, via: [.app]) }

    /// At most one rule per kind in a set.
    public static let maxRules = NotificationKind.allCases.count

    /// Rules from their JSON form ([{"event": "assigned", "via": ["app", "push"], "while_offline": false}]);
    /// the error names the field at fault (`rules[2].event`).
    public static func parse(_ json: JSON) throws(WorkflowError) -> [NotificationRule] {
        guard let items = json.arrayValue else { throw .invalid(field: "rules", reason: "must be an array") }
        guard items.count <= maxRules else { throw .invalid(field: "rules", reason: "at most \(maxRules) rules, one per event") }
        var rules: [NotificationRule] = []
        for (index, item) in items.enumerated() {
            let field = "rules[\(index)]"
            guard let object = item.objectValue else { throw .invalid(field: field, reason: "must be an object") }
            for key in object.keys where !["event", "via", "while_offline", "digest"].contains(key) {
                throw .invalid(field: "\(field).\(key)", reason: "is not a field of a rule (event, via, while_offline, digest)")
            }
            guard let name = object["event"]?.stringValue else { throw .invalid(field: "\(field).event", reason: "is required (a string)") }
            guard let kind = NotificationKind(rawValue: name) else {
                throw .invalid(field: "\(field).event", reason: "unknown event \"\(name)\" (one of \(NotificationKind.names))")
            }
            guard !rules.contains(where: { $0.kind == kind }) else {
                throw .invalid(field: "\(field).event", reason: "\"\(name)\" has a rule already in this set")
            }
            guard let list = object["via"]?.arrayValue else { throw .invalid(field: "\(field).via", reason: "is required (an array)") }
            var via: [NotificationChannel] = []
            for (position, entry) in list.enumerated() {
                guard let text = entry.stringValue, let channel = NotificationChannel(rawValue: text) else {
                    throw .invalid(field: "\(field).via[\(position)]", reason: "must be one of \(NotificationChannel.names)")
                }
                if !via.contains(channel) { via.append(channel) }
            }
            var whileOffline = false
            if let value = object["while_offline"], !value.isNull {
                guard let flag = value.boolValue else { throw .invalid(field: "\(field).while_offline", reason: "must be a boolean") }
                whileOffline = flag
            }
            var digest = NotificationDigest.none
            if let value = object["digest"], !value.isNull {
                guard let text = value.stringValue, let parsed = NotificationDigest(rawValue: text) else {
                    throw .invalid(field: "\(field).digest", reason: "must be one of \(NotificationDigest.names)")
                }
                digest = parsed
            }
            rules.append(NotificationRule(kind: kind, via: via, whileOffline: whileOffline, digest: digest))
        }
        return rules
    }

    public var json: JSON {
        ["event": .string(kind.rawValue), "via": .array(via.map { .string($0.rawValue) }), "while_offline": .bool(whileOffline), "digest": .string(digest.rawValue)]
    }
}
