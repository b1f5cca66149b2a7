import SwitchboardDomain
import SwitchboardSupport

/// /api/v1/conversations…: list, read, reply (text or a snippet), switch channel, events.
struct ConversationEndpoints {
    let store: Store
    let registry: ChannelRegistry
    let onReplyQueued: @Sendable () -> Void

    var routes: [Route] {
        [
            Route(method: "GET", pattern: "/api/v1/conversations", access: .any, handler: list),
            Route(method: "GET", pattern: "/api/v1/conversations/{id}", access: .any, handler: get),
            Route(method: "GET", pattern: "/api/v1/conversations/{id}/messages", access: .any, handler: messages),
            Route(method: "POST", pattern: "/api/v1/conversations/{id}/messages", access: .any, handler: reply),
            Route(method: "GET", pattern: "/api/v1/conversations/{id}/events", access: .any, handler: events),
            Route(method: "POST", pattern: "/api/v1/conversations/{id}/switch", access: .any, handler: switchChannel),
            Route(method: "GET", pattern: "/api/v1/conversations/{id}/switch-targets", access: .any, handler: switchTargets),
            Route(method: "POST", pattern: "/api/v1/conversations/{id}/typing", access: .any, handler: typing),
            Route(method: "POST", pattern: "/api/v1/conversations/{id}/viewed", access: .people, handler: viewed),
        ]
    }

    func list(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        var filter = ConversationFilter()
        if let s = r.http.queryValue("status") {
            guard let status = ConversationStatus(rawValue: s) else { throw .badRequest("status", "must be one of active, snoozed, done, archived") }
            filter.status = status
        }
        if let e = r.http.queryValue("engagement") {
            guard let engagement = Engagement(rawValue: e) else { throw .badRequest("engagement", "must be pending or engaged") }
            filter.engagement = engagement
        }
        filter.channelInstanceID = r.http.queryValue("channel_instance_id")
        filter.contactID = r.http.queryValue("contact_id")
        filter.assignee = r.http.queryValue("assignee")
        filter.limit = try r.intQuery("limit", default: 50, range: 1...500)
        if let before = r.http.queryValue("before") {
            guard let value = Int64(before) else { throw .badRequest("before", "must be the next_before value of a previous page") }
            filter.updatedBefore = value
        }
        filter.teamID = r.http.queryValue("team_id")
        filter.tag = r.http.queryValue("tag")
        filter.viewer = r.viewer
        let items = try storeCall { try store.conversations(filter) }
        let next: JSON = items.count == filter.limit ? .number(Double(items.last!.updatedAt)) : .null
        return .json(200, ["conversations": .array(items.map(Present.conversation)), "next_before": next])
    }

    func visibleConversation(_ r: APIRequest) throws(APIError) -> Conversation {
        let id = r.parameter("id")
        guard let conversation = try storeCall({ try store.conversation(id: id, visibleTo: r.viewer) })
        else { throw .notFound("no conversation \(id)") }
        return conversation
    }

    func get(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let id = r.parameter("id")
        // One snapshot: a stack turn committing meanwhile must not show its reply beside the state before it.
        guard let (conversation, messages, contact) = try storeCall({ try store.conversationDetail(id: id, visibleTo: r.viewer) })
        else { throw .notFound("no conversation \(id)") }
        var body = Present.conversation(conversation).objectValue!
        // Draft mode: the draft waiting for review, and which sent replies were AI-drafted and who approved them.
        let drafts = try storeCall { try store.drafts(conversationID: conversation.id) }
        let approved = Dictionary(drafts.compactMap { d in d.sentMessageID.map { ($0, d) } }, uniquingKeysWith: { a, _ in a })
        body["messages"] = .array(messages.map { m in
            var json = Present.message(m)
            if let d = approved[m.id], var object = json.objectValue {
                object["ai_draft"] = ["draft_id": .from(d.id), "stack_id": .from(d.stackID), "approved_by": .from(d.decidedBy),
                                      "edited": .bool(d.state == .edited)]
                json = .object(object)
            }
            return json
        })
        body["draft"] = drafts.last { $0.state == .pending }?.json ?? .null
        body["contact"] = contact.map(Present.contact) ?? .null
        // Channels whose provider limits replies to a time after the customer's last message (Meta).
        body["reply_window"] = try storeCall { try registry.replyWindow(conversationID: conversation.id, instanceID: conversation.channelInstanceID) }.json
        return .json(200, .object(body))
    }

