import SwitchboardDomain
import SwitchboardSupport

/// GET /api/v1/channels/{id}/templates (and POST …/templates/sync, admins): the message templates a running channel instance
/// published (`plugin_status.templates`; the WhatsApp plugin: the number's synced templates), for
/// the agents' composer. The rest of `plugin_status` stays for admins (GET /api/v1/channels/{id});
/// each template is passed on with what a send must give only: name, language, category, status,
/// the body's parameter slots (`parameters`: "1", "2"… or names), the header's format and whether
/// it takes a text parameter, how many URL buttons need a value, and the body's and a text header's
/// wording (placeholders included) for a preview. 404 for an instance that is not
/// running or publishes no templates.
struct ChannelTemplatesEndpoint {
    let registry: ChannelRegistry

    var routes: [Route] {
        [Route(method: "GET", pattern: "/api/v1/channels/{id}/templates", access: .people, handler: templates),
         Route(method: "POST", pattern: "/api/v1/channels/{id}/templates/sync", access: .admin, handler: sync)]
    }

    /// An admin's "sync now" (a template was just created or edited in WhatsApp Manager): the plugin
    /// reads its templates from the provider again soon, off this request (ABI 1.3 signal
    /// "templates.sync"); GET templates shows the result when `synced_at` moves.
    func sync(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let id = r.parameter("id")
        guard registry.isRunning(id), let status = registry.instanceStatus(id), Present.embedded(status.pluginStatus)?["templates"]?.arrayValue != nil else {
            throw .notFound("no running channel instance \(id) that publishes message templates")
        }
        let asked = ConversationSignals(registry: registry).send("templates.sync", data: [:], toInstance: id)
        return .json(202, ["channel_instance_id": .string(id), "requested": .bool(asked)])
    }

    static let fields = ["name", "language", "category", "status", "parameters", "header", "header_parameter", "url_buttons",
                         "body", "header_text"]

    func templates(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let id = r.parameter("id")
        guard registry.isRunning(id), let status = registry.instanceStatus(id),
              let published = Present.embedded(status.pluginStatus)?["templates"]?.arrayValue else {
            throw .notFound("no running channel instance \(id) that publishes message templates")
        }
        let templates: [JSON] = published.compactMap { template in
            guard let object = template.objectValue, object["name"]?.stringValue != nil else { return nil }
            return .object(JSONObject(Self.fields.compactMap { field in object[field].map { (field, $0) } }))
        }
        let synced = Present.embedded(status.pluginStatus)?["templates_synced_at"] ?? nil
        return .json(200, ["channel_instance_id": .string(id), "plugin_id": .string(status.record.pluginID),
                           "templates": .array(templates), "synced_at": synced])
    }
}
