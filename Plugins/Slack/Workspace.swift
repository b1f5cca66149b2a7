import PluginKit

/// Who the bot token is, as `auth.test` says: the workspace (the asset an instance claims), and
/// the app's own user and bot ids (its own messages are filtered out of the threads).
struct Workspace: Equatable {
    var teamID: String
    var teamName: String
    var teamURL: String
    var botUserID: String
    var botUserName: String
    var botID: String

    static let storageKey = "workspace"

    init(teamID: String, teamName: String, teamURL: String, botUserID: String, botUserName: String, botID: String) {
        self.teamID = teamID
        self.teamName = teamName
        self.teamURL = teamURL
        self.botUserID = botUserID
        self.botUserName = botUserName
        self.botID = botID
    }

    /// From auth.test's answer; nil without a team id.
    init?(authTest json: JSON) {
        guard let team = json["team_id"]?.stringValue, !team.isEmpty else { return nil }
        self.init(teamID: team, teamName: json["team"]?.stringValue ?? "", teamURL: json["url"]?.stringValue ?? "",
                  botUserID: json["user_id"]?.stringValue ?? "", botUserName: json["user"]?.stringValue ?? "",
                  botID: json["bot_id"]?.stringValue ?? "")
    }

    var json: JSON {
        ["team_id": .string(teamID), "team": .string(teamName), "url": .string(teamURL), "user_id": .string(botUserID),
         "user": .string(botUserName), "bot_id": .string(botID)]
    }

    /// Asks Slack; on a network failure falls back to what the last successful check stored, so
    /// a Slack outage at start-up does not stop the instance. A refused token throws, naming the
    /// credential.
    static func identify(api: SlackAPI, host: PluginHost) throws -> Workspace {
        switch api.call("auth.test", timeoutMs: 5_000) {
        case .success(let json):
            guard let workspace = Workspace(authTest: json) else {
                throw PluginError.invalid(field: "bot_token_credential", message: "auth.test named no workspace for this token")
            }
            try host.kvSet(storageKey, workspace.json.serialized)
            return workspace
        case .failure(let error):
            if case .reconnect = error.meaning {
                throw PluginError.invalid(field: "bot_token_credential", message: "Slack refused the bot token (\(error))")
            }
            if case .rejected = error.meaning {
                throw PluginError.invalid(field: "bot_token_credential", message: "auth.test failed (\(error))")
            }
            guard let stored = try host.kvGetString(storageKey).flatMap({ try? JSON.parse($0) }).flatMap(Workspace.init(authTest:)) else {
                throw PluginError.io("cannot reach Slack to learn the workspace of the bot token (\(error)); try again")
            }
            host.log(.warn, "slack: auth.test failed (\(error)); using workspace \(stored.teamID) from the last check")
            return stored
        }
    }
}
