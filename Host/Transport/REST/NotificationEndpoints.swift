import SwitchboardDomain
import SwitchboardSupport

/// /api/v1/notifications…: an agent's notification centre, quiet hours and Web Push subscriptions;
/// /api/v1/notification-rules: which events notify how (agent, team and workspace scopes).
/// The `NotificationWorker` picks every change up from the store.
struct NotificationEndpoints {
    let store: Store

    var routes: [Route] {
        [
            Route(method: "GET", pattern: "/api/v1/notifications", access: .people, handler: list),
            Route(method: "POST", pattern: "/api/v1/notifications/read-all", access: .people, handler: readAll),
            Route(method: "POST", pattern: "/api/v1/notifications/{id}/read", access: .people, handler: readOne),
            Route(method: "GET", pattern: "/api/v1/notifications/settings", access: .people, handler: settings),
            Route(method: "PUT", pattern: "/api/v1/notifications/settings", access: .people, handler: putSettings),
            Route(method: "GET", pattern: "/api/v1/notifications/vapid-public-key", access: .people, handler: vapidPublicKey),
            Route(method: "GET", pattern: "/api/v1/notifications/push-subscriptions", access: .people, handler: subscriptions),
            Route(method: "POST", pattern: "/api/v1/notifications/push-subscriptions", access: .people, handler: subscribe),
            Route(method: "DELETE", pattern: "/api/v1/notifications/push-subscriptions/{id}", access: .people, handler: unsubscribe),
            Route(method: "GET", pattern: "/api/v1/notifications/deliveries", access: .admin, handler: deliveries),
            Route(method: "GET", pattern: "/api/v1/notifications/email-settings", access: .admin, handler: mailSettings),
            Route(method: "PUT", pattern: "/api/v1/notifications/email-settings", access: .admin, handler: putMailSettings),
            Route(method: "GET", pattern: "/api/v1/notifications/unsubscribe", access: .open, handler: unsubscribePage),
            Route(method: "POST", pattern: "/api/v1/notifications/unsubscribe", access: .open, handler: unsubscribeMail),
            Route(method: "GET", pattern: "/api/v1/notification-rules", access: .people, handler: rules),
            Route(method: "PUT", pattern: "/api/v1/notification-rules", access: .people, handler: putRules),
        ]
    }

    static let deliveryStatuses = ["pending", "sent", "failed", "dropped"]

    func person(_ r: APIRequest) throws(APIError) -> String { try r.person(owning: "notifications") }

    func list(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let agentID = try person(r)
        var after: Int64?
        if let raw = r.http.queryValue("after") {
            // At most 2^53 - 1, as documented: larger numbers do not survive a JSON number in most clients.
            guard let value = Int64(raw), (0...9_007_199_254_740_991).contains(value) else {
                throw .badRequest("after", "must be a whole number from 0 to 9007199254740991 (a notification id)")
            }
            after = value
        }
        let limit = try r.intQuery("limit", default: 50, range: 1...200)
        let page = try storeCall { try store.notifications(agentID: agentID, after: after, limit: limit) }
        return .json(200, ["notifications": .array(page.notifications.map(Self.present)), "unread": .from(page.unread)])
    }

    func readOne(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let agentID = try person(r)
        guard let id = Int64(r.parameter("id")), id > 0,
              try storeCall({ try store.markNotificationsRead(agentID: agentID, id: id) }) else {
            throw .notFound("no notification \(r.parameter("id"))")
        }
        return try unreadCount(agentID)
    }

    func readAll(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let agentID = try person(r)
        try storeCall { try store.markNotificationsRead(agentID: agentID, id: nil) }
        return try unreadCount(agentID)
    }

    func unreadCount(_ agentID: String) throws(APIError) -> HTTPResponse {
        let page = try storeCall { try store.notifications(agentID: agentID, after: Int64.max - 1, limit: 1) }
        return .json(200, ["unread": .from(page.unread)])
    }

