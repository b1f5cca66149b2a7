import SwitchboardDomain
import SwitchboardSupport

/// /api/v1/webhooks…: event subscriptions for integrators and admins, their dead letters,
/// replays and recent attempts. The `WebhookDispatcher` picks every change up from the store.
struct WebhookEndpoints {
    let store: Store
    /// Receivers on addresses it refuses are refused when given as literals (names when they resolve).
    var networkGuard = NetworkGuard()

    static let maxDescription = 500

    var routes: [Route] {
        [
            Route(method: "GET", pattern: "/api/v1/webhooks", access: .any, handler: list),
            Route(method: "POST", pattern: "/api/v1/webhooks", access: .any, handler: create),
            Route(method: "GET", pattern: "/api/v1/webhooks/{id}", access: .any, handler: get),
            Route(method: "PATCH", pattern: "/api/v1/webhooks/{id}", access: .any, handler: update),
            Route(method: "DELETE", pattern: "/api/v1/webhooks/{id}", access: .any, handler: delete),
            Route(method: "GET", pattern: "/api/v1/webhooks/{id}/deliveries", access: .any, handler: deliveries),
            Route(method: "GET", pattern: "/api/v1/webhooks/{id}/dead-letters", access: .any, handler: deadLetters),
            Route(method: "POST", pattern: "/api/v1/webhooks/{id}/dead-letters/{event_id}/replay", access: .any, handler: replayOne),
            Route(method: "POST", pattern: "/api/v1/webhooks/{id}/replay", access: .any, handler: replayAll),
        ]
    }

    /// Admin and integrator keys only; agents work in the app, not through event feeds.
    func subscriber(_ r: APIRequest) throws(APIError) -> Caller {
        guard let caller = r.caller, caller.role == .admin || caller.role == .integrator else { throw .forbidden }
        return caller
    }

    /// The subscription named in the path, if the caller may see it: admins see all, integrators
    /// only those their own key created. Another's subscription is "not found", not "forbidden".
    func subscription(_ r: APIRequest) throws(APIError) -> WebhookSubscription {
        let caller = try subscriber(r)
        let id = r.parameter("id")
        guard let found = try storeCall({ try store.webhook(id: id) }),
              caller.role == .admin || (found.ownerKeyID != nil && found.ownerKeyID == caller.apiKeyID)
        else { throw .notFound("no webhook subscription \(id)") }
        return found
    }

    func list(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let caller = try subscriber(r)
        let items = try storeCall { try store.webhooks(ownerKeyID: caller.role == .admin ? nil : caller.apiKeyID ?? "") }
        return .json(200, ["webhooks": .array(items.map(Present.webhook))])
    }

    func create(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let caller = try subscriber(r)
        let body = try r.jsonBody()
        guard let url = try optionalString(body, "url") else { throw .badRequest("url", "is required") }
        try checkURL(url)
        guard let typesValue = body["event_types"], !typesValue.isNull else {
            throw .badRequest("event_types", "is required: a list like [\"conversation.*\", \"message.received\"]")
        }
        let types = try Self.eventTypes(typesValue)
        let description = try Self.description(body) ?? ""
        let created = try storeCall {
            try store.createWebhook(url: url, eventTypes: types, description: description, ownerKeyID: caller.apiKeyID, owner: caller.viewer)
        }
        // The only time the secret is shown: the receiver needs it to verify signatures.
        var presented = Present.webhook(created).objectValue!
        presented["secret"] = .string(created.secret)
        return .json(201, .object(presented))
    }

    func get(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        .json(200, Present.webhook(try subscription(r)))
    }

    func update(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let current = try subscription(r)
        let body = try r.jsonBody()
        var change = WebhookChange()
        if let url = try optionalString(body, "url") {
            try checkURL(url)
            change.url = url
        }
        if let value = body["event_types"], !value.isNull { change.eventTypes = try Self.eventTypes(value) }
        change.description = try Self.description(body)
        change.enabled = try optionalBool(body, "enabled")
        guard let updated = try storeCall({ try store.updateWebhook(id: current.id, change) }) else {
            throw .notFound("no webhook subscription \(current.id)")
        }
        return .json(200, Present.webhook(updated))
    }

    func delete(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let current = try subscription(r)
        guard try storeCall({ try store.deleteWebhook(id: current.id) }) else { throw .notFound("no webhook subscription \(current.id)") }
        return HTTPResponse(status: 204)
    }

    func deliveries(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let current = try subscription(r)
        let limit = try r.intQuery("limit", default: Store.webhookLogSize, range: 1...Store.webhookLogSize)
        let items = try storeCall { try store.webhookDeliveries(subscriptionID: current.id, limit: limit) }
        return .json(200, ["deliveries": .array(items.map { Present.webhookAttempt($0, subscription: current) })])
    }

    func deadLetters(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let current = try subscription(r)
        let after = try r.intQuery("after", default: 0, range: 0...Int.max)
        let limit = try r.intQuery("limit", default: 100, range: 1...500)
        let items = try storeCall { try store.webhookDeadLetters(subscriptionID: current.id, afterEventID: Int64(after), limit: limit) }
        return .json(200, ["dead_letters": .array(items.map { Present.webhookDeadLetter($0, subscription: current) }),
                           "next_after": .number(Double(items.last?.eventID ?? Int64(after)))])
    }

    func replayOne(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let current = try subscription(r)
        guard let eventID = Int64(r.parameter("event_id")), eventID > 0 else { throw .badRequest("event_id", "must be an event id") }
        guard try storeCall({ try store.replayWebhookDeadLetter(subscriptionID: current.id, eventID: eventID) }) else {
            throw .notFound("webhook subscription \(current.id) has no dead letter for event \(eventID)")
        }
        return .json(202, ["replaying": 1])
    }

    func replayAll(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let current = try subscription(r)
        let body = r.http.body.isEmpty ? JSONObject() : try r.jsonBody()
        var from: Int64?
        if let value = body["from_event_id"], !value.isNull {
            guard let n = value.intValue, n >= 1 else { throw .badRequest("from_event_id", "must be an event id (a whole number from 1)") }
            from = Int64(n)
        }
        guard let count = try storeCall({ try store.replayWebhook(subscriptionID: current.id, fromEventID: from) }) else {
            throw .notFound("no webhook subscription \(current.id)")
        }
        return .json(202, ["dead_letters": .number(Double(count)), "from_event_id": .from(from)])
    }

    // MARK: validation

    func checkURL(_ url: String) throws(APIError) {
        let host: String
        do { host = try WebhookURL.validate(url) } catch { throw .badRequest("url", error.description) }
        if let refusal = networkGuard.refusal(forLiteralHost: host) {
            throw .badRequest("url", "\(refusal); the host does not send webhooks there unless the operator allows its network (--allow-networks)")
        }
    }

    static func eventTypes(_ value: JSON) throws(APIError) -> EventTypeFilter {
        guard let items = value.arrayValue else { throw .badRequest("event_types", "must be a list of event types") }
        var texts: [String] = []
        for item in items {
            guard let text = item.stringValue else { throw .badRequest("event_types", "must contain only strings") }
            texts.append(text)
        }
        do { return try EventTypeFilter(texts) } catch { throw .badRequest("event_types", error.description) }
    }

    static func description(_ body: JSONObject) throws(APIError) -> String? {
        guard let text = try optionalString(body, "description") else { return nil }
        guard text.count <= maxDescription else { throw .badRequest("description", "must be at most \(maxDescription) characters") }
        return text
    }
}
