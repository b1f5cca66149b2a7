import PluginKit

/// The name shown for a Slack person in a side conversation (their display name, else their
/// real name), from `users.info`, kept a day in the instance's state so a busy thread costs one
/// look-up per person:
///
///     user/<user id>  → {"name", "at"}
struct UserNames {
    let host: PluginHost
    let api: SlackAPI

    static let keepMs: Int64 = 86_400_000

    /// nil when Slack does not say (the reply is stored anyway, under the user id).
    func name(of user: String, nowMs now: Int64) -> String? {
        if let cached = (try? host.kvGetString("user/" + user)).flatMap({ $0 }).flatMap({ try? JSON.parse($0) }),
           let name = cached["name"]?.stringValue, let at = cached["at"]?.intValue, now - Int64(at) < Self.keepMs {
            return name
        }
        // A short bound: the answer to Slack is due within 3 seconds.
        guard case .success(let json) = api.call("users.info", [("user", user)], timeoutMs: 1_000), let info = json["user"] else {
            return nil
        }
        let profile = info["profile"]
        let name = [profile?["display_name"], profile?["real_name"], info["real_name"], info["name"]]
            .compactMap { $0?.stringValue }.first { !$0.isEmpty }
        if let name { try? host.kvSet("user/" + user, (["name": .string(name), "at": .from(now)] as JSON).serialized) }
        return name
    }
}
