import SwitchboardSupport

/// One-shot timers for plugins (timer_start). A single thread sleeps until the next deadline.
///
/// Every host sharing a store runs every instance, but an instance's timers are its background work,
/// done by one host at a time: `mayFire` (the host holds the instance's lease) decides, and a timer
/// this host may not fire now waits `postponeMs` and asks again, keeping its id, so the work moves
/// here if the owner dies.
final class TimerService: @unchecked Sendable {
    private struct Entry {
        var id: UInt64
        var deadline: UInt64
        weak var context: InstanceContext?
    }

    /// `due`: timers taken off the list to fire or postpone; a cancel meanwhile removes them here.
    private let entries = Locked<(next: UInt64, list: [Entry], due: Set<UInt64>)>((1, [], []))
    private let signal = Signal()
    private let fire: @Sendable (InstanceContext, UInt64) -> Void
    private let mayFire: @Sendable (InstanceContext) -> Bool
    private let postponeMs: UInt64

    init(mayFire: @escaping @Sendable (InstanceContext) -> Bool = { _ in true }, postponeMs: UInt64 = 1000,
         fire: @escaping @Sendable (InstanceContext, UInt64) -> Void) {
        self.fire = fire
        self.mayFire = mayFire
        self.postponeMs = postponeMs
        startThread(name: "timers") { [self] in loop() }
    }

    func schedule(after delayMs: UInt64, context: InstanceContext) -> UInt64 {
        let deadline = Clock.monotonicNanos() + min(delayMs, 365 * 86_400_000) * 1_000_000
        let id = entries.withLock { state -> UInt64 in
            let id = state.next
            state.next += 1
            state.list.append(Entry(id: id, deadline: deadline, context: context))
            return id
        }
        signal.notifyAll()
        return id
    }

    func cancel(_ id: UInt64) -> Bool {
        entries.withLock { state in
            let before = state.list.count
            state.list.removeAll { $0.id == id }
            return state.list.count != before || state.due.remove(id) != nil
        }
    }

    /// Drop the timers of a context that is going away.
    func cancelAll(for context: InstanceContext) {
        entries.withLock { $0.list.removeAll { $0.context === context || $0.context == nil } }
    }

    private func loop() {
        while true {
            let seen = signal.current
            let now = Clock.monotonicNanos()
            let (due, nextDeadline) = entries.withLock { state -> ([Entry], UInt64?) in
                let due = state.list.filter { $0.deadline <= now }
                state.list.removeAll { $0.deadline <= now }
                state.due = Set(due.map(\.id))
                return (due, state.list.map(\.deadline).min())
            }
            for entry in due {
                guard let context = entry.context else { continue }
                if mayFire(context) {
                    fire(context, entry.id)
                } else {
                    var later = entry
                    later.deadline = Clock.monotonicNanos() + postponeMs * 1_000_000
                    entries.withLock { state in
                        if state.due.contains(later.id) { state.list.append(later) }   // not cancelled meanwhile
                    }
                }
            }
            let waitMs = nextDeadline.map { Int(min(($0 - min($0, Clock.monotonicNanos())) / 1_000_000 + 1, 1000)) } ?? 1000
            signal.wait(after: seen, timeoutMs: waitMs)
        }
    }
}
