import SwitchboardDomain
import SwitchboardSupport

/// GET /api/v1/channels/{id}/side-directory: the people and places a channel that carries side
/// conversations can reach, as its plugin published them (`plugin_status.side_directory`; the
/// Slack plugin: the workspace's users and channels), for the agents' picker. The rest of
/// `plugin_status` stays for admins (GET /api/v1/channels/{id}); this part only is for everyone who
/// may start a side conversation. Plugin routes under /hooks/ are public, so a directory is never
/// served there. `message_link_template` ("…/{provider_message_id}"), when published, links a side
/// message to where it is in the provider ("Open in Slack").
struct SideDirectoryEndpoint {
    let registry: ChannelRegistry

    var routes: [Route] {
        [Route(method: "GET", pattern: "/api/v1/channels/{id}/side-directory", access: .people, handler: directory),
         Route(method: "POST", pattern: "/api/v1/channels/{id}/side-directory/refresh", access: .people, handler: refresh)]
    }

    /// The agent's "refresh": the plugin reads the directory again soon (its rate limits allowing);
    /// the picker sees the new one when `refreshed_at` moves.
    func refresh(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let id = r.parameter("id")
        guard registry.carriesSideConversations(id) else {
            throw .notFound("no running channel instance \(id) that carries side conversations")
        }
        let asked = ConversationSignals(registry: registry).send("side_directory.refresh", data: [:], toInstance: id)
        return .json(202, ["channel_instance_id": .string(id), "requested": .bool(asked)])
    }

    func directory(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let id = r.parameter("id")
        guard registry.carriesSideConversations(id), let status = registry.instanceStatus(id) else {
            throw .notFound("no running channel instance \(id) that carries side conversations")
        }
        let published = Present.embedded(status.pluginStatus)?["side_directory"]
        // A plugin that publishes none (email: addresses are typed) answers an empty directory.
        guard let published, published.objectValue != nil else {
            return .json(200, ["channel_instance_id": .string(id), "available": false, "users": [], "channels": [], "refreshed_at": nil])
        }
        return .json(200, ["channel_instance_id": .string(id), "available": true,
                           "users": published["users"] ?? [], "channels": published["channels"] ?? [],
                           "refreshed_at": published["refreshed_at"] ?? nil, "truncated": published["truncated"] ?? false,
                           "message_link_template": published["message_link_template"] ?? nil])
    }
}
