import PluginKit
import WebChatLogic

/// What every route and the delivery share for one widget: the host, the configuration in force,
/// the visitors' state and their open streams.
final class WebChatContext: @unchecked Sendable {
    let host: PluginHost
    let info: InstanceInfo
    let store: VisitorStore
    let hub: StreamHub
    let receipts: ReadReceipts
    let typingThrottle = TypingThrottle()
    let limits: RateLimits
    // Replaced by reconfigure() while other threads read it: guarded by `lock`.
    private let lock = PluginLock()
    private var current: LoadedConfig

    init(host: PluginHost, info: InstanceInfo, loaded: LoadedConfig) {
        self.host = host
        self.info = info
        current = loaded
        limits = RateLimits(sessionsPerMinute: loaded.config.sessionsPerMinutePerAddress)
        store = VisitorStore(host: host)
        hub = StreamHub(host: host)
        receipts = ReadReceipts(host: host)
    }

    var loaded: LoadedConfig { lock.withLock { current } }
    var config: WidgetConfig { loaded.config }

    func replace(_ loaded: LoadedConfig) {
        lock.withLock { current = loaded }
        limits.configure(sessionsPerMinute: loaded.config.sessionsPerMinutePerAddress)
    }

    /// The switch destinations this widget offers right now: the configured kinds the host can
    /// switch to ("available", or "planned": recorded, replies wait), in the configured order.
    func offeredDestinations() -> [(kind: SwitchKind, label: String, state: String)] {
        let configured = config.switchDestinations
        guard !configured.isEmpty else { return [] }
        let targets: [JSON]
        do {
            targets = try JSON.parse(try host.switchTargets()).arrayValue ?? []
        } catch {
            host.log(.warn, "could not list switch targets: \(error)")
            return []
        }
        var byKind: [String: (label: String, state: String)] = [:]
        for target in targets {
            guard let kind = target["kind"]?.stringValue, let state = target["state"]?.stringValue,
                  state == "available" || state == "planned" else { continue }
            byKind[kind] = (target["label"]?.stringValue ?? kind, state)
        }
        // A kind the visitor completes through a link needs a running channel to hand out that link.
        return configured.compactMap { kind in
            byKind[kind.rawValue].flatMap { !kind.completesByLink || $0.state == "available" ? (kind, $0.label, $0.state) : nil }
        }
    }
}
