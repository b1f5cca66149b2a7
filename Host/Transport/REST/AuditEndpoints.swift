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
        let action = r.http.queryValue("action")
        if let action, !Self.isActionFilter(action) {
            throw .badRequest("action", "must be an action (channels.post) or a family ending in .* (channels.*)")
        }
        let entries = try storeCall {
            try store.auditTrail(subject: r.http.queryValue("subject"), actor: r.http.queryValue("actor"), action: action, before: before, limit: limit)
        }
        // A full page may have more behind it: next_before pages on.
        return .json(200, ["entries": .array(entries.map(Self.present)),
                           "next_before": entries.count == limit ? .from(entries.last?.id) : .null])
    }

    /// Lower-case words of letters, digits, "-" and "_" joined by dots, optionally ending in ".*".
    static func isActionFilter(_ text: String) -> Bool {
        let words = text.split(separator: ".", omittingEmptySubsequences: false)
        return !text.isEmpty && text.utf8.count <= 100 && words.enumerated().allSatisfy { index, word in
            (index == words.count - 1 && word == "*" && words.count > 1)
                || (!word.isEmpty && word.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D || $0 == 0x5F })
        }
    }

    static func present(_ e: AuditEntry) -> JSON {
        ["id": .number(Double(e.id)), "actor": .string(e.actor), "action": .string(e.action), "subject": .from(e.subject),
         "detail": .object(e.detail), "created_at": .string(Clock.iso8601(e.createdAt))]
    }
}
