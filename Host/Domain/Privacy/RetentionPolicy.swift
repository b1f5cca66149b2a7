import SwitchboardSupport

/// What the host keeps and for how long. Empty by default: everything is kept until an admin decides.
/// Rules apply globally (no channel) or to one channel instance, whose rule wins field by field.
public struct RetentionPolicy: Sendable, Equatable {
    public enum Action: String, Sendable { case delete, anonymize }

    public struct Rule: Sendable, Equatable {
        /// nil: every channel without a rule of its own.
        public var channelInstanceID: String?
        /// Conversations closed (done) or archived, with no activity for this many days…
        public var closedConversationsAfterDays: Int?
        /// …are deleted, or kept without personal data.
        public var closedConversationsAction: Action = .delete
        /// Attachments and recordings older than this many days are deleted; the messages stay.
        public var attachmentsAfterDays: Int?

        public init(channelInstanceID: String? = nil) { self.channelInstanceID = channelInstanceID }
    }

    public var rules: [Rule] = []
    public init(rules: [Rule] = []) { self.rules = rules }

    public static let minimumDays = 1
    public static let maximumDays = 36_500

    /// The rule that applies to a channel: its own fields first, then the global rule's.
    public func effective(channelInstanceID: String) -> Rule {
        let global = rules.first { $0.channelInstanceID == nil }
        guard let own = rules.first(where: { $0.channelInstanceID == channelInstanceID }) else { return global ?? Rule() }
        var rule = own
        if rule.closedConversationsAfterDays == nil, let global {
            rule.closedConversationsAfterDays = global.closedConversationsAfterDays
            rule.closedConversationsAction = global.closedConversationsAction
        }
        if rule.attachmentsAfterDays == nil { rule.attachmentsAfterDays = global?.attachmentsAfterDays }
        return rule
    }

    // MARK: JSON (REST and host_settings)

    public var json: JSON {
        .object(["rules": .array(rules.map { rule in
            var object: JSONObject = ["channel_instance_id": .from(rule.channelInstanceID)]
            object["closed_conversations"] = rule.closedConversationsAfterDays.map {
                JSON.object(["after_days": .number(Double($0)), "action": .string(rule.closedConversationsAction.rawValue)])
            } ?? .null
            object["attachments"] = rule.attachmentsAfterDays.map { JSON.object(["after_days": .number(Double($0))]) } ?? .null
            return .object(object)
        })])
    }

    /// Parse and check; a refusal names the field ("rules[1].attachments.after_days").
    public static func parse(_ json: JSON) throws(PeopleError) -> RetentionPolicy {
        guard let items = json["rules"]?.arrayValue else { throw .invalid(field: "rules", "is required: an array of rules") }
        var policy = RetentionPolicy()
        var seen = Set<String>()
        for (index, item) in items.enumerated() {
            let at = "rules[\(index)]"
            guard item.objectValue != nil else { throw .invalid(field: at, "must be an object") }
            var rule = Rule()
            if let channel = item["channel_instance_id"], !channel.isNull {
                guard let id = channel.stringValue, !id.isEmpty else { throw .invalid(field: "\(at).channel_instance_id", "must be a channel instance id or null") }
                rule.channelInstanceID = id
            }
            guard seen.insert(rule.channelInstanceID ?? "").inserted else {
                throw .invalid(field: "\(at).channel_instance_id", rule.channelInstanceID.map { "\($0) has two rules" } ?? "there is already a global rule")
            }
            if let closed = item["closed_conversations"], !closed.isNull {
                rule.closedConversationsAfterDays = try days(closed["after_days"], "\(at).closed_conversations.after_days")
                if let action = closed["action"], !action.isNull {
                    guard let value = action.stringValue.flatMap(Action.init(rawValue:)) else {
                        throw .invalid(field: "\(at).closed_conversations.action", "must be delete or anonymize")
                    }
                    rule.closedConversationsAction = value
                }
            }
            if let attachments = item["attachments"], !attachments.isNull {
                rule.attachmentsAfterDays = try days(attachments["after_days"], "\(at).attachments.after_days")
            }
            policy.rules.append(rule)
        }
        return policy
    }

    static func days(_ value: JSON?, _ field: String) throws(PeopleError) -> Int {
        guard let number = value?.doubleValue, number == number.rounded(), number >= Double(minimumDays), number <= Double(maximumDays) else {
            throw .invalid(field: field, "must be a whole number of days from \(minimumDays) to \(maximumDays) (shorter than a day is refused)")
        }
        return Int(number)
    }
}
