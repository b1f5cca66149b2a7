import SwitchboardPluginAPI

extension PluginHost {
    /// The secret stored under a credential id (configuration names credentials by id, never by
    /// value). Throws `.notFound` when unknown. Never log the value.
    public func credential(_ id: String) throws -> String {
        let get = try service(\.credential_get, "credential_get")
        var buffer: UnsafeMutablePointer<sb_buffer>?
        do {
            try withSBStrs([id]) { s throws in try call("credential_get") { get(ctx, s[0], &buffer, $0, $1) } }
        } catch {
            _ = consume(buffer)
            throw error
        }
        return String(decoding: consume(buffer), as: UTF8.self)
    }

    /// Asks for `timerFired(id)` once, after `delayMs`. Timers do not survive a restart or stop().
    public func startTimer(delayMs: UInt64) throws -> UInt64 {
        let start = try service(\.timer_start, "timer_start")
        var id: UInt64 = 0
        try call("timer_start") { start(ctx, delayMs, &id, $0, $1) }
        return id
    }

    /// Cancels a timer; false when it already fired, was unknown, or the host cannot cancel.
    @discardableResult
    public func cancelTimer(_ id: UInt64) -> Bool {
        guard let cancel = try? service(\.timer_cancel, "timer_cancel") else { return false }
        return cancel(ctx, id) == SB_OK
    }

    /// Declares a route under /hooks/<instance-id>: `method` "GET", "POST" or "*", and an exact
    /// path ("/inbound") or a prefix ending in "*". Once any route is declared the host answers
    /// 404/405 itself for requests matching none. Call from `init` or `start`.
    ///
    /// `nonblocking` (ABI 1.3): the handler only checks, parses and answers at once or `.later`
    /// (with `ingestAsync`), never waiting on anything (no `ingest`, `httpRequest`, sleeps, long
    /// locks), so the host may run it on an HTTP event-loop thread. A host without
    /// route_add_nonblocking gets a plain route (its handler then runs on a worker, as always).
    public func addRoute(method: String, path: String, nonblocking: Bool = false) throws {
        if nonblocking, let add = try? service(\.route_add_nonblocking, "route_add_nonblocking") {
            return try withSBStrs([method, path]) { s throws in try call("route_add_nonblocking") { add(ctx, s[0], s[1], $0, $1) } }
        }
        let add = try service(\.route_add, "route_add")
        try withSBStrs([method, path]) { s throws in try call("route_add") { add(ctx, s[0], s[1], $0, $1) } }
    }

    /// ABI 1.3: claims an asset this instance serves exclusively (a Page, an account, a number):
    /// call from `init` with what the configuration names, and `configField` the key that named it.
    /// Throws `.conflict` when another instance holds it (rethrow it from `init`: the operator gets
    /// 409 naming `config.<configField>`); when the operator asked to take it over, the claim moves
    /// here instead and the previous holder is disconnected.
    public func claimAsset(kind: String, id: String, configField: String) throws {
        let claim = try service(\.claim_asset, "claim_asset")
        try withSBStrs([kind, id, configField]) { s throws in try call("claim_asset") { claim(ctx, s[0], s[1], s[2], $0, $1) } }
    }

    /// Answers one handle_http() exchange (used by the boundary).
    func respond(_ exchange: OpaquePointer, with response: PluginHTTPResponse) throws {
        let respond = try service(\.http_respond, "http_respond")
        if !response.headers.isEmpty {
            let addHeader = try service(\.http_add_header, "http_add_header")
            withSBStrs(response.headers.flatMap { [$0.name, $0.value] }) { s in
                for i in stride(from: 0, to: s.count, by: 2) { addHeader(exchange, s[i], s[i + 1]) }
            }
        }
        withSBStrs([response.contentType]) { s in
            withSBStr(bytes: response.body) { respond(exchange, Int32(clamping: response.status), s[0], $0) }
        }
    }
}
