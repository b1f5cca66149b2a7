import SwitchboardPluginAPI
#if canImport(Glibc)
import Glibc
#endif

extension PluginHost {
    /// ABI 1.3: stores a customer's message without waiting for the commit. `completion` runs once,
    /// on a host thread, after the message is durably committed (`.success`: acknowledge the
    /// provider then) or with the reason it was not stored (`.failure`: do not acknowledge). Keep
    /// it short: answer a deferred request there (`DeferredResponse.answer`), nothing slow.
    /// Throws at once (and never calls `completion`) when the host refuses the message (a field
    /// named) or is not running. A host older than 1.3 stores it synchronously, then completes.
    public func ingestAsync(_ message: InboundMessage,
                            completion: @escaping @Sendable (Result<IngestOutcome, PluginError>) -> Void) throws {
        guard let ingestAsync = try? service(\.ingest_async, "ingest_async") else {
            completion(.success(try ingest(message)))
            return
        }
        let box = Unmanaged.passRetained(IngestCompletionBox(completion)).toOpaque()
        do {
            _ = try Self.withInbound(message) { inbound throws in
                try call("ingest_async") { ingestAsync(ctx, inbound, ingestCompleted, box, $0, $1) }
            }
        } catch {
            Unmanaged<IngestCompletionBox>.fromOpaque(box).release()   // refused: no completion will run
            throw error
        }
    }

    /// ABI 1.3: keeps the current handle_http exchange, to answer through the returned id.
    func deferExchange(_ exchange: OpaquePointer) throws -> UInt64 {
        let deferCall = try service(\.http_defer, "http_defer")
        var id: UInt64 = 0
        try call("http_defer") { deferCall(ctx, exchange, &id, $0, $1) }
        return id
    }

    /// ABI 1.3: answers a deferred request. False when the host no longer holds it (it answered 503
    /// itself: the instance stopped or the client waited too long) or it was answered already.
    func answerDeferred(_ id: UInt64, with response: PluginHTTPResponse) -> Bool {
        guard let answer = try? service(\.http_answer, "http_answer") else { return false }
        let strings = [response.contentType] + response.headers.flatMap { [$0.name, $0.value] }
        return withSBStrs(strings) { s in
            let headers = stride(from: 1, to: s.count, by: 2).map { sb_header(name: s[$0], value: s[$0 + 1]) }
            return withSBStr(bytes: response.body) { body in
                headers.withUnsafeBufferPointer { h in
                    answer(ctx, id, Int32(clamping: response.status), s[0], body, h.baseAddress, h.count) == SB_OK
                }
            }
        }
    }
}

/// The Swift completion of one ingest_async, kept alive by the host's `user` pointer until it runs.
private final class IngestCompletionBox {
    let completion: @Sendable (Result<IngestOutcome, PluginError>) -> Void
    init(_ completion: @escaping @Sendable (Result<IngestOutcome, PluginError>) -> Void) { self.completion = completion }
}

private func ingestCompleted(_ user: UnsafeMutableRawPointer?, _ status: sb_status, _ result: UnsafePointer<sb_ingest_result>?,
                             _ error: UnsafePointer<CChar>?) {
    guard let user else { return }
    let box = Unmanaged<IngestCompletionBox>.fromOpaque(user).takeRetainedValue()
    if status >= 0, let result {
        box.completion(.success(PluginHost.outcome(status, result.pointee)))
    } else {
        let message = error.map { String(cString: $0) } ?? "ingest failed (status \(status))"
        box.completion(.failure(PluginError(status: status, message: message)))
    }
}