    func settings(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let agentID = try person(r)
        return .json(200, Self.present(try storeCall { try store.notificationSettings(agentID: agentID) }))
    }

    func putSettings(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let agentID = try person(r)
        let body = try r.jsonBody()
        guard let zone = try optionalString(body, "time_zone") else { throw .badRequest("time_zone", "is required (an IANA time zone)") }
        var settings = NotificationSettings(timeZone: zone)
        if let quiet = body["quiet_hours"], !quiet.isNull {
            guard let window = quiet.objectValue else { throw .badRequest("quiet_hours", "must be an object {start, end} or null") }
            for field in ["start", "end"] {
                guard let text = window[field]?.stringValue, let minutes = NotificationSettings.minutes(text) else {
                    throw .badRequest("quiet_hours.\(field)", "must be a time of day HH:MM (00:00-23:59)")
                }
                if field == "start" { settings.quietStart = minutes } else { settings.quietEnd = minutes }
            }
        }
        try domainCall { try store.putNotificationSettings(settings, agentID: agentID) }
        return .json(200, Self.present(settings))
    }

    func vapidPublicKey(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let key = try storeCall { try store.vapidKey() }
        return .json(200, ["public_key": .string(Base64URL.encode(key.publicPoint))])
    }

    func subscriptions(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let agentID = try person(r)
        let all = try storeCall { try store.pushSubscriptions(agentID: agentID) }
        return .json(200, ["push_subscriptions": .array(all.map(Self.present))])
    }

    func subscribe(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let agentID = try person(r)
        let body = try r.jsonBody()
        guard let endpoint = try optionalString(body, "endpoint") else { throw .badRequest("endpoint", "is required") }
        guard let keys = body["keys"]?.objectValue else { throw .badRequest("keys", "is required: {p256dh, auth}") }
        guard let p256dh = keys["p256dh"]?.stringValue else { throw .badRequest("keys.p256dh", "is required (a string)") }
        guard let auth = keys["auth"]?.stringValue else { throw .badRequest("keys.auth", "is required (a string)") }
        let made = try domainCall { try store.addPushSubscription(agentID: agentID, endpoint: endpoint, p256dh: p256dh, auth: auth) }
        return .json(201, Self.present(made))
    }

    func unsubscribe(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let agentID = try person(r)
        guard try storeCall({ try store.deletePushSubscription(agentID: agentID, id: r.parameter("id")) }) else {
            throw .notFound("no push subscription \(r.parameter("id"))")
        }
        return HTTPResponse(status: 204)
    }

    func mailSettings(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        guard let settings = try storeCall({ try store.notificationMailSettings() }) else {
            throw .notFound("no mail transport is configured yet")
        }
        return .json(200, Self.present(settings))
    }

