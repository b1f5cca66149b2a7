import SwitchboardSupport

/// Slows password guessing and bounds the memory sign-ins use.
///
/// - Failed sign-ins are counted per email and per client address over a sliding window; past the
///   limit the answer is 429 with Retry-After until the oldest failure leaves the window. A success
///   clears the email's count. (The operator guide still recommends a limit in the reverse proxy:
///   this one is per host process and forgets on restart.)
/// - At most `concurrentHashes` password checks run at once: each yescrypt hash takes ~16 MiB.
final class SignInGuard: @unchecked Sendable {
    struct Limits: Sendable {
        var windowMs: Int64 = 15 * 60_000
        var failuresPerEmail = 10
        var failuresPerAddress = 50
        var concurrentHashes = 4
        /// Keys remembered at most (oldest forgotten first), so a flood of emails cannot grow memory.
        var maxKeys = 10_000
    }

    private let limits: Limits
    private let state = Locked(State())
    private let permitFreed = Signal()

    private struct State {
        var failures: [String: [Int64]] = [:]
        var order: [String] = []
        var hashing = 0
    }

    init(limits: Limits = Limits()) { self.limits = limits }

    /// Seconds to wait before trying again, or nil when this sign-in may go ahead.
    func retryAfter(email: String, address: String, now: Int64 = Clock.nowMillis()) -> Int? {
        state.withLock { s in
            let waits = [(Self.key(email: email), limits.failuresPerEmail), ("ip:" + address, limits.failuresPerAddress)].compactMap {
                (key, limit) -> Int64? in
                let recent = (s.failures[key] ?? []).filter { now - $0 < limits.windowMs }
                guard recent.count >= limit, let oldest = recent.first else { return nil }
                return oldest + limits.windowMs - now
            }
            return waits.max().map { Int(($0 + 999) / 1000) }
        }
    }

    func failed(email: String, address: String, now: Int64 = Clock.nowMillis()) {
        state.withLock { s in
            for key in [Self.key(email: email), "ip:" + address] {
                if s.failures[key] == nil {
                    s.order.append(key)
                    if s.order.count > limits.maxKeys { s.failures[s.order.removeFirst()] = nil }
                }
                s.failures[key, default: []] = (s.failures[key] ?? []).filter { now - $0 < limits.windowMs } + [now]
            }
        }
    }

    func succeeded(email: String) {
        state.withLock { s in s.failures[Self.key(email: email)] = nil }
    }

    /// Run body once fewer than `concurrentHashes` checks are running; nil after waiting `timeoutMs` in vain.
    func withHashingPermit<T>(timeoutMs: Int = 5000, _ body: () throws -> T) rethrows -> T? {
        let deadline = Clock.monotonicMillis() + Int64(timeoutMs)
        while true {
            let seen = permitFreed.current
            if state.withLock({ s in s.hashing < limits.concurrentHashes ? { s.hashing += 1; return true }() : false }) { break }
            let left = deadline - Clock.monotonicMillis()
            guard left > 0 else { return nil }
            permitFreed.wait(after: seen, timeoutMs: Int(left))
        }
        defer {
            state.withLock { $0.hashing -= 1 }
            permitFreed.notifyAll()
        }
        return try body()
    }

    private static func key(email: String) -> String { "email:" + email.trimmingASCIIWhitespace().lowercased() }
}
