import SwitchboardDomain
import SwitchboardSupport

/// Admin changes on the record, in one place: the router calls `record` after every request a
/// route answered with success, and this decides whether it was an admin change (channels,
/// plugins, credentials, keys and personal tokens, agents and roles, teams, webhooks, routing,
/// stacks, knowledge) and writes who did it, when, to what, and what they sent -- every value under
/// a secret-bearing name replaced, so no secret reaches the trail.
///
/// The entry is written after the change committed, in its own transaction: a crash between the
/// two loses the entry, never the change. Changes the domain already records in the change's own
/// transaction (two-factor, retention, data requests) are left to it.
struct AdminAudit: Sendable {
    let store: Store
    let log: Logger

    /// The largest request (as recorded, secrets redacted) copied into an entry whole.
    static let maxRecordedBody = 4096

    /// Recorded by the domain itself, in the change's transaction.
    static let recordedByTheDomain: Set<String> = [
        "DELETE /api/v1/agents/{id}/two-factor", "PUT /api/v1/settings/two-factor", "PUT /api/v1/settings/retention",
        "POST /api/v1/settings/retention/run",
    ]

    /// Whether a successful request on this route is an admin change.
    static func audits(_ route: Route) -> Bool {
        guard ["POST", "PUT", "PATCH", "DELETE"].contains(route.method) else { return false }
        guard !recordedByTheDomain.contains(route.method + " " + route.pattern) else { return false }
        return route.access == .admin || route.pattern.hasPrefix("/api/v1/webhooks") || route.pattern.hasPrefix("/api/v1/agents/{id}/tokens")
    }

    /// "PUT /api/v1/credentials/{id}" is `credentials.put`; "POST /api/v1/channels/{id}/enable" is `channels.enable.post`.
    static func action(_ route: Route) -> String {
        let words = route.pattern.split(separator: "/").dropFirst(2).filter { !$0.hasPrefix("{") }
        return (words + [Substring(route.method.lowercased())]).joined(separator: ".")
    }

    /// The first path parameter with the collection it names: "channels/api1", "api-keys/key_…".
    static func subject(_ route: Route, _ parameters: [String: String]) -> String? {
        let segments = route.pattern.split(separator: "/")
        guard let index = segments.firstIndex(where: { $0.hasPrefix("{") }), index > 0 else { return nil }
        let name = String(segments[index].dropFirst().dropLast())
        return parameters[name].map { "\(segments[index - 1])/\($0)" }
    }

    /// Names whose values are secrets (or would be, one day). `*_credential` names a credential's id, not its value.
    static func isSecretName(_ name: String) -> Bool {
        let lower = name.lowercased()
        if lower.hasSuffix("_credential") || lower.hasSuffix("_credentials") { return false }
        return ["secret", "password", "token", "key", "code", "signature", "authorization"].contains { lower.contains($0) }
    }

    static func redacted(_ value: JSON) -> JSON {
        if let object = value.objectValue {
            var copy = JSONObject()
            for (name, inner) in object { copy[name] = isSecretName(name) ? .string("[redacted]") : redacted(inner) }
            return .object(copy)
        }
        if let items = value.arrayValue { return .array(items.map(redacted)) }
        return value
    }

    func record(_ route: Route, _ request: APIRequest, status: Int) {
        guard (200...299).contains(status), Self.audits(route) else { return }
        var detail: JSONObject = ["method": .string(route.method), "path": .string(request.http.path), "status": .from(status)]
        if let body = try? request.optionalJSONBody(), !body.keys.isEmpty {
            let sent = Self.redacted(.object(body))
            // A large body (a knowledge import, a stack definition) is named by its fields, not copied.
            detail[sent.serialized.utf8.count <= Self.maxRecordedBody ? "request" : "request_fields"] =
                sent.serialized.utf8.count <= Self.maxRecordedBody ? sent : .array(body.keys.map(JSON.string))
        }
        do {
            try store.recordAudit(actor: request.actor, action: Self.action(route), subject: Self.subject(route, request.parameters), detail: detail)
        } catch {
            log.error("could not record \(route.method) \(request.http.path) by \(request.actor) in the audit trail: \(error)")
        }
    }
}
