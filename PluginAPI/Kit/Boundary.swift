import SwitchboardCommon
import SwitchboardPluginAPI

/// What the host holds as the plugin's `void *instance`: the Swift plugin and its host services.
final class InstanceBox {
    let plugin: any ChannelPlugin
    let host: PluginHost

    init(plugin: any ChannelPlugin, host: PluginHost) {
        self.plugin = plugin
        self.host = host
    }
}

/// The descriptor's C callbacks. Each converts the borrowed C arguments into Swift values, calls
/// the plugin, and turns every thrown error into a status plus the error buffer's text: nothing
/// may unwind into the host.
enum Boundary {
    static func create(_ host: UnsafePointer<sb_host_api>?, _ ctx: OpaquePointer?, _ info: UnsafePointer<sb_instance_info>?,
                       _ instance: UnsafeMutablePointer<UnsafeMutableRawPointer?>?,
                       _ err: UnsafeMutablePointer<CChar>?, _ cap: Int) -> sb_status {
        guard let host, let ctx, let info, let instance else {
            return fail(PluginError.invalid(field: nil, message: "create: NULL argument"), err, cap)
        }
        instance.pointee = nil
        guard isComplete(info) else { return fail(incomplete(info), err, cap) }
        guard let type = PluginExport.exportedType else {
            return fail(PluginError.internal("create called before the entry symbol"), err, cap)
        }
        let services = PluginHost(api: host, ctx: ctx)
        do {
            let plugin = try type.init(host: services, info: InstanceInfo(info.pointee))
            instance.pointee = Unmanaged.passRetained(InstanceBox(plugin: plugin, host: services)).toOpaque()
            return SB_OK
        } catch {
            return fail(error, err, cap)
        }
    }

    static func start(_ instance: UnsafeMutableRawPointer?, _ err: UnsafeMutablePointer<CChar>?, _ cap: Int) -> sb_status {
        guard let box = box(instance) else { return fail(PluginError.invalid(field: nil, message: "start: NULL instance"), err, cap) }
        do {
            try box.plugin.start()
            return SB_OK
        } catch {
            return fail(error, err, cap)
        }
    }

    static func stop(_ instance: UnsafeMutableRawPointer?) {
        box(instance)?.plugin.stop()
    }

    static func reconfigure(_ instance: UnsafeMutableRawPointer?, _ config: sb_str,
                            _ err: UnsafeMutablePointer<CChar>?, _ cap: Int) -> sb_status {
        guard let box = box(instance) else {
            return fail(PluginError.invalid(field: nil, message: "reconfigure: NULL instance"), err, cap)
        }
        do {
            try box.plugin.reconfigure(configJSON: String(sbStr: config))
            return SB_OK
        } catch {
            return fail(error, err, cap)
        }
    }

    static func destroy(_ instance: UnsafeMutableRawPointer?) {
        guard let instance else { return }
        Unmanaged<InstanceBox>.fromOpaque(instance).release()
    }

    static func handleHTTP(_ instance: UnsafeMutableRawPointer?, _ request: UnsafePointer<sb_http_request>?,
                           _ exchange: OpaquePointer?) {
        guard let box = box(instance), let request, let exchange else { return } // the host answers 500
        guard isComplete(request) else {
            box.host.log(.error, incomplete(request).message)
            try? box.host.respond(exchange, with: .text(500, "request struct too small for this plugin"))
            return
        }
        let response = box.plugin.handle(PluginHTTPRequest(request.pointee))
        do {
            if let start = response.answerLater {
                try answerLater(box.host, exchange, start)
                return
            }
            if let stream = response.stream {
                let id = try box.host.openStream(exchange, stream, headers: response.headers)
                stream.opened(id)
                return
            }
            try box.host.respond(exchange, with: response)
        } catch {
            box.host.log(.error, "could not answer an HTTP request: \(error)")
        }
    }

    /// ABI 1.3: hands the exchange to the host to answer later; an older host's exchange is
    /// answered here once `start`'s answer comes.
    private static func answerLater(_ host: PluginHost, _ exchange: OpaquePointer,
                                    _ start: @Sendable (DeferredResponse) -> Void) throws {
        guard let id = try? host.deferExchange(exchange) else {
            let waiting = DeferredResponse()
            start(waiting)
            try host.respond(exchange, with: waiting.waitForAnswer())
            return
        }
        start(DeferredResponse(host: host, id: id))
    }

