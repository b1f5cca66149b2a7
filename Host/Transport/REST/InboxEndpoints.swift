import SwitchboardDomain
import SwitchboardSupport

/// /api/v1/inbox…: what the agents' web app lists, in one request per page: each conversation with
/// its customer, channel, latest message and waiting time, filtered and searched on the server
/// (`Store.inbox`); and the inbox's counts, channels and tags. Same visibility as
/// /api/v1/conversations (`Viewer`).
struct InboxEndpoints {
    let store: Store
    let registry: ChannelRegistry

    var routes: [Route] {
        [
            Route(method: "GET", pattern: "/api/v1/inbox", access: .any, handler: list),
            Route(method: "GET", pattern: "/api/v1/inbox/summary", access: .people, handler: summary),
        ]
    }

    func list(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        var filter = InboxFilter()
        if let s = r.http.queryValue("status"), s != "all" {
            guard let status = ConversationStatus(rawValue: s) else { throw .badRequest("status", "must be one of active, snoozed, done, archived, all") }
            filter.status = status
        }
        if let e = r.http.queryValue("engagement") {
            guard let engagement = Engagement(rawValue: e) else { throw .badRequest("engagement", "must be pending or engaged") }
            filter.engagement = engagement
        }
        if let p = r.http.queryValue("priority") {
            guard let priority = Priority(rawValue: p) else { throw .badRequest("priority", "must be one of low, normal, high, urgent") }
            filter.priority = priority
        }
        switch r.http.queryValue("assignee") {
        case nil: break
        case "none": filter.assignee = .nobody
        case "me":
            guard let agentID = r.caller?.agentID else { throw .badRequest("assignee", "me needs a person: a session or a personal token") }
            filter.assignee = .agent(agentID)
        case let id?: filter.assignee = .agent(id)
        }
        if let m = r.http.queryValue("mentioned") {
            guard m == "me", let agentID = r.caller?.agentID else { throw .badRequest("mentioned", "must be me, for a person: a session or a personal token") }
            filter.mentionedAgentID = agentID
        }
        filter.teamID = r.http.queryValue("team_id")
        filter.channelInstanceID = r.http.queryValue("channel_instance_id")
        filter.tag = r.http.queryValue("tag")
        filter.topic = r.http.queryValue("topic")
        if let d = r.http.queryValue("draft") {
            guard d == "ready" else { throw .badRequest("draft", "must be ready (conversations with an AI draft waiting for review)") }
            filter.draftReady = true
        }
        if let q = r.http.queryValue("q")?.trimmingASCIIWhitespace(), !q.isEmpty {
            guard q.count <= 200 else { throw .badRequest("q", "must be at most 200 characters") }
            filter.query = q
        }
        filter.limit = try r.intQuery("limit", default: 50, range: 1...200)
        if let raw = r.http.queryValue("ids") {
            let ids = raw.split(separator: ",").map(String.init)
            guard !ids.isEmpty, ids.count <= 200 else { throw .badRequest("ids", "must list 1 to 200 conversation ids, comma-separated") }
            filter.ids = ids
            filter.limit = ids.count
        }
        if let before = r.http.queryValue("before") {
            guard let cursor = InboxCursor(token: before) else { throw .badRequest("before", "must be the next_before value of a previous page") }
            filter.before = cursor
        }
        switch r.http.queryValue("due") {
        case nil: break
        case "any": filter.responseDue = .any
        case "overdue": filter.responseDue = .overdue(now: Clock.nowMillis())
        case "at_risk": filter.responseDue = .atRisk
        default: throw .badRequest("due", "must be any, overdue or at_risk")
        }
        if let sort = r.http.queryValue("sort") {
            guard let order = InboxOrder(rawValue: sort) else { throw .badRequest("sort", "must be updated, response_due or next_due") }
            filter.order = order
        }
        filter.viewer = r.viewer
        let items = try storeCall { try store.inbox(filter) }
        let next: JSON
        if filter.ids == nil, items.count == filter.limit, let last = items.last?.conversation {
            let key = switch filter.order {
            case .responseDue: last.responseDueAt ?? 0
            case .nextDue: last.nextDueAt ?? 0
            case .updated: last.updatedAt
            }
            next = .string(InboxCursor(updatedAt: key, id: last.id).token)
        } else {
            next = .null
        }
        return .json(200, ["items": .array(items.map(Present.inboxItem)), "next_before": next])
    }

    /// The inbox's side bar: counts, the channels conversations can be on (agents may not list
    /// /api/v1/channels, and the app needs their names and icons), and the tags in use.
    func summary(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let counts = try storeCall { try store.inboxCounts(agentID: r.caller?.agentID, viewer: r.viewer) }
        let tags = try storeCall { try store.tagsInUse() }
        let channels = registry.instanceStatuses().map { status -> JSON in
            let record = status.record
            return ["id": .string(record.id), "name": .string(record.name), "plugin_id": .string(record.pluginID),
                    "state": .string(status.state), "side_conversations": .bool(registry.carriesSideConversations(record.id))]
        }
        return .json(200, ["counts": ["mine": .from(counts.mine), "unassigned": .from(counts.unassigned), "mentioned": .from(counts.mentioned)],
                           "channels": .array(channels), "tags": .array(tags.map(JSON.string))])
    }
}

extension Present {
    /// A conversation as /api/v1/conversations shows it, plus what an inbox row needs.
    static func inboxItem(_ item: InboxItem) -> JSON {
        var object = conversation(item.conversation).objectValue!
        object["contact"] = ["id": .string(item.conversation.contactID), "display_name": .from(item.contactName),
                             "identity": item.contactIdentity.map { ["kind": .string($0.kind), "value": .string($0.value)] } ?? .null]
        object["channel"] = ["id": .string(item.conversation.channelInstanceID), "name": .from(item.channelName),
                             "plugin_id": .from(item.channelPluginID)]
        object["last_message"] = item.lastMessage.map { m -> JSON in
            ["id": .number(Double(m.messageID)), "direction": .string(m.direction.rawValue), "author_kind": .string(m.authorKind.rawValue),
             "text": .string(m.text), "format": .string(m.format.rawValue), "created_at": .string(Clock.iso8601(m.createdAt))]
        } ?? .null
        object["waiting_since"] = time(item.waitingSince)
        object["draft_ready"] = .bool(item.pendingDraftID != nil)
        object["draft_id"] = .from(item.pendingDraftID)
        return .object(object)
    }
}
