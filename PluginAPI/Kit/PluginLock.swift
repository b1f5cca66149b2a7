#if canImport(Glibc)
import Glibc
#endif

/// A mutex with a condition variable, for the state a plugin shares between host threads.
/// pthread-based (no Foundation), so it also works from threads the plugin starts itself.
public final class PluginLock: @unchecked Sendable {
    // Heap-allocated: pthread objects must never move.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    public init() {
        pthread_mutex_init(mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC) // deadlines immune to clock changes
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    public func withLock<R>(_ body: () throws -> R) rethrows -> R {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }

    /// Inside `withLock` only: release the lock until `broadcast()` or until `timeoutMs` passes,
    /// then retake it. Wake-ups may be spurious: re-check your condition in a loop against a
    /// deadline (`Clock.monotonicMillis()`). Returns false on timeout.
    @discardableResult
    public func wait(timeoutMs: Int64) -> Bool {
        guard timeoutMs > 0 else { return false }
        var deadline = timespec()
        clock_gettime(CLOCK_MONOTONIC, &deadline)
        let nanos = Int64(deadline.tv_nsec) + (timeoutMs % 1000) * 1_000_000
        deadline.tv_sec += Int(timeoutMs / 1000 + nanos / 1_000_000_000)
        deadline.tv_nsec = Int(nanos % 1_000_000_000)
        return pthread_cond_timedwait(condition, mutex, &deadline) == 0
    }

    /// Wake every thread in `wait`. Call with or without the lock held.
    public func broadcast() { pthread_cond_broadcast(condition) }
}