    static func deliver(_ instance: UnsafeMutableRawPointer?, _ message: UnsafePointer<sb_outbound_message>?,
                        _ result: UnsafeMutablePointer<sb_delivery_result>?,
                        _ err: UnsafeMutablePointer<CChar>?, _ cap: Int) -> sb_status {
        guard let box = box(instance), let message, let result else {
            return fail(PluginError.invalid(field: nil, message: "deliver: NULL argument"), err, cap)
        }
        // The result struct is the host's: never write past the size it says it has.
        // A 1.2 host's message ends before reply_window: read what it has, the rest as zero.
        guard let grown = readGrown(message, minimum: MemoryLayout<sb_outbound_message>.offset(of: \.reply_window)!) else {
            return fail(incomplete(message), err, cap)
        }
        guard hasField(result, \sb_delivery_result.detail) else { return fail(incomplete(result), err, cap) }
        do {
            let outcome = try box.plugin.deliver(OutboundMessage(grown))
            fill(result, with: outcome)
            return SB_OK
        } catch {
            return fail(error, err, cap)
        }
    }

    static func deliverSide(_ instance: UnsafeMutableRawPointer?, _ message: UnsafePointer<sb_side_message>?,
                            _ result: UnsafeMutablePointer<sb_delivery_result>?,
                            _ err: UnsafeMutablePointer<CChar>?, _ cap: Int) -> sb_status {
        guard let box = box(instance), let message, let result else {
            return fail(PluginError.invalid(field: nil, message: "deliver_side: NULL argument"), err, cap)
        }
        // Older hosts pass shorter structs: what they lack reads as empty, and fill() writes only what fits.
        guard let grown = readGrown(message, minimum: MemoryLayout<sb_side_message>.offset(of: \.customer_name)!) else {
            return fail(incomplete(message), err, cap)
        }
        guard hasField(result, \sb_delivery_result.detail) else { return fail(incomplete(result), err, cap) }
        do {
            let outcome = try box.plugin.deliverSide(SideMessage(grown))
            fill(result, with: outcome)
            return SB_OK
        } catch {
            return fail(error, err, cap)
        }
    }

    static func performAction(_ instance: UnsafeMutableRawPointer?, _ request: UnsafePointer<sb_action_request>?,
                              _ result: UnsafeMutablePointer<sb_delivery_result>?,
                              _ err: UnsafeMutablePointer<CChar>?, _ cap: Int) -> sb_status {
        guard let box = box(instance), let request, let result else {
            return fail(PluginError.invalid(field: nil, message: "perform_action: NULL argument"), err, cap)
        }
        guard let r = readGrown(request, minimum: MemoryLayout<sb_action_request>.size) else { return fail(incomplete(request), err, cap) }
        guard hasField(result, \sb_delivery_result.detail) else { return fail(incomplete(result), err, cap) }
        do {
            let outcome = try box.plugin.performAction(ActionRequest(
                conversationID: String(sbStr: r.conversation_id), action: String(sbStr: r.action), argumentsJSON: String(sbStr: r.arguments_json),
                identityKind: String(sbStr: r.identity_kind), identityValue: String(sbStr: r.identity_value),
                idempotencyKey: String(sbStr: r.idempotency_key), authorName: String(sbStr: r.author_name),
                replyWindow: r.reply_window < 0 ? nil : ReplyWindow(rawValue: r.reply_window) ?? ReplyWindow.none))
            fill(result, with: outcome)
            return SB_OK
        } catch {
            return fail(error, err, cap)
        }
    }

    static func timer(_ instance: UnsafeMutableRawPointer?, _ id: UInt64) {
        box(instance)?.plugin.timerFired(id)
    }

    static func streamClosed(_ instance: UnsafeMutableRawPointer?, _ id: UInt64) {
        box(instance)?.plugin.streamClosed(id)
    }

    static func conversationSignal(_ instance: UnsafeMutableRawPointer?, _ conversationID: sb_str, _ type: sb_str, _ data: sb_str) {
        box(instance)?.plugin.conversationSignal(conversationID: String(sbStr: conversationID), type: String(sbStr: type),
                                                 dataJSON: String(sbStr: data))
    }

