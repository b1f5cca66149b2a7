import SwitchboardDomain
import SwitchboardSupport

/// Rotation of API keys, personal tokens and webhook signing secrets: a new value, shown once in
/// the answer, and the old one valid for `previous_valid_for_seconds` more (default an hour, at
/// most a week, 0 to end it now), so clients and receivers switch over without a failed request
/// or a lost delivery. Credentials are replaced in place with PUT /api/v1/credentials/{id}.
struct RotationEndpoints {
    let store: Store
    /// Who may rotate which token, and which subscriptions a caller sees: the same rules as their other routes.
    let people: PeopleEndpoints
    let webhooks: WebhookEndpoints

    static let defaultOverlapSeconds = 3600

    var routes: [Route] {
        [
            Route(method: "POST", pattern: "/api/v1/api-keys/{id}/rotate", access: .admin, handler: rotateKey),
            Route(method: "POST", pattern: "/api/v1/agents/{id}/tokens/{token_id}/rotate", access: .people, handler: rotateToken),
            Route(method: "POST", pattern: "/api/v1/webhooks/{id}/rotate-secret", access: .any, handler: rotateWebhookSecret),
        ]
    }

    func rotateKey(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let overlap = try Self.overlap(r)
        let id = r.parameter("id")
        guard let rotated = try storeCall({ try store.rotateAPIKey(id: id, overlapSeconds: overlap) }) else {
            throw .notFound("no API key \(id)")
        }
        return Self.rotatedKey(rotated)
    }

    func rotateToken(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let overlap = try Self.overlap(r)
        let agent = try people.tokenOwner(r)
        let id = r.parameter("token_id")
        guard let rotated = try storeCall({ try store.rotateAPIKey(id: id, agentID: agent.id, overlapSeconds: overlap) }) else {
            throw .notFound("agent \(agent.id) has no token \(id)")
        }
        return Self.rotatedKey(rotated)
    }

    func rotateWebhookSecret(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let overlap = try Self.overlap(r)
        let subscription = try webhooks.subscription(r)
        guard let rotated = try storeCall({ try store.rotateWebhookSecret(id: subscription.id, overlapSeconds: overlap) }) else {
            throw .notFound("no webhook subscription \(subscription.id)")
        }
        var answer = HTTPResponse.json(200, ["id": .string(subscription.id), "secret": .string(rotated.secret),
                                             "previous_secret_expires_at": .string(Clock.iso8601(rotated.previousExpiresAt))])
        answer.headers.append(("Cache-Control", "no-store"))
        return answer
    }

    static func rotatedKey(_ rotated: (APIKeyInfo, secret: String, previousExpiresAt: Int64)) -> HTTPResponse {
        var presented = AdminEndpoints.present(rotated.0).objectValue ?? JSONObject()
        presented["key"] = .string(rotated.secret)
        presented["previous_expires_at"] = .string(Clock.iso8601(rotated.previousExpiresAt))
        var answer = HTTPResponse.json(200, .object(presented))
        answer.headers.append(("Cache-Control", "no-store"))
        return answer
    }

    /// `previous_valid_for_seconds` from an optional JSON body: 0 to a week, an hour when absent.
    static func overlap(_ r: APIRequest) throws(APIError) -> Int {
        let body = try r.optionalJSONBody()
        guard let value = body["previous_valid_for_seconds"] else { return defaultOverlapSeconds }
        guard let seconds = value.intValue, (0...KeyRotation.maxOverlapSeconds).contains(seconds) else {
            throw .badRequest("previous_valid_for_seconds", "must be a whole number of seconds from 0 to \(KeyRotation.maxOverlapSeconds)")
        }
        return seconds
    }
}
