import CShims
#if canImport(Glibc)
import Glibc
#endif

/// A mutex-protected value. Glibc's mutex, so it works from any thread (plugin threads included).
public final class Locked<Value>: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    private var value: Value

    public init(_ value: Value) {
        self.value = value
        pthread_mutex_init(&mutex, nil)
    }

    deinit { pthread_mutex_destroy(&mutex) }

    @discardableResult
    public func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return try body(&value)
    }
}

/// A condition variable with its mutex: wait for a predicate with a deadline.
public final class Signal: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    private var condition = pthread_cond_t()
    private var generation: UInt64 = 0

    public init() {
        pthread_mutex_init(&mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(&condition, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(&condition)
        pthread_mutex_destroy(&mutex)
    }

    /// Wake every waiter.
    public func notifyAll() {
        pthread_mutex_lock(&mutex)
        generation &+= 1
        pthread_mutex_unlock(&mutex)
        // After unlocking: a woken waiter does not then block on the mutex still held here.
        pthread_cond_broadcast(&condition)
    }

    /// Wake one waiter: for a pool of interchangeable workers, where waking them all for one
    /// job only makes the others fight over the lock and sleep again. The others still see the
    /// new generation when their wait times out.
    public func notifyOne() {
        pthread_mutex_lock(&mutex)
        generation &+= 1
        pthread_mutex_unlock(&mutex)
        // After unlocking: a woken waiter does not then block on the mutex still held here.
        pthread_cond_signal(&condition)
    }

    /// The current generation, to pass to wait(after:) without missing a notify in between.
    public var current: UInt64 {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return generation
    }

    /// Wait until notified after `seen` or until timeoutMs passes. Returns true when notified.
    @discardableResult
    public func wait(after seen: UInt64, timeoutMs: Int) -> Bool {
        var deadline = timespec()
        clock_gettime(CLOCK_MONOTONIC, &deadline)
        let total = Int(deadline.tv_nsec) + (timeoutMs % 1000) * 1_000_000
        deadline.tv_sec += timeoutMs / 1000 + total / 1_000_000_000
        deadline.tv_nsec = total % 1_000_000_000
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        while generation == seen {
            if pthread_cond_timedwait(&condition, &mutex, &deadline) == ETIMEDOUT { return generation != seen }
        }
        return true
    }
}

/// A one-shot event for one waiting thread: `wait` returns once `fire` has run. The store's writer
/// fires exactly the callers whose writes it committed, instead of waking every waiting thread.
/// A POSIX semaphore: `fire` is one atomic add plus a futex wake only when the waiter sleeps, and
/// it never contends for a mutex with the thread it wakes.
public final class Completion: @unchecked Sendable {
    private let semaphore = UnsafeMutablePointer<sem_t>.allocate(capacity: 1)

    public init() { sem_init(semaphore, 0, 0) }

    deinit {
        sem_destroy(semaphore)
        semaphore.deallocate()
    }

    /// Call once. The caller must keep the Completion alive until fire returns.
    public func fire() { sem_post(semaphore) }

    public func wait() {
        while sem_wait(semaphore) != 0 {}   // EINTR: wait again
    }

    /// Waits at most timeoutMs; false when it timed out before fire.
    public func wait(timeoutMs: Int) -> Bool {
        var deadline = timespec()
        clock_gettime(CLOCK_REALTIME, &deadline)
        let nanos = Int(deadline.tv_nsec) + (timeoutMs % 1000) * 1_000_000
        deadline.tv_sec += timeoutMs / 1000 + nanos / 1_000_000_000
        deadline.tv_nsec = nanos % 1_000_000_000
        while true {
            if sem_timedwait(semaphore, &deadline) == 0 { return true }
            if errno != EINTR { return false }
        }
    }
}

/// One thread that runs posted batches of closures in order: completions that must leave the
/// thread that produced them (the store's writer) and must not run on the caller's.
public final class SerialRunner: @unchecked Sendable {
    private let pending = Locked<(batches: [[@Sendable () -> Void]], stopped: Bool)>(([], false))
    private let posted = Signal()

    public init(name: String) {
        startThread(name: name) { [self] in run() }
    }

    public func post(_ batch: [@Sendable () -> Void]) {
        guard !batch.isEmpty else { return }
        pending.withLock { $0.batches.append(batch) }
        posted.notifyOne()
    }

    /// Stop after the batches already posted.
    public func stop() {
        pending.withLock { $0.stopped = true }
        posted.notifyAll()
    }

    private func run() {
        while true {
            let seen = posted.current
            let (batches, stopped) = pending.withLock { p -> ([[@Sendable () -> Void]], Bool) in
                defer { p.batches = [] }
                return (p.batches, p.stopped)
            }
            for batch in batches { for job in batch { job() } }
            if batches.isEmpty {
                if stopped { return }
                _ = posted.wait(after: seen, timeoutMs: 1000)
            }
        }
    }
}

/// Start a detached OS thread. Used for long-running workers (delivery, group commit, timers)
/// that block on I/O and must not sit on Swift's cooperative pool.
/// The name (cut to Linux's 15 bytes) shows in `top -H`, `perf` and debuggers.
public func startThread(name: String, _ body: @escaping @Sendable () -> Void) {
    final class Box: @unchecked Sendable { let body: @Sendable () -> Void; init(_ b: @escaping @Sendable () -> Void) { body = b } }
    let named: @Sendable () -> Void = {
        sbs_set_thread_name(name)
        body()
    }
    let box = Unmanaged.passRetained(Box(named)).toOpaque()
    var thread = pthread_t()
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
    let rc = pthread_create(&thread, &attributes, { raw in
        let box = Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue()
        box.body()
        return nil
    }, box)
    pthread_attr_destroy(&attributes)
    precondition(rc == 0, "could not start a thread")
}
