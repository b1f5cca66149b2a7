import SwitchboardDomain
import SwitchboardPluginAPI
import SwitchboardSupport

/// ABI 1.3, answering later: deferred HTTP requests and the asynchronous ingest.
extension HostServiceCalls {
    static func httpDefer(_ c: InstanceContext, _ exchange: PluginHTTPExchange, _ answerID: UnsafeMutablePointer<UInt64>?,
                          _ err: UnsafeMutablePointer<CChar>?, _ cap: Int) -> sb_status {
        guard exchange.inCall, exchange.stream == nil, exchange.deferred == nil else {
            return fail(err, cap, SB_ERR_INVALID, "http_defer: call it once inside handle_http(), on an exchange that is not a stream")
        }
        let pending = c.services.deferredAnswers.register(owner: ObjectIdentifier(c))
        exchange.deferred = pending
        answerID?.pointee = pending.id
        c.services.metrics.increment("switchboard_http_deferred_total")
        return SB_OK
    }

    static func httpAnswer(_ c: InstanceContext, _ answerID: UInt64, status: Int32, contentType: String, body: [UInt8],
                           headers: [(String, String)]) -> sb_status {
        guard (100...599).contains(status) else {
            c.log.error("http_answer \(answerID): status \(status) is not an HTTP status; answering 500")
            return c.services.deferredAnswers.resolve(answerID, owner: ObjectIdentifier(c),
                                                      with: .error(500, "plugin_error", "the channel plugin gave an invalid status")) ? SB_OK : SB_ERR_NOT_FOUND
        }
        let response = HTTPResponse(status: Int(status), contentType: contentType.isEmpty ? nil : contentType, body: body, headers: headers)
        return c.services.deferredAnswers.resolve(answerID, owner: ObjectIdentifier(c), with: response) ? SB_OK : SB_ERR_NOT_FOUND
    }

    /// The plugin's completion and its argument, carried to the store's completion thread.
    private struct IngestCompletion: @unchecked Sendable {
        let function: sb_ingest_completion
        let user: UnsafeMutableRawPointer?
    }

    static func ingestAsync(_ c: InstanceContext, _ m: sb_inbound_message, _ completion: @escaping sb_ingest_completion,
                            _ user: UnsafeMutableRawPointer?, _ err: UnsafeMutablePointer<CChar>?, _ cap: Int) -> sb_status {
        let inbound: InboundMessage
        switch inboundMessage(c, m) {
        case .success(let message): inbound = message
        case .failure(let refusal): return fail(err, cap, refusal.status, refusal.message)
        }
        guard m.origin == SB_ORIGIN_CUSTOMER else {
            return fail(err, cap, SB_ERR_UNSUPPORTED, "origin: ingest_async takes customer messages; use ingest() for business echoes")
        }
        guard let runtime = c.runtime, runtime.admitCompletion() else {
            return fail(err, cap, SB_ERR_BUSY, "the channel instance is not running (stopping or quarantined); retry")
        }
        let target = IngestCompletion(function: completion, user: user)
        do {
            try c.services.store.ingestAsync(inbound) { outcome in
                defer { runtime.completionFinished() }
                switch outcome {
                case .success(let stored):
                    var result = sb_ingest_result()
                    result.struct_size = UInt32(MemoryLayout<sb_ingest_result>.size)
                    fill(&result, conversationID: stored.conversationID, messageID: stored.messageID, created: stored.createdConversation)
                    let status = recordIngested(c, stored, fromBusiness: false)
                    target.function(target.user, status, &result, nil)
                case .failure(let error):
                    let refusal = ingestRefusal(c, error)
                    refusal.message.withCString { target.function(target.user, refusal.status, nil, $0) }
                }
            }
        } catch {
            runtime.completionFinished()
            let refusal = ingestRefusal(c, error)
            return fail(err, cap, error is StoreError ? SB_ERR_BUSY : refusal.status, refusal.message)
        }
        return SB_OK
    }
}

extension HostAPITable {
    /// ABI 1.3, answering later (see HostServiceCalls+AnswerLater).
    static func fillAnswerLaterServices(_ table: UnsafeMutablePointer<sb_host_api>) {
        table.pointee.http_defer = { ctx, exchange, answerID, err, cap in
            guard let c = InstanceContext.from(ctx), let exchange else { return fail(err, cap, SB_ERR_INVALID, "NULL argument") }
            return HostServiceCalls.httpDefer(c, PluginHTTPExchange.from(exchange), answerID, err, cap)
        }
        table.pointee.http_answer = { ctx, answerID, status, contentType, body, headers, count in
            guard let c = InstanceContext.from(ctx), headers != nil || count == 0 else { return SB_ERR_INVALID }
            let pairs = (0..<count).map { i in (string(headers![i].name), string(headers![i].value)) }
            return HostServiceCalls.httpAnswer(c, answerID, status: status, contentType: string(contentType), body: bytes(body), headers: pairs)
        }
        table.pointee.ingest_async = { ctx, message, completion, user, err, cap in
            guard let c = InstanceContext.from(ctx), let message, let completion else { return fail(err, cap, SB_ERR_INVALID, "NULL argument") }
            guard let m = readGrown(message, minimum: MemoryLayout<sb_inbound_message>.offset(of: \.new_conversation)!) else {
                return fail(err, cap, SB_ERR_VERSION, "sb_inbound_message.struct_size is smaller than ABI 1.0's")
            }
            return HostServiceCalls.ingestAsync(c, m, completion, user, err, cap)
        }
    }
}
