import SwitchboardSupport

/// Runs work for conversations: one job at a time per conversation, in arrival order;
/// different conversations in parallel on a pool of threads. A job that holds its
/// conversation longer than `staleAfterMs` (an interrupted turn) loses the lock, so the
/// next job is not stuck behind it.
///
/// Every inbound message submits a job, so submit and pick are kept O(1) under the lock:
/// HTTP threads contend for it at the ingest rate.
public final class ConversationQueue: @unchecked Sendable {
    public typealias Job = @Sendable () -> Void

    private struct Lane {
        var jobs: [Job] = []
        var next = 0             // index of the next job in `jobs`
        var busySince: UInt64?   // monotonic ns; nil = idle
        var owner = 0            // the token of the job running; a broken stale lock forgets it
        var isReady = false      // in the ready queue

        var hasJobs: Bool { next < jobs.count }

        mutating func take() -> Job {
            let job = jobs[next]
            next += 1
            if next == jobs.count { jobs.removeAll(keepingCapacity: true); next = 0 }
            return job
        }
    }

    private struct State {
        var lanes: [String: Lane] = [:]
        var ready: [String] = []      // lanes with a job and no job running, oldest first
        var readyHead = 0
        var busy = 0                  // lanes with a job running
        var lastStaleCheck: UInt64 = 0
        var nextToken = 0             // tokens are never reused, even by a lane created again
        var idle = 0                  // threads waiting for work
        var wakePending = false       // a thread was signalled and has not woken yet
        var stopped = false

        /// Whether a submit should wake a thread: only if one is idle and none is on its way.
        mutating func needsWake() -> Bool {
            guard idle > 0, !wakePending else { return false }
            wakePending = true
            return true
        }

        mutating func markReady(_ id: String) {
            guard var lane = lanes[id], !lane.isReady, lane.busySince == nil, lane.hasJobs else { return }
            lane.isReady = true
            lanes[id] = lane
            ready.append(id)
        }

        mutating func popReady() -> String? {
            guard readyHead < ready.count else { return nil }
            let id = ready[readyHead]
            readyHead += 1
            if readyHead == ready.count { ready.removeAll(keepingCapacity: true); readyHead = 0 }
            return id
        }
    }

    private let state = Locked(State())
    private let signal = Signal()
    private let staleAfterNs: UInt64
    /// How often the stale check runs: a fraction of the stale bound, at most every 250 ms.
    private let staleCheckEveryNs: UInt64

    public init(threads: Int = 4, staleAfterMs: Int = 30_000) {
        staleAfterNs = UInt64(staleAfterMs) * 1_000_000
        staleCheckEveryNs = min(staleAfterNs / 4, 250_000_000)
        for _ in 0..<threads { startThread(name: "conversation") { [self] in run() } }
    }

    public func stop() {
        state.withLock { $0.stopped = true }
        signal.notifyAll()
    }

    public func submit(conversationID: String, _ job: @escaping Job) {
        let wake = state.withLock { s -> Bool in
            s.lanes[conversationID, default: Lane()].jobs.append(job)
            s.markReady(conversationID)
            return s.needsWake()
        }
        // Every inbound message submits, and a wake-up is a context switch: wake one thread, and
        // none while one is already on its way (it takes every ready job before it sleeps again).
        if wake { signal.notifyOne() }
    }

    private func run() {
        while true {
            let seen = signal.current
            let picked = state.withLock { s -> (String, Job, Int)? in
                breakStaleLocks(&s)
                while let id = s.popReady() {
                    guard var lane = s.lanes[id] else { continue }
                    lane.isReady = false
                    guard lane.busySince == nil, lane.hasJobs else { s.lanes[id] = lane; continue }
                    let job = lane.take()
                    lane.busySince = Clock.monotonicNanos()
                    s.nextToken += 1
                    lane.owner = s.nextToken
                    s.lanes[id] = lane
                    s.busy += 1
                    return (id, job, lane.owner)
                }
                s.idle += 1
                return nil
            }
            if state.withLock({ $0.stopped }) { return }
            guard let (id, job, token) = picked else {
                signal.wait(after: seen, timeoutMs: 250)
                state.withLock { s in
                    s.idle -= 1
                    s.wakePending = false
                }
                continue
            }
            job()
            let wake = state.withLock { s -> Bool in
                // A job whose lock was broken as stale no longer owns the lane.
                guard var lane = s.lanes[id], lane.owner == token else { return false }
                lane.busySince = nil
                s.busy -= 1
                if !lane.hasJobs { s.lanes[id] = nil; return false }
                s.lanes[id] = lane
                s.markReady(id)
                return s.needsWake()
            }
            // This thread loops and takes ready work itself; another is woken only for a lane it put back.
            if wake { signal.notifyOne() }
        }
    }

    /// Releases lanes held longer than the stale bound. It walks every lane, so it runs only
    /// every `staleCheckEveryNs` and only while some lane is busy.
    private func breakStaleLocks(_ s: inout State) {
        let now = Clock.monotonicNanos()
        guard s.busy > 0, now - s.lastStaleCheck >= staleCheckEveryNs else { return }
        s.lastStaleCheck = now
        for (id, lane) in s.lanes {
            guard let since = lane.busySince, now - since > staleAfterNs else { continue }
            var released = lane
            released.busySince = nil
            released.owner = 0
            s.busy -= 1
            if released.hasJobs { s.lanes[id] = released; s.markReady(id) } else { s.lanes[id] = nil }
        }
    }
}
