import PluginKit

/// A side conversation's Slack thread: where its first message went and that message's `ts`.
struct SlackThread: Equatable {
    var team: String
    var channel: String
    var threadTS: String
}

/// Which Slack thread carries which side conversation, kept in the instance's key-value state
/// (durable, so replies still find their side conversation after a restart):
///
///     thr/<team>/<channel>/<thread_ts>   → side conversation id     (a reply's way back)
///     side/<side conversation id>        → {"team", "channel", "ts"} (where later messages go)
///     sent/<idempotency key>             → "<channel>/<ts>"          (a message already posted)
struct SlackThreads {
    let host: PluginHost

    func sideConversation(team: String, channel: String, threadTS: String) throws -> String? {
        try host.kvGetString(Self.threadKey(team: team, channel: channel, threadTS: threadTS))
    }

    func thread(ofSide side: String) throws -> SlackThread? {
        guard let json = try host.kvGetString("side/" + side).flatMap({ try? JSON.parse($0) }),
              let team = json["team"]?.stringValue, let channel = json["channel"]?.stringValue, let ts = json["ts"]?.stringValue
        else { return nil }
        return SlackThread(team: team, channel: channel, threadTS: ts)
    }

    /// Records a new thread both ways; the reply direction first, so a reply that races the
    /// second write still finds its side conversation.
    func record(_ thread: SlackThread, side: String) throws {
        try host.kvSet(Self.threadKey(team: thread.team, channel: thread.channel, threadTS: thread.threadTS), side)
        let json: JSON = ["team": .string(thread.team), "channel": .string(thread.channel), "ts": .string(thread.threadTS)]
        try host.kvSet("side/" + side, json.serialized)
    }

    /// The provider id of a message already posted under this idempotency key (a host retry
    /// after a timeout must not post twice).
    func posted(idempotencyKey: String) throws -> String? { try host.kvGetString("sent/" + idempotencyKey) }

    func recordPosted(idempotencyKey: String, providerMessageID: String) throws { try host.kvSet("sent/" + idempotencyKey, providerMessageID) }

    /// Forget the threads of erased side conversations (ABI 1.3 "contact.erased"): both
    /// directions, so a later reply in such a thread reaches no side conversation.
    func forget(sides: [String]) throws {
        guard !sides.isEmpty else { return }
        let erased = Set(sides)
        for side in sides { try host.kvDelete("side/" + side) }
        try host.kvDeleteAll(prefix: "thr/") { _, value in erased.contains(String(decoding: value, as: UTF8.self)) }
    }

    static func threadKey(team: String, channel: String, threadTS: String) -> String { "thr/\(team)/\(channel)/\(threadTS)" }
}