    func messages(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let conversation = try visibleConversation(r)
        let after = try r.intQuery("after", default: 0, range: 0...Int.max)
        let limit = try r.intQuery("limit", default: 200, range: 1...1000)
        let items = try storeCall { try store.messages(conversationID: conversation.id, afterID: Int64(after), limit: limit) }
        return .json(200, ["messages": .array(items.map(Present.message))])
    }

    func reply(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let conversation = try visibleConversation(r)
        let body = try r.jsonBody()
        var text = try optionalString(body, "text") ?? ""
        // A snippet is rendered for this conversation and the replying agent; it replaces text, it does not add to it.
        if let snippetID = try optionalString(body, "snippet_id") {
            guard body["text"]?.isNull ?? true else { throw .badRequest("text", "give either text or snippet_id, not both") }
            text = try SnippetEndpoints.replyText(store: store, snippetID: snippetID, conversationID: conversation.id, request: r,
                                                  authorName: try optionalString(body, "author_name") ?? r.caller?.name)
        }
        let format = try Self.format(body)
        var rich: String?
        if let value = body["rich"], !value.isNull {
            guard value.objectValue != nil || value.arrayValue != nil else { throw .badRequest("rich", "must be an object or an array") }
            rich = value.serialized
        }
        let attachments = try Self.attachments(body)
        guard !text.isEmpty || rich != nil || attachments != nil else { throw .badRequest("text", "is required (or rich, or attachments)") }
        let authorKind: AuthorKind = (try optionalString(body, "author_kind")).flatMap(AuthorKind.init(rawValue:)) ?? .agent
        guard authorKind != .customer else { throw .badRequest("author_kind", "must be agent, stack or system") }
        let author = try optionalString(body, "author_name") ?? r.caller?.name
        let reply = Reply(conversationID: conversation.id, authorKind: authorKind, authorID: author, text: text,
                          format: format, richJSON: rich, attachmentsJSON: attachments)
        // The channel refuses at once what it could never send (ABI 1.3 validate_outbound).
        if case .refused(let field, let reason) = try storeCall({ try OutboundCheck(registry: registry, store: store).check(reply, on: conversation) }) {
            throw .badRequest(field.isEmpty ? "text" : field, reason)
        }
        let message: Message
        do {
            message = try store.queueReply(reply)
        } catch let error as ReplyError {
            if case .archived = error { throw .conflict(error.description) }
            throw .badRequest("text", error.description)
        } catch {
            throw APIError(status: 503, code: "unavailable", message: "could not store the reply: \(error)")
        }
        onReplyQueued()
        return .json(202, Present.message(message))
    }

    /// `format`: plain (the default), html or markdown.
    static func format(_ body: JSONObject) throws(APIError) -> TextFormat {
        guard let name = try optionalString(body, "format") else { return .plain }
        guard let format = TextFormat(rawValue: name) else { throw .badRequest("format", "must be plain, html or markdown") }
        return format
    }

    /// `attachments`: [{name, url, content_type, size}] as JSON text, nil when absent.
    static func attachments(_ body: JSONObject) throws(APIError) -> String? {
        guard let value = body["attachments"], !value.isNull else { return nil }
        guard let items = value.arrayValue, items.allSatisfy({ $0["url"]?.stringValue != nil && $0["name"]?.stringValue != nil }) else {
            throw .badRequest("attachments", "must be an array of {name, url, content_type, size}")
        }
        return value.serialized
    }

    func events(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let conversation = try visibleConversation(r)
        let after = try r.intQuery("after", default: 0, range: 0...Int.max)
        let page = try storeCall { try store.events(after: Int64(after), visibleTo: r.viewer, conversationID: conversation.id, limit: 500) }
        return .json(200, ["events": .array(page.events.map(Present.event))])
    }

