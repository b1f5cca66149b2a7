/// ABI 1.3: a request answered later, from any thread, exactly once (see
/// `PluginHTTPResponse.later`). The first `answer` counts; later ones do nothing.
public final class DeferredResponse: @unchecked Sendable {
    /// The host keeps the request under this id (http_defer); nil on a host older than 1.3,
    /// where the handle_http thread waits for the answer itself (`waitForAnswer`).
    private let deferred: (host: PluginHost, id: UInt64)?
    private let lock = PluginLock()
    private var answered = false
    private var response: PluginHTTPResponse?

    init(host: PluginHost, id: UInt64) { deferred = (host, id) }

    init() { deferred = nil }

    /// Sends the answer. False when it was answered before, or the host answered it already
    /// (503: the instance stopped, or the client waited longer than the host's limit).
    @discardableResult
    public func answer(_ response: PluginHTTPResponse) -> Bool {
        let first = lock.withLock { () -> Bool in
            defer { answered = true }
            if !answered && deferred == nil {
                self.response = response
                lock.broadcast()
            }
            return !answered
        }
        guard first else { return false }
        if let deferred { return deferred.host.answerDeferred(deferred.id, with: response) }
        return true
    }

    /// For a host older than 1.3: blocks the handle_http thread until `answer`.
    func waitForAnswer() -> PluginHTTPResponse {
        lock.withLock {
            while response == nil { _ = lock.wait(timeoutMs: 1000) }
            return response!
        }
    }
}
