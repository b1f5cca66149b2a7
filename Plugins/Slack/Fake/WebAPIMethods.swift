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
        case "users.info": return try userInfo(arguments)
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

    private func userInfo(_ arguments: [String: String]) throws -> JSON {
        guard let id = arguments["user"], let user = state.withLock({ $0.users[id] }) else { throw SlackAPIError("user_not_found") }
        return ["ok": true, "user": ["id": .string(id), "team_id": .string(teamID), "name": .string(user.name), "real_name": .string(user.realName),
                                     "profile": ["real_name": .string(user.realName), "display_name": .string(user.name), "email": .string(user.email),
                                                 "image_72": .string("https://avatars.slack-edge.example/\(id)_72.png")]]]
    }
}
