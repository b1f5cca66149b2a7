import PluginKit

/// How a Slack person shows in a side conversation: their display name (else their real name)
/// and their picture, from `users.info`, kept a day in the instance's state so a busy thread
/// costs one look-up per person. The picture is copied into the host's file store once: the
/// agents' web app shows only the host's own files.
///
///     user/<user id>  → {"name", "avatar", "at"}
struct UserNames {
    let host: PluginHost
    let api: SlackAPI

    static let keepMs: Int64 = 86_400_000

    struct Person {
        var name: String?
        /// A host file URL.
        var avatarURL: String?
    }

    /// nil parts when Slack does not say (the reply is stored anyway, under the user id).
    func person(_ user: String, nowMs now: Int64) -> Person {
        if let cached = (try? host.kvGetString("user/" + user)).flatMap({ $0 }).flatMap({ try? JSON.parse($0) }),
           let name = cached["name"]?.stringValue, let at = cached["at"]?.intValue, now - Int64(at) < Self.keepMs {
            return Person(name: name, avatarURL: cached["avatar"]?.stringValue)
        }
        // Short bounds: the answer to Slack is due within 3 seconds.
        guard case .success(let json) = api.call("users.info", [("user", user)], timeoutMs: 1_000), let info = json["user"] else {
            return Person()
        }
        let profile = info["profile"]
        let name = [profile?["display_name"], profile?["real_name"], info["real_name"], info["name"]]
            .compactMap { $0?.stringValue }.first { !$0.isEmpty }
        let avatar = (profile?["image_72"]?.stringValue).flatMap { storeAvatar(url: $0, user: user) }
        if let name {
            try? host.kvSet("user/" + user, (["name": .string(name), "avatar": .from(avatar), "at": .from(now)] as JSON).serialized)
        }
        return Person(name: name, avatarURL: avatar)
    }

    func name(of user: String, nowMs now: Int64) -> String? { person(user, nowMs: now).name }

    /// Slack's CDN picture (public, no token) copied into the host's file store.
    private func storeAvatar(url: String, user: String) -> String? {
        guard let answer = try? host.http(HTTPRequestSpec(method: "GET", url: url, timeoutMs: 1_000)), answer.status == 200,
              !answer.body.isEmpty, answer.body.count <= 256 * 1024 else { return nil }
        let type = answer.header("Content-Type")?.split(separator: ";").first.map(String.init) ?? "image/png"
        guard type.hasPrefix("image/"), let stored = try? host.storeFile(name: "slack-\(user).png", contentType: type, data: answer.body),
              let object = try? JSON.parse(stored) else { return nil }
        return object["url"]?.stringValue
    }
}
