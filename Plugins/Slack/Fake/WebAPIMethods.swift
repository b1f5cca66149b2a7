import SwitchboardSupport

/// The Web API methods the plugin uses, answering as Slack does.
extension FakeSlack {
    func call(_ method: String, _ arguments: [String: String]) throws -> JSON {
        switch method {
        case "auth.test":
            return ["ok": true, "url": .string("https://\(teamName.lowercased()).slack.com/"), "team": .string(teamName),
                    "user": "switchboard", "team_id": .string(teamID), "user_id": .string(botUserID), "bot_id": .string(botID)]
        case "conversations.open": return try open(arguments)
        case "chat.postMessage": return try postMessage(arguments)
        case "chat.getPermalink": return try permalink(arguments)
        case "users.info": return try userInfo(arguments)
        case "users.lookupByEmail": return try lookUp(email: arguments["email"])
        case "users.list": return try page(of: usersList(), key: "members", arguments)
        case "conversations.list": return try page(of: conversationsList(arguments), key: "channels", arguments)
        default: throw SlackAPIError("unknown_method")
        }
    }

    /// A DM for one user, a group DM (mpim) for 2-8; the same people get the same conversation.
    private func open(_ arguments: [String: String]) throws -> JSON {
        guard let list = arguments["users"], !list.isEmpty else { throw SlackAPIError("users_list_not_supplied") }
        let users = list.split(separator: ",").map(String.init)
        guard users.count <= 8 else { throw SlackAPIError("too_many_users") }
        let id = try state.withLock { state -> String in
            for user in users {
                if user == botUserID { throw SlackAPIError("cannot_dm_bot") }
                guard state.users[user] != nil else { throw SlackAPIError(users.count == 1 ? "user_not_found" : "users_not_found") }
            }
            if let existing = state.channels.values.first(where: { $0.members.sorted() == users.sorted() }) { return existing.id }
            let id = (users.count == 1 ? "D" : "G") + String(state.channels.count + 1000)
            state.channels[id] = Channel(id: id, name: "", isPrivate: true, botIsMember: true, members: users)
            return id
        }
        return ["ok": true, "channel": ["id": .string(id)]]
    }

    private func postMessage(_ arguments: [String: String]) throws -> JSON {
        guard let id = arguments["channel"], !id.isEmpty else { throw SlackAPIError("channel_not_found") }
        guard let text = arguments["text"], !text.isEmpty else { throw SlackAPIError("no_text") }
        guard text.utf8.count <= 40_000 else { throw SlackAPIError("msg_too_long") }
        let ts = nextTS()
        let post = try state.withLock { state -> Post in
            guard let channel = state.channels[id] else { throw SlackAPIError("channel_not_found") }
            // A private channel without the app is invisible to it; a public one answers not_in_channel.
            guard channel.botIsMember else { throw SlackAPIError(channel.isPrivate ? "channel_not_found" : "not_in_channel") }
            if channel.archived { throw SlackAPIError("is_archived") }
            if let parent = arguments["thread_ts"], !state.posts.contains(where: { $0.channel == id && $0.ts == parent }) {
                throw SlackAPIError("thread_not_found")
            }
            let post = Post(channel: id, ts: ts, threadTS: arguments["thread_ts"], text: text)
            state.posts.append(post)
            return post
        }
        return ["ok": true, "channel": .string(post.channel), "ts": .string(post.ts),
                "message": ["type": "message", "text": .string(post.text), "bot_id": .string(botID), "user": .string(botUserID),
                            "ts": .string(post.ts), "thread_ts": .from(post.threadTS)]]
    }

    /// Slack matches the address case-insensitively; none: users_not_found.
    private func lookUp(email: String?) throws -> JSON {
        guard let email, !email.isEmpty else { throw SlackAPIError("invalid_email") }
        guard let id = state.withLock({ $0.users.first { $0.value.email.lowercased() == email.lowercased() }?.key }) else {
            throw SlackAPIError("users_not_found")
        }
        return try userInfo(["user": id])
    }