    /// ABI 1.3: SB_OK to accept; SB_ERR_INVALID with the field and the reason to refuse.
    static func validateOutbound(_ instance: UnsafeMutableRawPointer?, _ message: UnsafePointer<sb_outbound_message>?,
                                 _ field: UnsafeMutablePointer<CChar>?, _ fieldCap: Int,
                                 _ err: UnsafeMutablePointer<CChar>?, _ cap: Int) -> sb_status {
        guard let box = box(instance), let message else {
            return fail(PluginError.internal("validate_outbound: NULL argument"), err, cap)
        }
        guard let grown = readGrown(message, minimum: MemoryLayout<sb_outbound_message>.offset(of: \.reply_window)!) else {
            return fail(incomplete(message), err, cap)
        }
        do {
            try box.plugin.validateOutbound(OutboundMessage(grown))
            return SB_OK
        } catch PluginError.invalid(let name, let reason) {
            writeCString(name ?? "", to: field.map(UnsafeMutableRawPointer.init), capacity: fieldCap)
            writeCString(reason, to: err.map(UnsafeMutableRawPointer.init), capacity: cap)
            return SB_ERR_INVALID
        } catch {
            return fail(error, err, cap)
        }
    }

    /// ABI 1.3: an admin operation, on the instance (`instance` set) or on the plugin (NULL, with
    /// a context made for the call). The answer is JSON: the result, or the failure's {"error", "field"}.
    static func adminCall(_ api: UnsafePointer<sb_host_api>?, _ ctx: OpaquePointer?, _ instance: UnsafeMutableRawPointer?,
                          _ request: UnsafePointer<sb_admin_request>?, _ exchange: OpaquePointer?) {
        guard let api, let ctx, let request, let exchange else { return } // the host answers 500
        let host = box(instance)?.host ?? PluginHost(api: api, ctx: ctx)
        let response: PluginHTTPResponse
        do {
            guard isComplete(request) else { throw incomplete(request) }
            let parsed = try AdminRequest(request.pointee)
            if let box = box(instance) {
                response = .json(200, try box.plugin.adminCall(parsed))
            } else {
                guard let type = PluginExport.exportedType else { throw PluginError.internal("admin_call before the entry symbol") }
                response = .json(200, try type.adminCall(parsed, host: host))
            }
        } catch {
            let failure = AdminFailure.from(error)
            if failure.status >= 500 { host.log(.error, "admin operation failed: \(failure)") }
            response = .json(failure.status, failure.json)
        }
        do { try host.respond(exchange, with: response) } catch {
            host.log(.error, "could not answer an admin operation: \(error)")
        }
    }

    /// Whether a caller-owned struct (struct_size first) is large enough to hold `field`.
    static func hasField<T, F>(_ pointer: UnsafeMutablePointer<T>, _ field: KeyPath<T, F>) -> Bool {
        guard let offset = MemoryLayout<T>.offset(of: field) else { return false }
        return Int(UnsafeRawPointer(pointer).load(as: UInt32.self)) >= offset + MemoryLayout<F>.size
    }

    // MARK: -

    private static func box(_ instance: UnsafeMutableRawPointer?) -> InstanceBox? {
        instance.map { Unmanaged<InstanceBox>.fromOpaque($0).takeUnretainedValue() }
    }

    /// Whether a struct the host passed (struct_size first) holds every v1.0 field. Fields added in
    /// later minor versions are checked one by one where they are read (SB_HAS_FIELD).
    private static func isComplete<T>(_ pointer: UnsafePointer<T>) -> Bool {
        Int(UnsafeRawPointer(pointer).load(as: UInt32.self)) >= MemoryLayout<T>.size
    }

    private static func isComplete<T>(_ pointer: UnsafeMutablePointer<T>) -> Bool { isComplete(UnsafePointer(pointer)) }

    private static func incomplete<T>(_ pointer: UnsafePointer<T>) -> PluginError {
        .version("\(T.self).struct_size is \(UnsafeRawPointer(pointer).load(as: UInt32.self)), "
            + "expected at least \(MemoryLayout<T>.size)")
    }

    private static func incomplete<T>(_ pointer: UnsafeMutablePointer<T>) -> PluginError { incomplete(UnsafePointer(pointer)) }

