import SwitchboardDomain
import SwitchboardSupport

/// /api/v1/conversations/{id}/side-conversations and /api/v1/side-conversations/{id}: private
/// threads with people outside the conversation (a vendor, another team), carried by a channel
/// instance that can (email). For the team only: integrator keys get 403, their channels face the
/// customer. Who may see one is decided by its customer conversation (`Viewer`).
struct SideConversationEndpoints {
    let store: Store
    let registry: ChannelRegistry
    /// A side message was queued: wake the side delivery worker.
    let onQueued: @Sendable () -> Void

    var routes: [Route] {
        [
            Route(method: "GET", pattern: "/api/v1/conversations/{id}/side-conversations", access: .people, handler: list),
            Route(method: "POST", pattern: "/api/v1/conversations/{id}/side-conversations", access: .people, handler: start),
            Route(method: "GET", pattern: "/api/v1/side-conversations/{id}", access: .people, handler: open),
            Route(method: "POST", pattern: "/api/v1/side-conversations/{id}/messages", access: .people, handler: reply),
        ]
    }

    func list(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let items = try domainCall { try store.sideConversations(conversationID: r.parameter("id"), viewer: r.viewer) }
        return .json(200, ["side_conversations": .array(items.map { Present.sideConversation($0) })])
    }

    func start(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let body = try r.jsonBody()
        let id = r.parameter("id")
        guard let parent = try storeCall({ try store.conversation(id: id, visibleTo: r.viewer) }) else { throw .notFound("no conversation \(id)") }
        let requested = try optionalString(body, "channel_instance_id")
        let carrier = requested ?? parent.channelInstanceID
        guard registry.carriesSideConversations(carrier) else {
            guard requested != nil else {
                throw .badRequest("channel_instance_id", "the conversation's channel \(carrier) carries no side conversations: "
                                  + "name a running instance that does (an email channel)")
            }
            throw APIError(status: 409, code: "channel_unavailable",
                           message: "channel instance \(carrier) is not running a plugin that carries side conversations",
                           field: "channel_instance_id")
        }
        guard let subject = try optionalString(body, "subject") else { throw .badRequest("subject", "is required") }
        var participants = try Self.participants(body, "to", role: .to) + Self.participants(body, "cc", role: .cc)
        if let slack = body["slack"], !slack.isNull {
            guard participants.isEmpty else { throw .badRequest("slack", "name a slack target or to/cc addresses, not both") }
            participants = try SlackSideTarget.participants(slack)
        }
        let (text, format, attachments) = try Self.content(body)
        let new = NewSideConversation(conversationID: parent.id, channelInstanceID: carrier, subject: subject, participants: participants,
                                      text: text, format: format, attachmentsJSON: attachments, authorName: r.caller?.name,
                                      ccCustomer: try optionalBool(body, "cc_customer") ?? false,
                                      customerIdentityKinds: registry.runtime(for: carrier)?.plugin.manifest.identityKinds ?? [])
        let (side, first) = try domainCall { try store.startSideConversation(new, viewer: r.viewer, actor: r.actor) }
        onQueued()
        return .json(201, Present.sideConversation(side, messages: [first]))
    }

    func open(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let (side, messages) = try domainCall { try store.sideConversation(id: r.parameter("id"), viewer: r.viewer) }
        return .json(200, Present.sideConversation(side, messages: messages))
    }

    func reply(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let body = try r.jsonBody()
        let (text, format, attachments) = try Self.content(body)
        let message = try domainCall {
            try store.replyInSideConversation(id: r.parameter("id"), SideReply(text: text, format: format, attachmentsJSON: attachments,
                                                                               authorName: r.caller?.name),
                                              viewer: r.viewer, actor: r.actor)
        }
        onQueued()
        return .json(202, Present.sideMessage(message))
    }

    /// `to` / `cc`: an array of {"address", "name"?}.
    static func participants(_ body: JSONObject, _ field: String, role: SideParticipant.Role) throws(APIError) -> [SideParticipant] {
        guard let value = body[field], !value.isNull else { return [] }
        guard let items = value.arrayValue else { throw .badRequest(field, "must be an array of {address, name}") }
        var result: [SideParticipant] = []
        for item in items {
            guard let address = item["address"]?.stringValue else { throw .badRequest(field, "each item needs an address") }
            let name = item["name"]
            guard name == nil || name == .null || name?.stringValue != nil else { throw .badRequest(field, "name must be a string") }
            result.append(SideParticipant(address: address.trimmingASCIIWhitespace(), name: name?.stringValue, role: role))
        }
        return result
    }

    /// text, format (plain, markdown or html; default plain) and attachments ([{name, url, content_type, size}]).
    /// The same fields, and rules, as a reply's.
    static func content(_ body: JSONObject) throws(APIError) -> (String, TextFormat, String?) {
        let attachments = try ConversationEndpoints.attachments(body)
        return (try optionalString(body, "text") ?? "", try ConversationEndpoints.format(body), attachments == "[]" ? nil : attachments)
    }
}

extension Present {
    static func sideConversation(_ s: SideConversation, messages: [SideMessage]? = nil) -> JSON {
        var object: JSONObject = [
            "id": .string(s.id), "conversation_id": .string(s.conversationID), "channel_instance_id": .string(s.channelInstanceID),
            "subject": .string(s.subject), "participants": .array(s.participants.map(\.json)), "created_by": .string(s.createdBy),
            "created_at": .string(Clock.iso8601(s.createdAt)), "updated_at": .string(Clock.iso8601(s.updatedAt)),
            "last_message_at": time(s.lastMessageAt),
        ]
        if let messages { object["messages"] = .array(messages.map(sideMessage)) }
        return .object(object)
    }

    static func sideMessage(_ m: SideMessage) -> JSON {
        ["id": .from(m.id), "side_conversation_id": .string(m.sideConversationID), "direction": .string(m.direction.rawValue),
         "author_kind": .string(m.authorKind), "author_id": .from(m.authorID), "author_name": .from(m.authorName),
         "channel_instance_id": .string(m.channelInstanceID), "text": .string(m.text), "format": .string(m.format.rawValue),
         "attachments": Present.embedded(m.attachmentsJSON) ?? .null, "provider_message_id": .from(m.providerMessageID),
         "delivery_status": .string(m.deliveryStatus.rawValue), "delivery_detail": .from(m.deliveryDetail),
         "created_at": .string(Clock.iso8601(m.createdAt)), "edited_at": Present.time(m.editedAt), "deleted_at": Present.time(m.deletedAt),
         "author_avatar_url": .from(m.authorAvatarURL), "provider_link": .from(m.providerLink)]
    }
}
