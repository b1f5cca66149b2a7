/// One pending timer of a recurring job (a status check): scheduling the next one cancels the
/// one still pending, and `owns` tells a firing timer whether it is still the job's (a timer
/// replaced by a reschedule, or left over from before a reconfigure, is ignored). Thread-safe:
/// timers fire on host threads while lifecycle calls reschedule.
public final class TimerSlot: @unchecked Sendable {
    private let host: PluginHost
    private let lock = PluginLock()
    private var current: UInt64?

    public init(host: PluginHost) { self.host = host }

    /// Starts a timer for `delayMs` and cancels the previous one. Throws as `startTimer` does.
    public func schedule(afterMs delayMs: UInt64) throws {
        // The new id is recorded before the timer can be seen firing: a short delay may fire on a
        // host thread before startTimer has even returned, and `owns` waits on the lock meanwhile
        // (the host never calls the plugin from inside startTimer, so holding it cannot deadlock).
        let previous = try lock.withLock { () throws -> UInt64? in
            let id = try host.startTimer(delayMs: delayMs)
            defer { current = id }
            return current
        }
        if let previous { host.cancelTimer(previous) }
    }

    /// Whether `id` is the pending timer of this slot.
    public func owns(_ id: UInt64) -> Bool { lock.withLock { current == id } }

    /// Cancels the pending timer (from `stop()`).
    public func cancel() {
        if let id = lock.withLock({ current }) { host.cancelTimer(id) }
    }
}
