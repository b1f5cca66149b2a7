import SwitchboardPluginAPI
import SwitchboardSupport

/// Routes /hooks/<instance-id>/… to the instance's plugin.
struct PluginDispatch {
    let registry: ChannelRegistry

    /// /hooks/shared/<plugin-id>/<connection>/… : routes the instances of one plugin share (ABI 1.3).
    static let sharedSegment = "shared"

    func handle(_ request: HTTPRequest) -> HTTPResponse {
        let rest = request.path.dropFirst("/hooks/".count)
        let instanceID = String(rest.prefix { $0 != "/" })
        let subpath = String(rest.dropFirst(instanceID.count))
        if instanceID == Self.sharedSegment { return handleShared(request, subpath) }
        if let refusal = registry.convergence.refusal(instanceID: instanceID) { return refusal }
        guard let runtime = registry.runtime(for: instanceID) else {
            return notRunning("channel instance \(instanceID)", shouldRun: { try registry.store.channelInstanceShouldRun(id: instanceID) })
        }
        if let reason = runtime.quarantineReason {
            return .error(503, "quarantined", "channel instance \(instanceID) is quarantined: \(reason)")
        }
        let path = subpath.isEmpty ? "/" : subpath
        return dispatch(request, to: runtime, path: path, routes: runtime.context.routes.withLock { $0 }, label: "channel instance \(instanceID)")
    }

    /// Nothing runs here to serve `what`. If the store says it should run (this host is starting
    /// it, at boot or catching up with another host, or could not), or the store cannot be read:
    /// 503, so the provider retries, here later or on another host, instead of taking a 404 as final.
    /// Otherwise a 404.
    private func notRunning(_ what: String, shouldRun: () throws -> Bool) -> HTTPResponse {
        let message: String
        do {
            guard try shouldRun() else { return .error(404, "not_found", "no running \(what)") }
            message = "\(what) is enabled but not running on this host yet (starting, or it failed to start: see the log); retry"
        } catch {
            message = "the store cannot be read now, so this host cannot tell whether \(what) exists; retry"
        }
        var response = HTTPResponse.error(503, "not_running", message)
        response.headers.append(("Retry-After", "\(ConvergenceGate.retryAfterSeconds)"))
        return response
    }

