import PluginKit

/// What the operator sees of an instance (`plugin_status`): the request URL to give Slack, the
/// app manifest with it filled in, and what the last `auth.test` said (the workspace and the
/// bot user), or why it failed; and the directory agents pick people and channels from
/// (`side_directory`, see `SlackDirectory`).
struct SlackStatus {
    let host: PluginHost
    let requestURL: String

    func publish(workspace: Workspace?, failure: SlackAPIError?, checkedAtMs: Int64, directory: JSON?) {
        var status: JSONObject = ["request_url": .string(requestURL), "auth_ok": .bool(failure == nil && workspace != nil),
                                  "checked_at": .string(Clock.iso8601(checkedAtMs)),
                                  "app_manifest": AppManifest.manifest(requestURL: requestURL)]
        if let workspace {
            status["team_id"] = .string(workspace.teamID)
            status["team"] = .string(workspace.teamName)
            status["team_url"] = .string(workspace.teamURL)
            status["bot_user_id"] = .string(workspace.botUserID)
            status["bot_user"] = .string(workspace.botUserName)
        }
        // Where a side message is in Slack: its provider id is the permalink's tail (SideDelivery).
        if var published = directory?.objectValue, let url = workspace?.teamURL, !url.isEmpty {
            published["message_link_template"] = .string((url.hasSuffix("/") ? url : url + "/") + "archives/{provider_message_id}")
            status["side_directory"] = .object(published)
        } else {
            status["side_directory"] = directory ?? .null
        }
        if let failure {
            status["reason"] = .string(failure.description)
            if case .reconnect(let why) = failure.meaning { status["needs_reconnect"] = .bool(true); status["reason"] = .string(why) }
        }
        do { try host.publishStatus(.object(status)) } catch { host.log(.warn, "slack: could not publish the status: \(error)") }
    }
}
