import SwitchboardSupport

/// Requests plugins keep to answer later (http_defer, ABI 1.3), by id, until http_answer, the
/// instance stopping, or the deferral limit answers them: each exactly once, whoever comes first.
final class DeferredAnswers: @unchecked Sendable {
    /// How long a client waits for a deferred answer before the host answers 503 itself.
    static let limitMs = 30_000

    final class Pending: @unchecked Sendable {
        let id: UInt64
        let owner: ObjectIdentifier
        /// Written once, by whoever resolved it, before `answered` fires.
        fileprivate(set) var response: HTTPResponse?
        fileprivate let answered = Completion()

        fileprivate init(id: UInt64, owner: ObjectIdentifier) {
            self.id = id
            self.owner = owner
        }

        /// Blocks the request's thread until the answer (or the limit: the host's 503).
        func wait(in hub: DeferredAnswers) -> HTTPResponse {
            if !answered.wait(timeoutMs: DeferredAnswers.limitMs) {
                _ = hub.resolve(id, owner: owner, with: .error(503, "unavailable", "the channel did not answer in time; retry"))
                answered.wait()
            }
            return response!
        }
    }

    private let pending = Locked<(next: UInt64, byID: [UInt64: Pending])>((1, [:]))

    func register(owner: ObjectIdentifier) -> Pending {
        pending.withLock { p in
            let entry = Pending(id: p.next, owner: owner)
            p.next += 1
            p.byID[entry.id] = entry
            return entry
        }
    }

    /// Answers a pending request; false when it is unknown to `owner` or was answered already.
    func resolve(_ id: UInt64, owner: ObjectIdentifier, with response: HTTPResponse) -> Bool {
        let entry = pending.withLock { p -> Pending? in
            guard let entry = p.byID[id], entry.owner == owner else { return nil }
            p.byID.removeValue(forKey: id)
            return entry
        }
        guard let entry else { return false }
        entry.response = response
        entry.answered.fire()
        return true
    }

    /// The owner is stopping: answer 503 to everything it still holds.
    func cancelAll(of owner: ObjectIdentifier) {
        let mine = pending.withLock { p -> [Pending] in
            let mine = p.byID.values.filter { $0.owner == owner }
            for entry in mine { p.byID.removeValue(forKey: entry.id) }
            return mine
        }
        for entry in mine {
            entry.response = .error(503, "unavailable", "the channel instance stopped before answering; retry")
            entry.answered.fire()
        }
    }
}
