import PluginKit

/// GET /messages?after=&limit=&wait=: pull mode's read side. Asking after a cursor
/// acknowledges every message up to it.
struct PullRoute {
    let queue: PullQueue

    static let defaultLimit = 100
    static let maxLimit = 500
    static let maxWaitSeconds = 30

    func handle(_ request: PluginHTTPRequest) throws -> PluginHTTPResponse {
        var after: UInt64 = 0
        var limit = Self.defaultLimit
        var waitSeconds = 0
        let items: [(name: String, value: String)]
        do {
            items = try request.queryItems()
        } catch {
            throw APIFailure.invalidField(FieldError(error.name, "is not valid URL encoding"))
        }
        for (name, value) in items {
            switch name {
            case "after":
                guard let cursor = value.isEmpty ? 0 : parseCursor(value) else {
                    throw APIFailure.invalidField(FieldError("after", "must be a cursor from next_cursor"))
                }
                after = cursor
            case "limit":
                guard let number = Int(value), (1...Self.maxLimit).contains(number) else {
                    throw APIFailure.invalidField(FieldError("limit", "must be an integer from 1 to \(Self.maxLimit)"))
                }
                limit = number
            case "wait":
                guard let number = Int(value), (0...Self.maxWaitSeconds).contains(number) else {
                    throw APIFailure.invalidField(FieldError("wait", "must be a number of seconds from 0 to \(Self.maxWaitSeconds)"))
                }
                waitSeconds = number
            default:
                continue // unknown parameters are ignored, for forward compatibility
            }
        }
        let (entries, next) = try queue.fetch(after: after, limit: limit, waitMs: Int64(waitSeconds) * 1000)
        // The entries are stored as JSON text already: splice them in rather than re-parse.
        var body = "{\"messages\":[" + entries.joined(separator: ",") + "],\"next_cursor\":"
        JSON.writeString(String(next), to: &body)
        body += "}"
        return .json(200, text: body)
    }
}
