import SwitchboardDomain
import SwitchboardSupport

/// The `slack` target of a side conversation started over REST, turned into participants the
/// Slack plugin reads (ABI 1.1 carries participants, not a Slack shape):
///
///     "slack": {"users": ["U123", "U456"]}      → slack:user:U123, slack:user:U456  (a DM, or a group DM up to 8)
///     "slack": {"users": ["bo@acme.example"]}    → slack:email:bo@acme.example      (found by email when sent)
///     "slack": {"channel": "C123"}               → slack:channel:C123
///
/// Each id may also be {"id", "name"}: the name is shown in the panel. Ids are checked here so
/// a typo is a 400 naming the field, not a failed delivery later.
enum SlackSideTarget {
    static let maxUsers = 8

    static func participants(_ value: JSON) throws(APIError) -> [SideParticipant] {
        guard let object = value.objectValue else { throw .badRequest("slack", "must be {\"users\": [ids]} or {\"channel\": id}") }
        let users = object["users"], channel = object["channel"]
        switch (users.map { !$0.isNull } ?? false, channel.map { !$0.isNull } ?? false) {
        case (true, false):
            guard let items = users?.arrayValue, !items.isEmpty else { throw .badRequest("slack.users", "must be a non-empty array of Slack user ids") }
            guard items.count <= maxUsers else { throw .badRequest("slack.users", "a Slack group message takes at most \(maxUsers) people: use a channel") }
            var result: [SideParticipant] = []
            for item in items {
                let (id, name) = try entry(item, field: "slack.users")
                if isEmail(id) {
                    result.append(SideParticipant(address: "slack:email:" + id.lowercased(), name: name, role: .to))
                    continue
                }
                guard isID(id, prefixes: "UW") else { throw .badRequest("slack.users", "\"\(id)\" is not a Slack user id (U… or W…) or an email address") }
                result.append(SideParticipant(address: "slack:user:" + id, name: name, role: .to))
            }
            return result
        case (false, true):
            let (id, name) = try entry(channel!, field: "slack.channel")
            guard isID(id, prefixes: "CG") else { throw .badRequest("slack.channel", "\"\(id)\" is not a Slack channel id (C… or G…)") }
            return [SideParticipant(address: "slack:channel:" + id, name: name, role: .to)]
        default:
            throw .badRequest("slack", "name either users (people) or channel, not both and not neither")
        }
    }

    private static func entry(_ item: JSON, field: String) throws(APIError) -> (String, String?) {
        if let id = item.stringValue { return (id, nil) }
        guard let id = item["id"]?.stringValue else { throw .badRequest(field, "each entry is an id or {\"id\", \"name\"}") }
        let name = item["name"]
        guard name == nil || name == .null || name?.stringValue != nil else { throw .badRequest(field, "name must be a string") }
        return (id, name?.stringValue)
    }

    /// One "@" with something on both sides and a dot in the domain, no spaces: Slack says the rest.
    private static func isEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && text.utf8.count <= 254 && !text.contains(" ")
    }

    /// Slack ids: a kind letter, then uppercase letters and digits.
    private static func isID(_ id: String, prefixes: String) -> Bool {
        guard let first = id.first, prefixes.contains(first), (2...32).contains(id.utf8.count) else { return false }
        return id.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) }
    }
}