    private func userInfo(_ arguments: [String: String]) throws -> JSON {
        guard let id = arguments["user"], let user = state.withLock({ $0.users[id] }) else { throw SlackAPIError("user_not_found") }
        return ["ok": true, "user": ["id": .string(id), "team_id": .string(teamID), "name": .string(user.name), "real_name": .string(user.realName),
                                     "profile": ["real_name": .string(user.realName), "display_name": .string(user.name), "email": .string(user.email),
                                                 "image_72": .string("\(baseURL)\(Self.avatarPrefix)\(id)_72.png")]]]
    }

    /// Slack's answer: `https://<workspace>.slack.com/archives/<channel>/p<ts without the dot>`, for
    /// a message that exists in that channel.
    private func permalink(_ arguments: [String: String]) throws -> JSON {
        guard let channel = arguments["channel"], !channel.isEmpty else { throw SlackAPIError("channel_not_found") }
        guard let ts = arguments["message_ts"], !ts.isEmpty else { throw SlackAPIError("message_not_found") }
        guard state.withLock({ $0.posts.contains { $0.channel == channel && $0.ts == ts } }) else { throw SlackAPIError("message_not_found") }
        return ["ok": true, "channel": .string(channel),
                "permalink": .string("https://\(teamName.lowercased()).slack.com/archives/\(channel)/p" + ts.filter { $0 != "." })]
    }

    private func usersList() -> [JSON] {
        let users = state.withLock { $0.users }.sorted { $0.key < $1.key }
        let people: [JSON] = users.map { id, user in
            ["id": .string(id), "team_id": .string(teamID), "name": .string(user.name), "deleted": false, "is_bot": false, "real_name": .string(user.realName),
             "profile": ["real_name": .string(user.realName), "display_name": .string(user.name), "email": .string(user.email)]]
        }
        // Slack lists the app's own bot user and Slackbot too.
        return people + [["id": .string(botUserID), "name": "switchboard", "deleted": false, "is_bot": true, "profile": ["real_name": "Switchboard"]],
                         ["id": "USLACKBOT", "name": "slackbot", "deleted": false, "is_bot": false, "profile": ["real_name": "Slackbot"]]]
    }

    /// Channels the token can see: every public one, and private ones the app is in (Slack hides the rest).
    private func conversationsList(_ arguments: [String: String]) -> [JSON] {
        let types = Set((arguments["types"] ?? "public_channel").split(separator: ",").map(String.init))
        let channels = state.withLock { $0.channels.values }.filter { $0.members.isEmpty }.sorted { $0.id < $1.id }
        return channels.filter { channel in
            channel.isPrivate ? types.contains("private_channel") && channel.botIsMember : types.contains("public_channel")
        }.filter { !($0.archived && arguments["exclude_archived"] == "true") }.map { channel in
            ["id": .string(channel.id), "name": .string(channel.name), "is_channel": .bool(!channel.isPrivate), "is_private": .bool(channel.isPrivate),
             "is_member": .bool(channel.botIsMember), "is_archived": .bool(channel.archived)]
        }
    }

    /// Slack's cursor paging: `limit` items from `cursor` (an opaque offset here), and
    /// `response_metadata.next_cursor` empty on the last page.
    private func page(of items: [JSON], key: String, _ arguments: [String: String]) throws -> JSON {
        let limit = max(1, min(Int(arguments["limit"] ?? "") ?? 100, 1000))
        var start = 0
        if let cursor = arguments["cursor"], !cursor.isEmpty {
            guard cursor.hasPrefix("dXNlcj"), let offset = Int(cursor.dropFirst(6)), offset <= items.count else { throw SlackAPIError("invalid_cursor") }
            start = offset
        }
        let end = min(items.count, start + limit)
        return ["ok": true, key: .array(Array(items[start..<end])),
                "response_metadata": ["next_cursor": .string(end < items.count ? "dXNlcj\(end)" : "")]]
    }
}
