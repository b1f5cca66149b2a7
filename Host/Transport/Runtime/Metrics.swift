import SwitchboardSupport

/// Counters and gauges, exposed in Prometheus text format.
public final class Metrics: Sendable {
    private let counters = Locked<[String: Double]>([:])
    private let help: [String: String] = [
        "switchboard_http_requests_total": "HTTP requests answered, by status class.",
        "switchboard_messages_ingested_total": "Inbound messages stored.",
        "switchboard_messages_duplicate_total": "Inbound messages recognised as provider retries.",
        "switchboard_deliveries_total": "Delivery attempts, by outcome.",
        "switchboard_plugin_load_failures_total": "Plugin builds refused at load.",
        "switchboard_webhook_deliveries_total": "Event webhook attempts, by outcome (delivered: a 2xx answer; failed: anything else).",
        "switchboard_webhook_dead_letters_total": "Events a webhook subscription gave up on after its last attempt.",
    ]

    public init() {}

    public func increment(_ name: String, labels: [(String, String)] = [], by amount: Double = 1) {
        let key = Self.key(name, labels)
        counters.withLock { $0[key, default: 0] += amount }
    }

    /// `name{a="1",b="2"}`, built in one string: every HTTP request counts one.
    static func key(_ name: String, _ labels: [(String, String)]) -> String {
        guard !labels.isEmpty else { return name }
        var key = name
        key.reserveCapacity(name.utf8.count + 32)
        key += "{"
        for (i, (label, value)) in labels.enumerated() {
            if i > 0 { key += "," }
            key += label
            key += "=\""
            key += value
            key += "\""
        }
        key += "}"
        return key
    }

    /// The exposition text; gauges (and counters kept elsewhere, like the store's) are read at scrape time.
    public func render(gauges: [(String, String, Double)], counters external: [(String, String, Double)] = []) -> String {
        var out = ""
        let snapshot = counters.withLock { $0 }
        var described = Set<String>()
        for key in snapshot.keys.sorted() {
            let name = String(key.prefix { $0 != "{" })
            if described.insert(name).inserted {
                out += "# HELP \(name) \(help[name] ?? name)\n# TYPE \(name) counter\n"
            }
            out += "\(key) \(format(snapshot[key]!))\n"
        }
        for (name, text, value) in external {
            out += "# HELP \(name) \(text)\n# TYPE \(name) counter\n\(name) \(format(value))\n"
        }
        for (name, text, value) in gauges {
            out += "# HELP \(name) \(text)\n# TYPE \(name) gauge\n\(name) \(format(value))\n"
        }
        return out
    }

    private func format(_ v: Double) -> String { v.rounded() == v ? String(Int64(v)) : String(v) }
}