    /// The status for `error`, with its message written into the host's buffer.
    private static func fail(_ error: any Error, _ err: UnsafeMutablePointer<CChar>?, _ cap: Int) -> sb_status {
        let failure = PluginError.from(error)
        writeCString(failure.message, to: err.map(UnsafeMutableRawPointer.init), capacity: cap)
        return failure.code
    }

    private static func fill(_ result: UnsafeMutablePointer<sb_delivery_result>, with outcome: DeliveryResult) {
        let (code, status, providerID, detail): (Int32, Int32, String, String) = switch outcome {
        case .sent(let id, let status, _): (SB_DELIVERY_SENT, status, id, "")
        case .retry(let detail, let status): (SB_DELIVERY_RETRY, status, "", detail)
        case .rejected(let detail, let status): (SB_DELIVERY_REJECTED, status, "", detail)
        case .wait(let detail, _, _): (SB_DELIVERY_WAIT, 0, "", detail)
        }
        if case .wait(_, let after, let shown) = outcome {
            if hasField(result, \sb_delivery_result.wait_flags) {
                result.pointee.retry_after_ms = after
                result.pointee.wait_flags = shown ? SB_WAIT_SHOWN : 0
            } else {
                result.pointee.outcome = SB_DELIVERY_RETRY
            }
        }
        result.pointee.outcome = code
        result.pointee.provider_status = status
        let raw = UnsafeMutableRawPointer(result)
        let idOffset = MemoryLayout<sb_delivery_result>.offset(of: \.provider_message_id)!
        let detailOffset = MemoryLayout<sb_delivery_result>.offset(of: \.detail)!
        writeCString(providerID, to: raw + idOffset, capacity: MemoryLayout.size(ofValue: result.pointee.provider_message_id))
        writeCString(detail, to: raw + detailOffset, capacity: MemoryLayout.size(ofValue: result.pointee.detail))
        if case .sent(_, _, let link?) = outcome, hasField(result, \sb_delivery_result.link) {
            let linkOffset = MemoryLayout<sb_delivery_result>.offset(of: \.link)!
            writeCString(link, to: raw + linkOffset, capacity: MemoryLayout.size(ofValue: result.pointee.link))
        }
    }
}

extension InstanceInfo {
    init(_ info: sb_instance_info) {
        self.init(instanceID: String(sbStr: info.instance_id), configJSON: String(sbStr: info.config_json),
                  routePrefix: String(sbStr: info.route_prefix), publicBaseURL: String(sbStr: info.public_base_url),
                  deliverTimeoutMs: info.deliver_timeout_ms)
    }
}

extension PluginHTTPRequest {
    init(_ request: sb_http_request) {
        self.init(method: String(sbStr: request.method), path: String(sbStr: request.path),
                  query: String(sbStr: request.query), headers: copyHeaders(request.headers, count: request.header_count),
                  body: [UInt8](sbStr: request.body), remoteAddress: String(sbStr: request.remote_address))
    }
}

extension SideMessage {
    init(_ m: sb_side_message) {
        self.init(sideConversationID: String(sbStr: m.side_conversation_id), conversationID: String(sbStr: m.conversation_id),
                  messageID: m.message_id, idempotencyKey: String(sbStr: m.idempotency_key), attempt: Int(m.attempt),
                  format: TextFormat(rawValue: m.format) ?? .plain, subject: String(sbStr: m.subject),
                  participants: Self.participants(json: String(sbStr: m.participants_json)), text: String(sbStr: m.text),
                  attachmentsJSON: String(sbStr: m.attachments_json), authorName: String(sbStr: m.author_name),
                  customerName: String(sbStr: m.customer_name))
    }
}

extension OutboundMessage {
    init(_ message: sb_outbound_message) {
        self.init(conversationID: String(sbStr: message.conversation_id), messageID: message.message_id,
                  idempotencyKey: String(sbStr: message.idempotency_key), attempt: Int(message.attempt),
                  format: TextFormat(rawValue: message.format) ?? .plain,
                  identityKind: String(sbStr: message.identity_kind), identityValue: String(sbStr: message.identity_value),
                  text: String(sbStr: message.text), richJSON: String(sbStr: message.rich_json),
                  attachmentsJSON: String(sbStr: message.attachments_json), authorKind: String(sbStr: message.author_kind),
                  authorName: String(sbStr: message.author_name), replyWindow: ReplyWindow(rawValue: message.reply_window) ?? .none)
    }
}