    /// /hooks/shared/<plugin-id>/<connection>/… goes to one running instance of the plugin that
    /// declared that connection's routes (the first by id, so one instance sees them all while it runs).
    private func handleShared(_ request: HTTPRequest, _ subpath: String) -> HTTPResponse {
        let parts = subpath.split(separator: "/", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count >= 3, !parts[1].isEmpty, !parts[2].isEmpty else {
            return .error(404, "not_found", "a shared route is /hooks/shared/<plugin-id>/<connection>/…")
        }
        let pluginID = String(parts[1]), connection = String(parts[2])
        let path = parts.count > 3 ? "/" + parts[3] : "/"
        let label = "connection \(connection) of plugin \(pluginID)"
        if let refusal = registry.convergence.refusal(pluginID: pluginID) { return refusal }
        let candidates = registry.sharedRuntimes(pluginID: pluginID, connection: connection)
        guard let runtime = candidates.first(where: { $0.quarantineReason == nil }) else {
            if candidates.isEmpty { return notRunning(label, shouldRun: { try registry.store.channelPluginShouldRun(pluginID: pluginID) }) }
            return .error(503, "quarantined", "every instance serving \(label) is quarantined")
        }
        let routes = runtime.context.sharedRoutes.withLock { $0 }.filter { $0.connection == connection }.map(\.route)
        return dispatch(request, to: runtime, path: path, routes: routes, label: label)
    }

    /// Whether a request may run on the HTTP event loop: /hooks/<instance-id>/… of a running instance
    /// whose plugin allows concurrent calls, where every declared route the request matches is
    /// non-blocking (route_add_nonblocking). Anything else (shared routes, refusals) takes a worker.
    func runsInline(method: String, path: String) -> Bool {
        guard path.hasPrefix("/hooks/") else { return false }
        let rest = path.utf8.dropFirst("/hooks/".count)
        guard let slash = rest.firstIndex(of: UInt8(ascii: "/")) else { return false }
        let instanceID = String(Substring(rest[..<slash]))
        guard let runtime = registry.runtime(for: instanceID), !runtime.plugin.serialCalls else { return false }
        let subpath = String(Substring(rest[slash...]))
        let matching = runtime.context.routes.withLock { routes in
            routes.filter { $0.matches(path: subpath) && ($0.method == "*" || $0.method == method) }
        }
        return !matching.isEmpty && matching.allSatisfy(\.nonblocking)
    }

    private func dispatch(_ request: HTTPRequest, to runtime: InstanceRuntime, path: String, routes: [DeclaredRoute],
                          label: String) -> HTTPResponse {
        let instanceID = runtime.record.id
        if !routes.isEmpty {
            let matching = routes.filter { $0.matches(path: path) }
            if matching.isEmpty { return .error(404, "not_found", "no endpoint \(path) on \(label)") }
            if !matching.contains(where: { $0.method == "*" || $0.method == request.method }) {
                var response = HTTPResponse.error(405, "method_not_allowed", "\(request.method) is not allowed on \(path)")
                response.headers.append(("Allow", matching.map(\.method).joined(separator: ", ")))
                return response
            }
        }
        let exchange = PluginHTTPExchange()
        let query = FormURLEncoding.encode(request.query.map { (name: $0.0, value: $0.1) })
        // All header bytes in one buffer, so one borrow covers every sb_header of the call.
        var packed: [UInt8] = []
        var spans: [(Int, Int, Int, Int)] = []
        for (name, value) in request.headers {
            let n = packed.count
            packed.append(contentsOf: name.utf8)
            let v = packed.count
            packed.append(contentsOf: value.utf8)
            spans.append((n, v - n, v, packed.count - v))
        }
        let called: Void? = runtime.call { descriptor, instance in
            packed.withUnsafeBufferPointer { buffer in
                let base = UnsafeRawPointer(buffer.baseAddress)?.assumingMemoryBound(to: CChar.self)
                let headers = spans.map { span in
                    sb_header(name: sb_str(ptr: base.map { $0 + span.0 }, len: span.1), value: sb_str(ptr: base.map { $0 + span.2 }, len: span.3))
                }
                withStr(request.method) { method in withStr(path) { p in withStr(query) { q in withStr(request.remoteAddress) { remote in
                    headers.withUnsafeBufferPointer { h in
                        var raw = sb_http_request(struct_size: UInt32(MemoryLayout<sb_http_request>.size), abi_minor: UInt32(SB_ABI_MINOR),
                                                  method: method, path: p, query: q, headers: h.baseAddress, header_count: h.count,
                                                  body: sb_str(ptr: request.body.baseAddress?.assumingMemoryBound(to: CChar.self), len: request.body.count),
                                                  remote_address: remote)
                        descriptor.handle_http(instance, &raw, exchange.opaque)
                    }
                } } } }
            }
        }
        exchange.inCall = false
        guard called != nil else { return .error(503, "unavailable", "channel instance \(instanceID) is restarting; retry shortly") }
        // ABI 1.3: the plugin answers later, from any thread (http_answer), or the host does (503);
        // the connection waits without a thread meanwhile.
        if let pending = exchange.deferred { return .later(pending.later) }
        if let stream = exchange.stream {
            let context = runtime.context
            return .streaming(200, contentType: exchange.contentType ?? "text/event-stream",
                              headers: [("Cache-Control", "no-store"), ("X-Accel-Buffering", "no")] + exchange.headers,
                              HTTPStream(heartbeat: stream.heartbeat, heartbeatMs: stream.heartbeatMs, opened: { stream.attach($0) },
                                         finished: { HostServiceCalls.streamEnded(stream, context: context) }))
        }
        guard exchange.status > 0 else { return .error(500, "plugin_error", "the channel plugin produced no response") }
        return HTTPResponse(status: exchange.status, contentType: exchange.contentType, body: exchange.body, headers: exchange.headers)
    }

}
