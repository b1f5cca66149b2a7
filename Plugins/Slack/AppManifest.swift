import PluginKit

/// The Slack app manifest an operator pastes into "Create an app → From a manifest": exactly
/// the scopes and bot events the plugin needs, with this instance's request URL filled in.
/// `slack-app-manifest.json` beside this file is the same manifest with a placeholder URL
/// (an integration test compares the two).
enum AppManifest {
    static let botScopes = ["chat:write", "im:write", "mpim:write", "channels:read", "groups:read", "users:read", "users:read.email",
                            "channels:history", "groups:history", "im:history", "mpim:history", "files:read"]
    /// The replies arrive as message events in each kind of conversation the app posts in.
    static let botEvents = ["message.channels", "message.groups", "message.im", "message.mpim"]

    static func manifest(requestURL: String) -> JSON {
        [
            "display_information": ["name": "Switchboard", "description": "Side conversations from the support team's Switchboard"],
            "features": ["bot_user": ["display_name": "Switchboard", "always_online": true]],
            "oauth_config": ["scopes": ["bot": .array(botScopes.map(JSON.string))]],
            "settings": [
                "event_subscriptions": ["request_url": .string(requestURL), "bot_events": .array(botEvents.map(JSON.string))],
                "org_deploy_enabled": false, "socket_mode_enabled": false, "token_rotation_enabled": false,
            ],
        ]
    }
}
