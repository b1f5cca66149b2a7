import SwitchboardDomain
import SwitchboardSupport

/// Slows password guessing and bounds the memory sign-ins use.
///
/// - Failed sign-ins are counted per email and per client address over a sliding window; past the
///   limit the answer is 429 with Retry-After until the oldest failure leaves the window. A success
///   clears the email's count. The failures live in the store (`sign_in_failures`), so the limit
///   holds across the hosts sharing it and across restarts.
/// - At most `concurrentHashes` password checks run at once in this process: each yescrypt hash
///   takes ~16 MiB of this host's memory.
final class SignInGuard: @unchecked Sendable {
    struct Limits: Sendable {
        var windowMs: Int64 = 15 * 60_000
        var failuresPerEmail = 10
        var failuresPerAddress = 50
        var concurrentHashes = 4
    }

    private let store: Store
    private let limits: Limits
    private let hashing = Locked(0)
    private let permitFreed = Signal()

    init(store: Store, limits: Limits = Limits()) {
        self.store = store
        self.limits = limits
    }

    /// Seconds to wait before trying again, or nil when this sign-in may go ahead.
    func retryAfter(email: String, address: String, now: Int64 = Clock.nowMillis()) throws -> Int? {
        let since = now - limits.windowMs
        let waits = try [(Self.key(email: email), limits.failuresPerEmail), (Self.key(address: address), limits.failuresPerAddress)].compactMap {
            (key, limit) -> Int64? in
            let recent = try store.signInFailures(key: key, since: since)
            guard recent.count >= limit, let oldest = recent.oldest else { return nil }
            return oldest + limits.windowMs - now
        }
        return waits.max().map { Int(($0 + 999) / 1000) }
    }

    func failed(email: String, address: String, now: Int64 = Clock.nowMillis()) throws {
        try store.recordSignInFailure(keys: [Self.key(email: email), Self.key(address: address)], now: now,
                                      forgetBefore: now - limits.windowMs)
    }

    func succeeded(email: String) throws {
        try store.clearSignInFailures(key: Self.key(email: email))
    }

    /// Run body once fewer than `concurrentHashes` checks are running; nil after waiting `timeoutMs` in vain.
    func withHashingPermit<T>(timeoutMs: Int = 5000, _ body: () throws -> T) rethrows -> T? {
        let deadline = Clock.monotonicMillis() + Int64(timeoutMs)
        while true {
            let seen = permitFreed.current
            if hashing.withLock({ running in running < limits.concurrentHashes ? { running += 1; return true }() : false }) { break }
            let left = deadline - Clock.monotonicMillis()
            guard left > 0 else { return nil }
            permitFreed.wait(after: seen, timeoutMs: Int(left))
        }
        defer {
            hashing.withLock { $0 -= 1 }
            permitFreed.notifyAll()
        }
        return try body()
    }

    private static func key(email: String) -> String { "email:" + email.trimmingASCIIWhitespace().lowercased() }
    private static func key(address: String) -> String { "ip:" + address }
}
