import PluginKit

/// Where a side conversation goes in Slack, read from its participants' addresses (ABI 1.1
/// carries participants, not a Slack shape):
///
///     slack:user:U123          a person (one participant: a DM; several: a group DM)
///     slack:users:U1,U2,U3     a group DM in one address
///     slack:email:ann@x.com    a person found by email (`users.lookupByEmail` at delivery)
///     slack:channel:C123       a channel (public, or private with the app invited)
enum SlackTarget: Equatable {
    /// User ids, or email addresses still to look up (they contain "@").
    case people([String])
    case channel(String)

    /// Why the participants name no Slack target (the side message is rejected with it).
    struct Refusal: Error, Equatable {
        var reason: String
    }

    /// A group DM (mpim) holds at most 8 people besides the app.
    static let maxGroupSize = 8

    /// The participants' target, or why there is none (names the offending address).
    static func parse(_ participants: [SideMessage.Participant]) -> Result<SlackTarget, Refusal> {
        if let customer = participants.first(where: \.isCustomer) {
            return .failure(Refusal(reason: "the customer (\(customer.address)) cannot be copied on a Slack side conversation"))
        }
        var users: [String] = []
        var channels: [String] = []
        for participant in participants {
            let parts = participant.address.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 3, parts[0] == "slack" else {
                return .failure(Refusal(reason: "\"\(participant.address)\" is not a Slack target (slack:user:U…, slack:users:U…,U…, slack:email:…, slack:channel:C…)"))
            }
            switch parts[1] {
            case "user" where isUserID(parts[2]): users.append(parts[2])
            case "users":
                let ids = parts[2].split(separator: ",").map(String.init)
                guard !ids.isEmpty, ids.allSatisfy(isUserID) else { return .failure(Refusal(reason: "\"\(participant.address)\" names a user id that is not one (U… or W…)")) }
                users += ids
            case "email" where isEmail(parts[2]): users.append(parts[2].lowercased())
            case "channel" where isChannelID(parts[2]): channels.append(parts[2])
            default: return .failure(Refusal(reason: "\"\(participant.address)\" is not a Slack user (U…, W…) or channel (C…, G…) id"))
            }
        }
        var unique: [String] = []
        for user in users where !unique.contains(user) { unique.append(user) }
        switch (unique.isEmpty, channels.count) {
        case (true, 1): return .success(.channel(channels[0]))
        case (false, 0):
            guard unique.count <= maxGroupSize else {
                return .failure(Refusal(reason: "a Slack group message takes at most \(maxGroupSize) people, not \(unique.count): use a channel"))
            }
            return .success(.people(unique))
        case (true, 0): return .failure(Refusal(reason: "no Slack recipient"))
        default: return .failure(Refusal(reason: "a Slack side conversation goes to people or to one channel, not both"))
        }
    }

    /// Enough to be worth asking Slack about: one "@" with something on both sides, no spaces.
    static func isEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && text.utf8.count <= 254 && !text.contains(" ")
    }

    /// Slack user ids: U… (or W… on Enterprise Grid), uppercase letters and digits.
    static func isUserID(_ id: String) -> Bool { isSlackID(id, prefixes: ["U", "W"]) }

    /// Public (C…) and private or legacy group (G…) channel ids; DMs (D…) are opened from users.
    static func isChannelID(_ id: String) -> Bool { isSlackID(id, prefixes: ["C", "G"]) }

    static func isSlackID(_ id: String, prefixes: [String]) -> Bool {
        (2...32).contains(id.utf8.count) && prefixes.contains { id.hasPrefix($0) }
            && id.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) }
    }
}
