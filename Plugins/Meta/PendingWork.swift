import PluginKit

/// Work a signal asks for, done off the signal's call on a timer (signals must return promptly,
/// and the work calls Meta): items wait by key (a later request for the same key replaces the
/// earlier one), and the first item of an empty queue starts a zero-delay timer that takes them all.
final class PendingWork<Value: Sendable>: @unchecked Sendable {
    private let host: PluginHost
    private let what: String
    private let timer: TimerSlot
    private let lock = PluginLock()
    private var items: [String: Value] = [:]

    /// `what` names the work in the log ("the read marks").
    init(host: PluginHost, what: String) {
        self.host = host
        self.what = what
        timer = TimerSlot(host: host)
    }

    func add(_ key: String, _ value: Value) {
        let first = lock.withLock { () -> Bool in
            items[key] = value
            return items.count == 1
        }
        guard first else { return }
        do { try timer.schedule(afterMs: 0) } catch { host.log(.warn, "could not schedule \(what): \(error)") }
    }

    /// Whether timer `id` is this queue's: then `take()` what waits.
    func owns(_ id: UInt64) -> Bool { timer.owns(id) }

    func take() -> [String: Value] {
        lock.withLock {
            defer { items = [:] }
            return items
        }
    }

    func cancel() { timer.cancel() }
}
