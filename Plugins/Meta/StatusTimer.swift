import PluginKit

/// An instance's one pending status check (a host timer): scheduling the next cancels any other,
/// so a reconfigure's early check and the regular one never both run.
final class StatusTimer: @unchecked Sendable {
    private let lock = PluginLock()
    private var current: UInt64?

    func schedule(on host: PluginHost, afterMs delay: UInt64, pluginID: String) {
        do {
            let id = try host.startTimer(delayMs: delay)
            let previous = lock.withLock { () -> UInt64? in
                defer { current = id }
                return current
            }
            if let previous, previous != id { host.cancelTimer(previous) }
        } catch {
            host.log(.warn, "\(pluginID): could not schedule the status check: \(error)")
        }
    }

    /// Whether a fired timer is the pending check (an older one was cancelled too late).
    func isCurrent(_ id: UInt64) -> Bool { lock.withLock { current == id } }

    func cancel(on host: PluginHost) {
        if let id = lock.withLock({ current }) { host.cancelTimer(id) }
    }
}
