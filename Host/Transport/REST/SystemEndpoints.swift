import SwitchboardDomain
import SwitchboardSupport

/// Health, metrics, the event feed and the OpenAPI document.
struct SystemEndpoints {
    let store: Store
    let registry: ChannelRegistry
    let metrics: Metrics
    let streams: EventStreams
    let startedAt: Int64
    /// Which of the hosts sharing the store answered (HostLeases.hostID).
    let hostID: String

    var routes: [Route] {
        [
            Route(method: "GET", pattern: "/api/v1/health", access: .open, handler: health),
            Route(method: "GET", pattern: "/api/v1/metrics", access: .admin, handler: renderMetrics),
            Route(method: "GET", pattern: "/api/v1/events", access: .any, handler: events),
            Route(method: "GET", pattern: "/api/v1/openapi.json", access: .open) { _ in
                HTTPResponse(status: 200, contentType: "application/json", body: Array(OpenAPIDocument.json.utf8))
            },
        ]
    }

    func health(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let storeOK = (try? store.counts()) != nil
        let instances = registry.instanceStatuses()
        return .json(storeOK ? 200 : 503, [
            "status": .string(storeOK ? "ok" : "degraded"), "store": .string(storeOK ? "ok" : "unavailable"), "host_id": .string(hostID),
            "uptime_seconds": .number(Double((Clock.nowMillis() - startedAt) / 1000)),
            "channels_running": .number(Double(instances.filter { $0.state == "running" }.count)),
            "channels_total": .number(Double(instances.count)),
        ])
    }

    func renderMetrics(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let counts = try storeCall { try store.counts() }
        let instances = registry.instanceStatuses()
        let text = metrics.render(gauges: [
            ("switchboard_conversations", "Conversations stored.", Double(counts.conversations)),
            ("switchboard_messages", "Messages stored (highest id).", Double(counts.messages)),
            ("switchboard_outbox_pending", "Replies waiting to be delivered.", Double(counts.outboxPending)),
            ("switchboard_outbox_failed", "Replies that failed for good.", Double(counts.outboxFailed)),
            ("switchboard_channels_running", "Channel instances running.", Double(instances.filter { $0.state == "running" }.count)),
            ("switchboard_event_streams_open", "Event streams (GET /api/v1/stream) open.", Double(streams.openCount)),
        ], counters: [
            ("switchboard_store_commits_total", "Group commits of the store's writer.", Double(store.commitStats.commits)),
            ("switchboard_store_writes_total", "Writes committed; divided by the commits, the average group size.",
             Double(store.commitStats.writes)),
            ("switchboard_store_wal_frames_total", "Pages the commits wrote to the WAL; divided by the writes, what a write costs.",
             Double(store.commitStats.walFrames)),
        ])
        return .text(200, text, contentType: "text/plain; version=0.0.4")
    }

    /// The polling twin of `/api/v1/stream`: the same events, filtered the same way (`Store.events(after:visibleTo:)`).
    func events(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let after = try r.intQuery("after", default: 0, range: 0...Int.max)
        let limit = try r.intQuery("limit", default: 200, range: 1...1000)
        let types = try r.eventTypesQuery()
        let page = try storeCall { try store.events(after: Int64(after), visibleTo: r.viewer, types: types, limit: limit) }
        // `through` may pass the last event returned: the caller has seen everything up to it.
        return .json(200, ["events": .array(page.events.map(Present.event)), "next_after": .number(Double(page.through))])
    }
}
