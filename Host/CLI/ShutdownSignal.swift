#if canImport(Glibc)
import Glibc
#endif

/// Blocks until SIGINT or SIGTERM, so `serve` shuts down cleanly (drains, stops plugins).
enum ShutdownSignal {
    static func wait() {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &set, nil)
        var received: Int32 = 0
        sigwait(&set, &received)
    }
}