    /// By instance (`channel_instance_id`) or kind (`channel`: "email", "sms", …), see ChannelSwitching.
    func switchChannel(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let conversation = try visibleConversation(r)
        let body = try r.jsonBody()
        let instance = try optionalString(body, "channel_instance_id"), kind = try optionalString(body, "channel")
        guard (instance ?? "").isEmpty != (kind ?? "").isEmpty else {
            throw .badRequest("channel_instance_id", "give exactly one of channel_instance_id (an instance) or channel (a kind such as email)")
        }
        let target = instance ?? kind!
        let switching = ChannelSwitching(registry: registry, store: store)
        if let instance, !(r.caller?.mayAccess(channelInstanceID: instance) ?? false) { throw .forbidden }
        if let kind, let running = switching.targets().first(where: { $0.kind == kind })?.instanceID,
           !(r.caller?.mayAccess(channelInstanceID: running) ?? false) { throw .forbidden }
        let done: SwitchDone
        do {
            done = try switching.perform(conversationID: conversation.id, target: target,
                                         identityKind: try optionalString(body, "identity_kind"),
                                         identityValue: try optionalString(body, "identity_value"),
                                         reason: try optionalString(body, "reason") ?? "agent", notice: try optionalString(body, "notice"),
                                         actor: r.actor)
        } catch let refusal as SwitchRefusal {
            let field = instance != nil ? "channel_instance_id" : "channel"
            switch refusal {
            case .invalid(let f, let why): throw .badRequest(f == "target" ? field : f, why)
            case .unavailable(let why): throw APIError(status: 409, code: "channel_unavailable", message: why, field: field)
            case .notFound(let why): throw .notFound(why)
            }
        } catch let error as APIError {
            throw error
        } catch {
            throw APIError(status: 503, code: "unavailable", message: "store: \(error)")
        }
        onReplyQueued()
        let updated = try storeCall { try store.conversation(id: conversation.id) }!
        var presented = Present.conversation(updated).objectValue ?? JSONObject()
        presented["switch"] = .object(["target": .string(done.target), "waiting_for_plugin": .bool(done.waiting),
                                       "identity_kind": .string(done.identity.kind), "identity_value": .string(done.identity.value)])
        return .json(200, .object(presented))
    }

    /// Where the conversation could go now: running channels by kind, and planned kinds (replies would wait).
    func switchTargets(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let conversation = try visibleConversation(r)
        let current = registry.runtime(for: conversation.channelInstanceID)?.plugin.manifest.channelKind
        let targets = ChannelSwitching(registry: registry, store: store).targets(excludingKind: current)
        return .json(200, ["targets": .array(targets.map(\.json))])
    }

    /// An agent is typing: tell the conversation's channel (a chat widget shows it). Best effort, not stored.
    func typing(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let conversation = try visibleConversation(r)
        let name = try storeCall { try r.caller?.agentID.flatMap { try store.agent(id: $0)?.name } } ?? "An agent"
        let relayed = ConversationSignals(registry: registry).send("agent.typing", data: ["name": .string(name)], to: conversation)
        return .json(202, ["relayed": .bool(relayed)])
    }
}

extension ConversationEndpoints {
    /// A person has the conversation open in front of them (the web app says so as it shows it,
    /// and again as new messages arrive): tell its channel (ABI 1.3 "conversation.viewed"; WhatsApp
    /// marks the customer's messages read when its `mark_read` is on). Best effort, not stored.
    func viewed(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let conversation = try visibleConversation(r)
        let agentID = r.caller?.agentID
        let name = try storeCall { try agentID.flatMap { try store.agent(id: $0)?.name } } ?? r.caller?.name ?? ""
        let relayed = ConversationSignals(registry: registry).send("conversation.viewed", data: ["agent_id": .from(agentID), "agent_name": .string(name)],
                                                                   to: conversation)
        return .json(202, ["relayed": .bool(relayed)])
    }
}

/// Map store failures to 503: the caller may retry; nothing was half-written. A refusal the
/// body itself raised (an `APIError`, e.g. a field checked inside the call) passes through as it is:
/// bad input is never a 5xx.
func storeCall<T>(_ body: () throws -> T) throws(APIError) -> T {
    do { return try body() } catch let error as APIError { throw error } catch {
        throw APIError(status: 503, code: "unavailable", message: "store: \(error)")
    }
}

/// Run a domain call: its refusals become 400 (naming the field), 404 or 409; a constraint the
/// rules did not catch is a 409; anything else is the store failing (503).
func domainCall<T>(_ body: () throws -> T) throws(APIError) -> T {
    do { return try body() } catch let error as any DomainRefusal {
        switch error.refusal {
        case .invalid(let field, let reason): throw .badRequest(field, reason)
        case .notFound(let message): throw .notFound(message)
        case .conflict(let field, let reason): throw APIError(status: 409, code: "conflict", message: reason, field: field)
        }
    } catch let error as StoreError where error.isConstraintViolation {
        throw .conflict("that would duplicate an existing record: \(error.message)")
    } catch let error as APIError {
        throw error
    } catch {
        throw APIError(status: 503, code: "unavailable", message: "store: \(error)")
    }
}

func optionalString(_ body: JSONObject, _ field: String) throws(APIError) -> String? {
    guard let value = body[field], !value.isNull else { return nil }
    guard let s = value.stringValue else { throw .badRequest(field, "must be a string") }
    return s
}
