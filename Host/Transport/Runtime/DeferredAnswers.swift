import SwitchboardSupport
#if canImport(Glibc)
import Glibc
#endif

/// Requests plugins keep to answer later (http_defer, ABI 1.3), by id, until http_answer, the
/// instance stopping, or the deferral limit answers them: each exactly once, whoever comes first.
/// No thread waits for an answer: the HTTP server keeps the connection suspended, and one timer
/// thread (only while something is pending) answers those past the limit.
final class DeferredAnswers: @unchecked Sendable {
    /// How long a client waits for a deferred answer before the host answers 503 itself.
    static let limitMs = 30_000

    final class Pending: @unchecked Sendable {
        let id: UInt64
        let owner: ObjectIdentifier
        /// What the HTTP server waits on.
        let later = HTTPLaterAnswer()

        fileprivate init(id: UInt64, owner: ObjectIdentifier) {
            self.id = id
            self.owner = owner
        }
    }

    private struct Table {
        var next: UInt64 = 1
        var byID: [UInt64: Pending] = [:]
        /// Deadlines in registration order (all share one limit, so it is also deadline order);
        /// entries answered meanwhile are skipped when their turn comes.
        var deadlines: [(atMs: Int64, id: UInt64)] = []
        var head = 0
        var timerRunning = false
    }
    private let table = Locked(Table())
    private let limitMs: Int

    init(limitMs: Int = DeferredAnswers.limitMs) {
        self.limitMs = limitMs
    }

    func register(owner: ObjectIdentifier) -> Pending {
        let (entry, startTimer) = table.withLock { t -> (Pending, Bool) in
            let entry = Pending(id: t.next, owner: owner)
            t.next += 1
            t.byID[entry.id] = entry
            t.deadlines.append((Self.nowMs() + Int64(limitMs), entry.id))
            defer { t.timerRunning = true }
            return (entry, !t.timerRunning)
        }
        if startTimer { startThread(name: "deferred-limit") { [self] in expireLoop() } }
        return entry
    }

    /// Answers a pending request; false when it is unknown to `owner` or was answered already.
    func resolve(_ id: UInt64, owner: ObjectIdentifier, with response: HTTPResponse) -> Bool {
        let entry = table.withLock { t -> Pending? in
            guard let entry = t.byID[id], entry.owner == owner else { return nil }
            t.byID.removeValue(forKey: id)
            return entry
        }
        guard let entry else { return false }
        return entry.later.answer(response)
    }

    /// The owner is stopping: answer 503 to everything it still holds.
    func cancelAll(of owner: ObjectIdentifier) {
        let mine = table.withLock { t -> [Pending] in
            let mine = t.byID.values.filter { $0.owner == owner }
            for entry in mine { t.byID.removeValue(forKey: entry.id) }
            return mine
        }
        for entry in mine {
            entry.later.answer(.error(503, "unavailable", "the channel instance stopped before answering; retry"))
        }
    }

    var pendingCount: Int { table.withLock { $0.byID.count } }

    /// Answers 503 to what passed the limit, sleeping until the next deadline; exits when
    /// nothing is pending (register starts it again).
    private func expireLoop() {
        while true {
            let (expired, sleepMs) = table.withLock { t -> ([Pending], Int64?) in
                let now = Self.nowMs()
                var expired: [Pending] = []
                while t.head < t.deadlines.count, t.deadlines[t.head].atMs <= now {
                    if let entry = t.byID.removeValue(forKey: t.deadlines[t.head].id) { expired.append(entry) }
                    t.head += 1
                }
                if t.byID.isEmpty {
                    t.deadlines = []
                    t.head = 0
                    t.timerRunning = false
                    return (expired, nil)
                }
                if t.head > 1024 && t.head * 2 > t.deadlines.count {
                    t.deadlines.removeFirst(t.head)
                    t.head = 0
                }
                return (expired, t.head < t.deadlines.count ? t.deadlines[t.head].atMs - now : 1000)
            }
            for entry in expired {
                entry.later.answer(.error(503, "unavailable", "the channel did not answer in time; retry"))
            }
            guard let sleepMs else { return }
            // Bounded, so an entry answered early never keeps the thread asleep for long.
            usleep(UInt32(max(1, min(sleepMs, 1000))) * 1000)
        }
    }

    private static func nowMs() -> Int64 { Int64(Clock.monotonicNanos() / 1_000_000) }
}
