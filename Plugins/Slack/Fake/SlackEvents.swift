import SwitchboardSupport

/// Events API bodies as Slack sends them (`event_callback` envelopes around `message` events),
/// for the messages people write in Slack. Each returns the body and its `event_id`.
extension FakeSlack {
    public struct Event: Sendable {
        public var id: String
        public var body: String
        /// The ts of the message it is about.
        public var ts: String
    }

    public static func urlVerification(challenge: String) -> String {
        (["token": "legacy-verification-token", "challenge": .string(challenge), "type": "url_verification"] as JSON).serialized
    }

    func envelope(_ event: JSON, ts: String) -> Event {
        let id = "Ev" + Crypto.randomHex(bytes: 5).uppercased()
        let body: JSON = ["token": "legacy-verification-token", "team_id": .string(teamID), "api_app_id": "A0SWITCH",
                          "event": event, "type": "event_callback", "event_id": .string(id),
                          "event_time": .from(Clock.nowMillis() / 1000), "authorizations": [["team_id": .string(teamID), "is_bot": true]]]
        return Event(id: id, body: body.serialized, ts: ts)
    }

    func channelType(_ channel: String) -> String {
        switch channel.first {
        case "D": "im"
        case "G": state.withLock { $0.channels[channel]?.members.isEmpty == false } ? "mpim" : "group"
        default: "channel"
        }
    }

    /// A person's reply in the thread of `parent` (a post of the app); `broadcast` also sends it
    /// to the channel (subtype thread_broadcast); `files` are from `addFile` (subtype file_share).
    public func reply(to parent: Post, user: String, text: String, broadcast: Bool = false,
                      files: [(id: String, name: String, contentType: String, url: String, size: Int)] = []) -> Event {
        let ts = nextTS()
        var event: JSONObject = ["type": "message", "channel": .string(parent.channel), "user": .string(user), "text": .string(text),
                                 "ts": .string(ts), "thread_ts": .string(parent.ts), "parent_user_id": .string(botUserID),
                                 "channel_type": .string(channelType(parent.channel)), "event_ts": .string(ts)]
        if broadcast { event["subtype"] = "thread_broadcast" }
        if !files.isEmpty {
            event["subtype"] = "file_share"
            event["files"] = .array(files.map { file in
                ["id": .string(file.id), "name": .string(file.name), "title": .string(file.name), "mimetype": .string(file.contentType),
                 "size": .from(file.size), "url_private": .string(file.url), "url_private_download": .string(file.url + "?download=1")]
            })
        }
        return envelope(.object(event), ts: ts)
    }

    /// The event Slack sends for the app's own post in a thread (bot_id set).
    public func ownPost(_ post: Post) -> Event {
        envelope(["type": "message", "subtype": "bot_message", "channel": .string(post.channel), "bot_id": .string(botID),
                  "user": .string(botUserID), "text": .string(post.text), "ts": .string(post.ts), "thread_ts": .from(post.threadTS),
                  "channel_type": .string(channelType(post.channel)), "event_ts": .string(post.ts)], ts: post.ts)
    }

    /// The app's own post as a plain message event carrying its bot_id (as chat.postMessage with a bot token yields).
    public func ownReply(to parent: Post, text: String) -> Event {
        let ts = nextTS()
        return envelope(["type": "message", "channel": .string(parent.channel), "bot_id": .string(botID), "user": .string(botUserID),
                         "text": .string(text), "ts": .string(ts), "thread_ts": .string(parent.ts),
                         "channel_type": .string(channelType(parent.channel)), "event_ts": .string(ts)], ts: ts)
    }

    /// A message at the top of a channel, in no thread.
    public func topLevelMessage(channel: String, user: String, text: String) -> Event {
        let ts = nextTS()
        return envelope(["type": "message", "channel": .string(channel), "user": .string(user), "text": .string(text), "ts": .string(ts),
                         "channel_type": .string(channelType(channel)), "event_ts": .string(ts)], ts: ts)
    }

    /// A person edits their reply `reply` (ts) in the thread of `parent`.
    public func edit(_ reply: Event, in parent: Post, user: String, oldText: String, newText: String) -> Event {
        let ts = nextTS()
        let message: JSON = ["type": "message", "user": .string(user), "text": .string(newText), "ts": .string(reply.ts),
                             "thread_ts": .string(parent.ts), "edited": ["user": .string(user), "ts": .string(ts)]]
        let previous: JSON = ["type": "message", "user": .string(user), "text": .string(oldText), "ts": .string(reply.ts), "thread_ts": .string(parent.ts)]
        return envelope(["type": "message", "subtype": "message_changed", "hidden": true, "channel": .string(parent.channel),
                         "message": message, "previous_message": previous, "ts": .string(ts), "event_ts": .string(ts),
                         "channel_type": .string(channelType(parent.channel))], ts: ts)
    }

    /// A person deletes their reply `reply` in the thread of `parent`.
    public func delete(_ reply: Event, in parent: Post, user: String, text: String) -> Event {
        let ts = nextTS()
        let previous: JSON = ["type": "message", "user": .string(user), "text": .string(text), "ts": .string(reply.ts), "thread_ts": .string(parent.ts)]
        return envelope(["type": "message", "subtype": "message_deleted", "hidden": true, "channel": .string(parent.channel),
                         "deleted_ts": .string(reply.ts), "previous_message": previous, "ts": .string(ts), "event_ts": .string(ts),
                         "channel_type": .string(channelType(parent.channel))], ts: ts)
    }
}
