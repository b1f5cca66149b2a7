import PluginKit

/// An instance's configuration, validated, with its secrets fetched from the host's credentials.
/// One instance is one Slack workspace; which one is whatever `auth.test` says the bot token
/// belongs to (the token names the workspace, so the configuration does not repeat it).
struct SlackConfig: Sendable {
    /// The bot token (xoxb-…): every Web API call, and file downloads.
    var botToken: String
    /// The credential id of the bot token: named when a workspace is already claimed.
    var botTokenCredential: String
    /// Slack's signing secret: checks every Events API request.
    var signingSecret: String
    /// "https://slack.com/api" (or a fake's address in tests), without a trailing slash.
    var apiBaseURL: String

    static let defaultAPIBaseURL = "https://slack.com/api"

    /// Throws `PluginError.invalid` naming the setting at fault.
    static func load(configJSON: String, host: PluginHost) throws -> SlackConfig {
        guard let object = (try? JSON.parse(configJSON))?.objectValue else {
            throw PluginError.invalid(field: nil, message: "the configuration must be a JSON object")
        }
        return SlackConfig(botToken: try host.credential(field: "bot_token_credential", in: object),
                           botTokenCredential: object["bot_token_credential"]?.stringValue ?? "",
                           signingSecret: try host.credential(field: "signing_secret_credential", in: object),
                           apiBaseURL: try ConfigBaseURL.load(object, field: "api_base_url", default: defaultAPIBaseURL))
    }
}
