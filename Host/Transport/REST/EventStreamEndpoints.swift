import SwitchboardDomain
import SwitchboardSupport

/// `GET /api/v1/stream`: the events the caller may see, as Server-Sent Events (for browsers' EventSource).
struct EventStreamEndpoints {
    let store: Store
    let streams: EventStreams

    var routes: [Route] {
        [Route(method: "GET", pattern: "/api/v1/stream", access: .any, handler: stream)]
    }

    func stream(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let resume = try r.lastEventID()
        let types = try r.eventTypesQuery()
        let newest = try storeCall { try store.latestEventID() }
        // No resume point: from now. An id above the newest comes from another database
        // (restored or reset); it would wait for ids that may never come, so start from now too.
        let after = min(resume ?? newest, newest)
        do {
            let body = try streams.open(viewer: r.viewer, after: after, types: types)
            return .streaming(200, contentType: "text/event-stream; charset=utf-8",
                              headers: [("Cache-Control", "no-cache"), ("X-Accel-Buffering", "no")], body)
        } catch {
            let message = switch error {
            case .full(let limit): "too many event streams are open (at most \(limit)); retry later"
            case .stopping: "the host is shutting down; retry later"
            }
            var response = HTTPResponse.error(503, "unavailable", message)
            response.headers.append(("Retry-After", "5"))
            return response
        }
    }
}

extension APIRequest {
    /// Where a reconnecting client resumes: the `Last-Event-ID` header (EventSource sends it by itself),
    /// else `?last_event_id=` for clients that cannot set headers. The header wins: an EventSource
    /// opened with the query keeps that URL, while the header carries the newest id it saw.
    func lastEventID() throws(APIError) -> Int64? {
        let (field, raw): (String, String?) = http.header("Last-Event-ID").map { ("Last-Event-ID", $0) }
            ?? ("last_event_id", http.queryValue("last_event_id"))
        guard let raw else { return nil }
        guard let id = Int64(raw.trimmingASCIIWhitespace()), id >= 0 else {
            throw .badRequest(field, "must be an event id (a whole number, 0 or more)")
        }
        return id
    }

    /// `?types=conversation.*,message.received`: the event types to include (default: all).
    func eventTypesQuery() throws(APIError) -> EventTypeFilter {
        guard let raw = http.queryValue("types") else { return .all }
        do { return try EventTypeFilter(commaSeparated: raw) } catch {
            throw .badRequest("types", "a comma-separated list of event types (message.received), prefixes (conversation.*) or *: \(error)")
        }
    }
}
