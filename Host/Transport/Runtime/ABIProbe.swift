import SwitchboardSupport

/// The cost of one host↔plugin call, measured in-process for `scripts/bench` (its `abi:` line).
/// The host never runs it.
///
/// One call is what every webhook pays before the plugin does its own work: PluginDispatch
/// matches the route and lends the request (method, path, headers, 1 KB body) across the ABI,
/// the plugin's side copies it in, answers, and its `http_respond` crosses back so the host can
/// copy the response out. The request carries no Authorization header, so the API channel
/// answers 401 at once: neither JSON parsing nor the store is measured.
public enum ABIProbe {
    public struct Result: Sendable {
        public let calls: Int
        public let nanosPerCall: Double
    }

    /// Runs `iterations` calls on the calling thread (after a warm-up); nil when `instanceID` is
    /// not a running instance or the plugin did not answer 401.
    public static func measure(host: SwitchboardHost, instanceID: String, bodyBytes: Int = 1024, iterations: Int) -> Result? {
        let dispatch = PluginDispatch(registry: host.registry)
        let text = String(repeating: "x", count: max(0, bodyBytes - 60))
        let body = Array(#"{"external_id":"probe","message_id":"probe-1","text":"\#(text)"}"#.utf8)
        return body.withUnsafeBytes { raw -> Result? in
            let request = HTTPRequest(method: "POST", path: "/hooks/\(instanceID)/messages",
                                      headers: [("Host", "127.0.0.1"), ("Content-Type", "application/json"),
                                                ("Content-Length", String(body.count)), ("User-Agent", "abi-probe")],
                                      query: [], body: raw, remoteAddress: "127.0.0.1")
            for _ in 0..<min(iterations, 1000) {
                guard dispatch.handle(request).status == 401 else { return nil }
            }
            let start = Clock.monotonicNanos()
            for _ in 0..<iterations { _ = dispatch.handle(request) }
            let elapsed = Clock.monotonicNanos() - start
            return Result(calls: iterations, nanosPerCall: Double(elapsed) / Double(max(1, iterations)))
        }
    }
}
