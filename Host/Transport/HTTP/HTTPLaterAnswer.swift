import SwitchboardSupport

/// An answer that comes later, from any thread (a request a plugin deferred, ABI 1.3): the
/// server keeps the connection suspended, with no thread waiting, until `answer` runs. The
/// first answer counts; later ones are refused.
public final class HTTPLaterAnswer: @unchecked Sendable {
    private struct State {
        var response: HTTPResponse?
        var observers: [@Sendable (HTTPResponse) -> Void] = []
    }
    private let state = Locked(State())

    public init() {}

    /// Gives the answer; false when one was given already.
    @discardableResult
    public func answer(_ response: HTTPResponse) -> Bool {
        let observers = state.withLock { s -> [@Sendable (HTTPResponse) -> Void]? in
            guard s.response == nil else { return nil }
            s.response = response
            defer { s.observers = [] }
            return s.observers
        }
        guard let observers else { return false }
        for observe in observers { observe(response) }
        return true
    }

    /// Runs `observe` once with the answer, in the order registered: at once when it came
    /// already, else on the answering thread. Must not block.
    public func whenAnswered(_ observe: @escaping @Sendable (HTTPResponse) -> Void) {
        let ready = state.withLock { s -> HTTPResponse? in
            if s.response == nil { s.observers.append(observe) }
            return s.response
        }
        if let ready { observe(ready) }
    }
}
