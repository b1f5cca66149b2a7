import SwitchboardDomain
import SwitchboardSupport

/// GET /api/v1/audit: the audit trail, newest first, for admins.
struct AuditEndpoints {
    let store: Store

    var routes: [Route] {
        [Route(method: "GET", pattern: "/api/v1/audit", access: .admin, handler: list)]
    }

    func list(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let limit = try r.intQuery("limit", default: 100, range: 1...500)
        var before: Int64?
        if let raw = r.http.queryValue("before") {
            // Up to 2^53 - 1: what a JSON number (and the OpenAPI document's maximum) carries exactly.
            guard let value = Int64(raw), value > 0, value <= 9_007_199_254_740_991 else { throw .badRequest("before", "must be an entry id") }
            before = value
        }
        let entries = try storeCall { try store.auditTrail(subject: r.http.queryValue("subject"), before: before, limit: limit) }
        return .json(200, ["entries": .array(entries.map(Self.present))])
    }

    static func present(_ e: AuditEntry) -> JSON {
        ["id": .number(Double(e.id)), "actor": .string(e.actor), "action": .string(e.action), "subject": .from(e.subject),
         "detail": .object(e.detail), "created_at": .string(Clock.iso8601(e.createdAt))]
    }
}