    func putMailSettings(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let body = try r.jsonBody()
        let transportName = try optionalString(body, "transport") ?? NotificationMailSettings.Transport.smtp.rawValue
        guard let transport = NotificationMailSettings.Transport(rawValue: transportName) else {
            throw .badRequest("transport", "must be one of \(NotificationMailSettings.Transport.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        try checkMailSettingsFields(body)
        if transport == .emailChannel {
            guard let instanceID = try optionalString(body, "channel_instance_id") else {
                throw .badRequest("channel_instance_id", "is required with transport email_channel")
            }
            let settings = NotificationMailSettings(emailChannelInstance: instanceID)
            try domainCall { try store.putNotificationMailSettings(settings) }
            return .json(200, Self.present(settings))
        }
        guard let url = try optionalString(body, "smtp_url") else { throw .badRequest("smtp_url", "is required") }
        guard let from = try optionalString(body, "from") else { throw .badRequest("from", "is required") }
        let settings = NotificationMailSettings(smtpURL: url, starttls: try optionalBool(body, "starttls") ?? true,
                                                username: try optionalString(body, "username"),
                                                passwordCredential: try optionalString(body, "password_credential"), from: from)
        try domainCall { try store.putNotificationMailSettings(settings) }
        return .json(200, Self.present(settings))
    }

    /// Every field the document bounds is held to it whichever transport is chosen (a field the
    /// other transport would use is still refused when malformed, not silently kept or dropped).
    private func checkMailSettingsFields(_ body: JSONObject) throws(APIError) {
        if let id = try optionalString(body, "channel_instance_id"), id.isEmpty || id.count > 64 {
            throw .badRequest("channel_instance_id", "must be 1 to 64 characters")
        }
        if let url = try optionalString(body, "smtp_url"), !NotificationMailSettings.isSMTPURL(url) {
            throw .badRequest("smtp_url", "must be smtp://host:port or smtps://host:port")
        }
        if let from = try optionalString(body, "from"), !NotificationMailSettings.isAddress(from) {
            throw .badRequest("from", "must be an e-mail address")
        }
        if let username = try optionalString(body, "username"), username.count > 500 {
            throw .badRequest("username", "must be at most 500 characters")
        }
        if let credential = try optionalString(body, "password_credential"), credential.isEmpty || credential.count > 100 {
            throw .badRequest("password_credential", "must be 1 to 100 characters")
        }
        _ = try optionalBool(body, "starttls")
    }

    /// The mail's link (GET): a page that asks, changing nothing — mail scanners and link previews
    /// follow links. No sign-in: the signed token says who and what.
    func unsubscribePage(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let token = try unsubscribeToken(r)
        guard let target = try storeCall({ try store.unsubscribeTarget(token: token) }) else {
            throw .badRequest("token", "is not a valid unsubscribe link")
        }
        return UnsubscribePage.confirm(kind: target.kind, token: token)
    }

    /// The page's button, or a mail client's RFC 8058 one-click POST: applies at once. A browser
    /// (asking for HTML) gets a page, anything else JSON.
    func unsubscribeMail(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let token = try unsubscribeToken(r)
        guard let done = try storeCall({ try store.unsubscribe(token: token) }) else {
            throw .badRequest("token", "is not a valid unsubscribe link")
        }
        if r.http.header("Accept")?.contains("text/html") == true { return UnsubscribePage.done(kind: done.kind) }
        return .json(200, ["unsubscribed": .bool(true), "agent_id": .string(done.agentID), "event": .string(done.kind.rawValue)])
    }

    private func unsubscribeToken(_ r: APIRequest) throws(APIError) -> String {
        guard let token = r.http.queryValue("token"), !token.isEmpty, token.utf8.count <= 1_000 else {
            throw .badRequest("token", "is required (the link from the mail)")
        }
        return token
    }

    func deliveries(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let status = r.http.queryValue("status")
        if let status, !Self.deliveryStatuses.contains(status) {
            throw .badRequest("status", "must be one of \(Self.deliveryStatuses.joined(separator: ", "))")
        }
        let limit = try r.intQuery("limit", default: 100, range: 1...500)
        let rows = try storeCall { try store.notificationDeliveries(status: status, limit: limit) }
        return .json(200, ["deliveries": .array(rows.map(Self.present))])
    }

    /// The scope a rules request names: workspace and team need an admin; an agent sets their own
    /// (an admin anyone's). An unknown team or agent is a 400 naming `team_id` or `agent_id`.
    func scope(_ r: APIRequest, scope name: String?, teamID: String?, agentID: String?, writing: Bool) throws(APIError) -> NotificationScope {
        guard let caller = r.caller else { throw .forbidden }
        switch name ?? "agent" {
        case "workspace":
            if writing, caller.role != .admin { throw .forbidden }
            return .workspace
        case "team":
            guard let teamID, !teamID.isEmpty else { throw .badRequest("team_id", "is required for the team scope") }
            if writing, caller.role != .admin { throw .forbidden }
            guard try storeCall({ try store.team(id: teamID) }) != nil else { throw .badRequest("team_id", "no team \(teamID)") }
            return .team(teamID)
        case "agent":
            guard let id = agentID ?? caller.agentID, !id.isEmpty else { throw .badRequest("agent_id", "is required with an API key") }
            if caller.role != .admin, id != caller.agentID { throw .forbidden }
            guard let agent = try storeCall({ try store.agent(id: id) }), agent.isActive else { throw .badRequest("agent_id", "no active agent \(id)") }
            return .agent(id)
        default:
            throw .badRequest("scope", "must be workspace, team or agent")
        }
    }

    func rules(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let scope = try scope(r, scope: r.http.queryValue("scope"), teamID: r.http.queryValue("team_id"),
                              agentID: r.http.queryValue("agent_id"), writing: false)
        return try presentRules(scope)
    }

    func putRules(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let body = try r.jsonBody()
        let scope = try scope(r, scope: try optionalString(body, "scope"), teamID: try optionalString(body, "team_id"),
                              agentID: try optionalString(body, "agent_id"), writing: true)
        guard let list = body["rules"] else { throw .badRequest("rules", "is required (an array, may be empty)") }
        let parsed = try domainCall { try NotificationRule.parse(list) }
        _ = try domainCall { try store.replaceNotificationRules(parsed, scope: scope) }
        return try presentRules(scope)
    }

    func presentRules(_ scope: NotificationScope) throws(APIError) -> HTTPResponse {
        let own = try storeCall { try store.notificationRules(scope: scope) }
        var out: JSONObject = ["rules": .array(own.map(\.json))]
        switch scope {
        case .workspace: out["scope"] = "workspace"
        case .team(let id): out["scope"] = "team"; out["team_id"] = .string(id)
        case .agent(let id):
            out["scope"] = "agent"
            out["agent_id"] = .string(id)
            out["effective"] = .array(try storeCall { try store.effectiveNotificationRules(agentID: id) }.map(\.json))
        }
        return .json(200, .object(out))
    }

    static func present(_ n: AgentNotification) -> JSON {
        ["id": .from(n.id), "kind": .string(n.kind), "conversation_id": .from(n.conversationID), "title": .string(n.title),
         "body": .string(n.body), "created_at": .string(Clock.iso8601(n.createdAt)), "read_at": .from(n.readAt.map(Clock.iso8601))]
    }

    static func present(_ s: NotificationSettings) -> JSON {
        let quiet: JSON = if let start = s.quietStart, let end = s.quietEnd {
            ["start": .string(NotificationSettings.clock(start)), "end": .string(NotificationSettings.clock(end))]
        } else { .null }
        return ["time_zone": .string(s.timeZone), "quiet_hours": quiet]
    }

    static func present(_ s: NotificationMailSettings) -> JSON { s.json }

    static func present(_ s: PushSubscription) -> JSON {
        ["id": .string(s.id), "endpoint": .string(s.endpoint), "created_at": .string(Clock.iso8601(s.createdAt))]
    }

    static func present(_ d: NotificationDeliveryRecord) -> JSON {
        ["id": .from(d.id), "notification_id": .from(d.notificationID), "agent_id": .string(d.agentID), "channel": .string(d.channel),
         "target": .string(d.target), "status": .string(d.status), "attempts": .from(d.attempts), "last_error": .from(d.lastError),
         "created_at": .string(Clock.iso8601(d.createdAt)), "updated_at": .string(Clock.iso8601(d.updatedAt))]
    }
}

extension APIRequest {
    /// The agent behind a call about their own things (notifications, read state): a session or a
    /// personal token, never an API key that stands for no one (403).
    func person(owning what: String) throws(APIError) -> String {
        guard let agentID = caller?.agentID else {
            throw APIError(status: 403, code: "forbidden", message: "\(what): they belong to a person: sign in or use a personal token")
        }
        return agentID
    }
}
