import SwitchboardDomain
import SwitchboardSupport

/// Runs `VoiceQueueDispatcher.dispatch` on its own thread: every `intervalMs` (callbacks come due,
/// schedules open) and at once when poked — a call joined a queue, an agent's leg ended, or an
/// agent's availability or capacity changed.
final class VoiceDispatchWorker: @unchecked Sendable {
    private let dispatcher: VoiceQueueDispatcher
    private let intervalMs: Int
    private let log: Logger
    private let wakeup = Signal()
    private let stopped = Locked(false)

    init(dispatcher: VoiceQueueDispatcher, intervalMs: Int = 2000, log: Logger) {
        self.dispatcher = dispatcher
        self.intervalMs = intervalMs
        self.log = log
    }

    func start() { startThread(name: "voice-dispatch") { [self] in loop() } }

    func poke() { wakeup.notifyAll() }

    func stop() {
        stopped.withLock { $0 = true }
        wakeup.notifyAll()
    }

    private func loop() {
        while !stopped.withLock({ $0 }) {
            let seen = wakeup.current
            do { try dispatcher.dispatch(nowMillis: Clock.nowMillis()) } catch { log.error("voice queue dispatch failed: \(error)") }
            _ = wakeup.wait(after: seen, timeoutMs: intervalMs)
        }
    }
}
