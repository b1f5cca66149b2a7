import SwitchboardSupport

/// Runs work for conversations: one job at a time per conversation, in arrival order;
/// different conversations in parallel on a pool of threads. A job that holds its
/// conversation longer than `staleAfterMs` (an interrupted turn) loses the lock, so the
/// next job is not stuck behind it.
public final class ConversationQueue: @unchecked Sendable {
    public typealias Job = @Sendable () -> Void

    private struct Lane {
        var jobs: [Job] = []
        var busySince: UInt64?   // monotonic ns; nil = idle
        var generation = 0       // bumped when a stale lock is broken
    }

    private let state = Locked<(lanes: [String: Lane], ready: [String], stopped: Bool)>(([:], [], false))
    private let signal = Signal()
    private let staleAfterNs: UInt64

    public init(threads: Int = 4, staleAfterMs: Int = 30_000) {
        staleAfterNs = UInt64(staleAfterMs) * 1_000_000
        for _ in 0..<threads { startThread(name: "conversation") { [self] in run() } }
    }

    public func stop() {
        state.withLock { $0.stopped = true }
        signal.notifyAll()
    }

    public func submit(conversationID: String, _ job: @escaping Job) {
        state.withLock { s in
            s.lanes[conversationID, default: Lane()].jobs.append(job)
            if s.lanes[conversationID]!.busySince == nil, !s.ready.contains(conversationID) { s.ready.append(conversationID) }
        }
        signal.notifyAll()
    }

    private func run() {
        while true {
            let seen = signal.current
            let picked = state.withLock { s -> (String, Job, Int)? in
                breakStaleLocks(&s.lanes, &s.ready)
                while let id = s.ready.first {
                    s.ready.removeFirst()
                    guard var lane = s.lanes[id], lane.busySince == nil, !lane.jobs.isEmpty else { continue }
                    let job = lane.jobs.removeFirst()
                    lane.busySince = Clock.monotonicNanos()
                    s.lanes[id] = lane
                    return (id, job, lane.generation)
                }
                return nil
            }
            if state.withLock({ $0.stopped }) { return }
            guard let (id, job, generation) = picked else {
                signal.wait(after: seen, timeoutMs: 250)
                continue
            }
            job()
            state.withLock { s in
                // A job whose lock was broken as stale no longer owns the lane.
                guard var lane = s.lanes[id], lane.generation == generation else { return }
                lane.busySince = nil
                if lane.jobs.isEmpty { s.lanes[id] = nil } else { s.lanes[id] = lane; s.ready.append(id) }
            }
            signal.notifyAll()
        }
    }

    private func breakStaleLocks(_ lanes: inout [String: Lane], _ ready: inout [String]) {
        let now = Clock.monotonicNanos()
        for (id, lane) in lanes {
            guard let since = lane.busySince, now - since > staleAfterNs else { continue }
            var released = lane
            released.busySince = nil
            released.generation += 1
            if released.jobs.isEmpty { lanes[id] = nil } else { lanes[id] = released; ready.append(id) }
        }
    }
}
