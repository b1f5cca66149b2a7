import SwitchboardDomain
import SwitchboardSupport

/// /api/v1/contacts…: list and search, read (following merges), history, edit, identities, merge.
///
/// Every role may call these; what a caller sees is decided by its `Viewer` in the store's SQL:
/// admins every contact, others the contacts with at least one conversation they may see
/// (404 for the rest). Merging is for admin and agent keys only.
struct ContactEndpoints {
    let store: Store

    var routes: [Route] {
        [
            Route(method: "GET", pattern: "/api/v1/contacts", access: .any, handler: list),
            Route(method: "GET", pattern: "/api/v1/contacts/{id}", access: .any, handler: get),
            Route(method: "PATCH", pattern: "/api/v1/contacts/{id}", access: .any, handler: update),
            Route(method: "GET", pattern: "/api/v1/contacts/{id}/conversations", access: .any, handler: conversations),
            Route(method: "POST", pattern: "/api/v1/contacts/{id}/identities", access: .any, handler: addIdentity),
            Route(method: "DELETE", pattern: "/api/v1/contacts/{id}/identities/{kind}/{value}", access: .any, handler: removeIdentity),
            Route(method: "POST", pattern: "/api/v1/contacts/{id}/merge", access: .any, handler: merge),
        ]
    }

    func list(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        var filter = ContactFilter()
        if let q = r.http.queryValue("q")?.trimmingASCIIWhitespace(), !q.isEmpty {
            guard q.count <= 200 else { throw .badRequest("q", "must be at most 200 characters") }
            filter.query = q
        }
        let kind = r.http.queryValue("identity_kind"), value = r.http.queryValue("identity_value")
        if kind != nil || value != nil {
            guard let kind, !kind.isEmpty else { throw .badRequest("identity_kind", "give identity_kind and identity_value together") }
            guard let value, !value.isEmpty else { throw .badRequest("identity_value", "give identity_kind and identity_value together") }
            guard Identity.isValidKind(kind) else { throw .badRequest("identity_kind", "must be 1-32 characters of a-z, 0-9 or '_'") }
            filter.identity = Identity(kind: kind, value: value)
        }
        filter.limit = try r.intQuery("limit", default: 50, range: 1...500)
        if let before = r.http.queryValue("before") {
            guard let cursor = ContactCursor(token: before) else { throw .badRequest("before", "must be the next_before value of a previous page") }
            filter.before = cursor
        }
        filter.viewer = r.viewer
        let items = try storeCall { try store.contacts(filter) }
        let next: JSON = items.count == filter.limit
            ? .string(ContactCursor(updatedAt: items.last!.contact.updatedAt, id: items.last!.contact.id).token) : .null
        return .json(200, ["contacts": .array(items.map(Present.contact)), "next_before": next])
    }

    func visibleContact(_ r: APIRequest) throws(APIError) -> ContactView {
        let id = r.parameter("id")
        guard let view = try storeCall({ try store.contact(id: id, visibleTo: r.viewer) }) else { throw .notFound("no contact \(id)") }
        return view
    }

    /// A merged contact's id answers with the contact it was merged into and `merged_from` (200, not a redirect:
    /// links and stored ids keep working, and clients need no redirect handling).
    func get(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        .json(200, Present.contact(try visibleContact(r)))
    }

    func conversations(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let view = try visibleContact(r)
        var filter = ConversationFilter()
        filter.contactID = view.contact.id
        filter.viewer = r.viewer
        filter.limit = try r.intQuery("limit", default: 50, range: 1...500)
        if let before = r.http.queryValue("before") {
            guard let value = Int64(before) else { throw .badRequest("before", "must be the next_before value of a previous page") }
            filter.updatedBefore = value
        }
        let items = try storeCall { try store.conversations(filter) }
        var instances: [String: ChannelInstanceRecord] = [:]
        for id in Set(items.map(\.channelInstanceID)) { instances[id] = try storeCall { try store.channelInstance(id: id) } }
        let presented = items.map { conversation -> JSON in
            var object = Present.conversation(conversation).objectValue!
            // The instance may have been removed since; the conversation's history stays.
            object["channel"] = instances[conversation.channelInstanceID].map {
                ["id": .string($0.id), "name": .string($0.name), "plugin_id": .string($0.pluginID)]
            } ?? .null
            return .object(object)
        }
        let next: JSON = items.count == filter.limit ? .number(Double(items.last!.updatedAt)) : .null
        return .json(200, ["contact_id": .string(view.contact.id), "merged_from": .from(view.mergedFrom),
                           "conversations": .array(presented), "next_before": next])
    }

    func update(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let body = try r.jsonBody()
        for (key, _) in body where key != "display_name" && key != "attributes" {
            throw .badRequest(key, "is not a contact field you can change; use display_name or attributes")
        }
        var patch = ContactPatch()
        if let name = body["display_name"] {
            guard name.isNull || name.stringValue != nil else { throw .badRequest("display_name", "must be a string or null") }
            patch.displayName = .some(name.stringValue)
        }
        if let attributes = body["attributes"] {
            guard let object = attributes.objectValue else { throw .badRequest("attributes", "must be an object (null values delete keys)") }
            patch.attributes = object
        }
        let view = try domainCall { try store.updateContact(id: r.parameter("id"), patch, visibleTo: r.viewer, actor: r.actor) }
        return .json(200, Present.contact(view))
    }

    func addIdentity(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let body = try r.jsonBody()
        guard let kind = try optionalString(body, "kind") else { throw .badRequest("kind", "is required") }
        guard let value = try optionalString(body, "value") else { throw .badRequest("value", "is required") }
        let result = try domainCall {
            try store.addIdentity(Identity(kind: kind, value: value), toContact: r.parameter("id"), visibleTo: r.viewer, actor: r.actor)
        }
        return .json(result.added ? 201 : 200, Present.contact(result.contact))
    }

    func removeIdentity(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let identity = Identity(kind: r.parameter("kind"), value: r.parameter("value"))
        let view = try domainCall { try store.removeIdentity(identity, fromContact: r.parameter("id"), visibleTo: r.viewer, actor: r.actor) }
        return .json(200, Present.contact(view))
    }

    /// `{id}` is the target that stays; `contact_id` in the body is the source merged into it.
    func merge(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        guard let role = r.caller?.role, role == .admin || role == .agent else { throw .forbidden }
        let body = try r.jsonBody()
        guard let source = try optionalString(body, "contact_id"), !source.isEmpty else { throw .badRequest("contact_id", "is required") }
        let result = try domainCall { try store.mergeContact(source, into: r.parameter("id"), visibleTo: r.viewer, actor: r.actor) }
        guard let target = try storeCall({ try store.contact(id: result.targetID, visibleTo: r.viewer) }) else {
            throw .notFound("no contact \(result.targetID)")
        }
        return .json(200, [
            "contact": Present.contact(target), "source_id": .string(result.sourceID),
            "moved_identities": .array(result.identities.map { ["kind": .string($0.kind), "value": .string($0.value)] }),
            "moved_conversations": .array(result.conversationIDs.map(JSON.string)),
            "attributes_added": .array(result.attributesAdded.map(JSON.string)),
            "attribute_conflicts": .object(result.attributeConflicts),
        ])
    }
}


extension Present {
    /// A contact as a caller sees it: `conversation_count` counts the conversations the caller may see;
    /// `merged_from` is the id asked for when it was merged into this contact.
    static func contact(_ v: ContactView) -> JSON {
        var object = contact(v.contact).objectValue!
        object["conversation_count"] = .number(Double(v.conversationCount))
        object["merged_from"] = .from(v.mergedFrom)
        return .object(object)
    }
}
