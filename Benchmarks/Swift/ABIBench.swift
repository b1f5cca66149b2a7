import SwitchboardDomain
import SwitchboardSupport
import SwitchboardTransport

/// `abi:` one host↔plugin call (ABIProbe) with the real API channel loaded into a real host.
enum ABIBench {
    static func run(plugins: String, iterations: Int) throws {
        var config = HostConfiguration()
        config.dataDirectory = scratchDirectory() + "/data"
        config.pluginsDirectory = plugins
        config.http.port = 0
        config.logLevel = .warn
        let host = try SwitchboardHost.start(config)
        defer { host.shutdown() }
        try host.store.putCredential(id: "probe", secret: "probe-secret", description: "")
        let now = Clock.nowMillis()
        let status = try host.registry.addInstance(ChannelInstanceRecord(
            id: "probe", pluginID: "api", name: "probe", configJSON: #"{"api_key_credential":"probe"}"#, enabled: true,
            bindingKind: .team, bindingRef: nil, createdAt: now, updatedAt: now))
        guard status.state == "running" else { fail("the API channel did not start: \(status.reason ?? status.state)") }
        guard let result = ABIProbe.measure(host: host, instanceID: "probe", iterations: iterations) else {
            fail("the probe call did not answer 401")
        }
        print("abi: \(format(result.nanosPerCall / 1000, 2)) us per call (handle_http + http_respond, 1 KB body) calls \(result.calls)")
    }
}

func format(_ value: Double, _ decimals: Int) -> String {
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let rounded = (value * scale).rounded() / scale
    var text = String(rounded)
    if let dot = text.firstIndex(of: ".") {
        let have = text.distance(from: dot, to: text.endIndex) - 1
        if have < decimals { text += String(repeating: "0", count: decimals - have) }
    } else if decimals > 0 {
        text += "." + String(repeating: "0", count: decimals)
    }
    return text
}
