import SwitchboardDomain
import SwitchboardPluginAPI
import SwitchboardSupport
#if canImport(Glibc)
import Glibc
#endif

/// The bodies of the larger host services, in Swift terms.
enum HostServiceCalls {
    static func storeCall(_ err: UnsafeMutablePointer<CChar>?, _ cap: Int, _ body: () throws -> sb_status) -> sb_status {
        do { return try body() } catch { return fail(err, cap, SB_ERR_IO, "store: \(error)") }
    }

    static func ingest(_ c: InstanceContext, _ m: sb_inbound_message, _ result: UnsafeMutablePointer<sb_ingest_result>?,
                       _ err: UnsafeMutablePointer<CChar>?, _ cap: Int) -> sb_status {
        let inbound: InboundMessage
        switch inboundMessage(c, m) {
        case .success(let message): inbound = message
        case .failure(let refusal): return fail(err, cap, refusal.status, refusal.message)
        }
        // ABI 1.3: an echo of what the business sent from the provider's own app is stored as outbound.
        let fromBusiness = m.origin == SB_ORIGIN_BUSINESS
        let outcome: IngestResult
        do {
            outcome = fromBusiness ? try c.services.store.ingestBusinessEcho(inbound) : try c.services.store.ingest(inbound)
        } catch {
            let refusal = ingestRefusal(c, error)
            return fail(err, cap, refusal.status, refusal.message)
        }
        fill(result, conversationID: outcome.conversationID, messageID: outcome.messageID, created: outcome.createdConversation)
        return recordIngested(c, outcome, fromBusiness: fromBusiness)
    }

    /// Why the host refused a plugin's call: the status and the message for its err buffer.
    struct Refusal: Error {
        var status: sb_status
        var message: String
    }

    /// The plugin's message in the store's terms, or why it is refused (the field named).
    static func inboundMessage(_ c: InstanceContext, _ m: sb_inbound_message) -> Result<InboundMessage, Refusal> {
        guard let format = TextFormat(abiValue: m.format) else { return .failure(Refusal(status: SB_ERR_INVALID, message: "format: unknown value \(m.format)")) }
        var inbound = InboundMessage(
            channelInstanceID: c.instanceID, identity: Identity(kind: string(m.identity_kind), value: string(m.identity_value)),
            providerMessageID: string(m.provider_message_id), text: string(m.text), format: format,
            displayName: optionalString(m.display_name), richJSON: optionalString(m.rich_json),
            attachmentsJSON: optionalString(m.attachments_json), agentStack: optionalString(m.agent_stack),
            conversationID: optionalString(m.conversation_id), sentAt: m.sent_at_ms > 0 ? m.sent_at_ms : nil,
            startNewConversation: m.new_conversation == 1)
        // ABI 1.3 (zero from older plugins): a second identity the provider vouches for.
        let also = Identity(kind: string(m.also_identity_kind), value: string(m.also_identity_value))
        guard also.kind.isEmpty == also.value.isEmpty else {
            return .failure(Refusal(status: SB_ERR_INVALID, message: "also_identity_kind and also_identity_value: give both or neither"))
        }
        if !also.kind.isEmpty { inbound.alsoIdentity = also }
        for (field, json) in [("rich_json", inbound.richJSON), ("attachments_json", inbound.attachmentsJSON)] {
            if let json, (try? JSON.parse(json)) == nil { return .failure(Refusal(status: SB_ERR_INVALID, message: "\(field): not valid JSON")) }
        }
        if let contact = optionalString(m.contact_json) {
            guard let object = (try? JSON.parse(contact))?.objectValue else {
                return .failure(Refusal(status: SB_ERR_INVALID, message: "contact_json: not a JSON object"))
            }
            for (key, value) in object {
                guard let text = value.stringValue else { return .failure(Refusal(status: SB_ERR_INVALID, message: "contact_json.\(key): must be a string")) }
                inbound.contactDetails[key] = text
            }
        }
        inbound.responseDueHours = c.runtime?.plugin.manifest.responseDueHours
        guard m.origin == SB_ORIGIN_CUSTOMER || m.origin == SB_ORIGIN_BUSINESS else {
            return .failure(Refusal(status: SB_ERR_INVALID, message: "origin: unknown value \(m.origin)"))
        }
        return .success(inbound)
    }

    /// A store error as the plugin sees it: its own mistake (a field named) or ours (retry).
    static func ingestRefusal(_ c: InstanceContext, _ error: Error) -> Refusal {
        if let error = error as? IngestError { return Refusal(status: SB_ERR_INVALID, message: error.description) }
        c.log.error("ingest failed: \(error)")
        return Refusal(status: SB_ERR_IO, message: "could not store the message: \(error)")
    }

    /// What follows a committed ingest: metrics, and the inbound work (routing, a stack turn, pushes).
    static func recordIngested(_ c: InstanceContext, _ outcome: IngestResult, fromBusiness: Bool) -> sb_status {
        if outcome.duplicate {
            c.services.metrics.increment("switchboard_messages_duplicate_total")
            return SB_DUPLICATE
        }
        if fromBusiness {
            c.services.metrics.increment("switchboard_messages_echoed_total")
            return SB_OK
        }
        c.services.metrics.increment("switchboard_messages_ingested_total")
        c.services.onInbound(outcome, c.instanceID)
        return SB_OK
    }

    /// Writes an ingest result the caller owns: only what lies inside its struct_size (a v1.0 result: everything).
    static func fill(_ result: UnsafeMutablePointer<sb_ingest_result>?, conversationID: String, messageID: Int64, created: Bool) {
        guard let result else { return }
        let size = Int(result.pointee.struct_size)
        guard size == 0 || size >= MemoryLayout<sb_ingest_result>.offset(of: \sb_ingest_result.reserved2)! else { return }
        copyCString(conversationID, into: &result.pointee.conversation_id)
        result.pointee.message_id = messageID
        result.pointee.created_conversation = created ? 1 : 0
    }

    /// Writes text NUL-terminated into a fixed C char array of a caller-owned struct, cut to fit.
    static func copyCString<Array>(_ text: String, into array: inout Array) {
        withUnsafeMutableBytes(of: &array) { raw in
            let bytes = text.utf8.prefix(raw.count - 1)
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
    }

    static func messageEdit(_ c: InstanceContext, providerMessageID: String, text: String, format: Int32,
                            _ err: UnsafeMutablePointer<CChar>?, _ cap: Int) -> sb_status {
        guard !providerMessageID.isEmpty else { return fail(err, cap, SB_ERR_INVALID, "provider_message_id is required") }
        guard let format = TextFormat(abiValue: format) else { return fail(err, cap, SB_ERR_INVALID, "format: unknown value \(format)") }
        guard !text.isEmpty else { return fail(err, cap, SB_ERR_INVALID, "text is empty: an edit gives the new text") }
        return storeCall(err, cap) {
            try c.services.store.editCustomerMessage(channelInstanceID: c.instanceID, providerMessageID: providerMessageID, text: text, format: format)
                ? SB_OK : fail(err, cap, SB_ERR_NOT_FOUND, "no customer message of this instance has provider id \(providerMessageID)")
        }
    }

    static func reportDelivery(_ c: InstanceContext, _ providerID: String, _ status: Int32, _ detail: String,
                               _ err: UnsafeMutablePointer<CChar>?, _ cap: Int) -> sb_status {
        let mapped: DeliveryStatus
        switch status {
        case SB_STATUS_SENT: mapped = .sent
        case SB_STATUS_DELIVERED: mapped = .delivered
        case SB_STATUS_READ: mapped = .read
        case SB_STATUS_FAILED: mapped = .failed
        case SB_STATUS_RETRACTED:
            return storeCall(err, cap) {
                try c.services.store.retractCustomerMessage(channelInstanceID: c.instanceID, providerMessageID: providerID)
                    ? SB_OK : fail(err, cap, SB_ERR_NOT_FOUND, "no customer message of this instance has provider id \(providerID)")
            }
        default: return fail(err, cap, SB_ERR_INVALID, "status: unknown value \(status)")
        }
        return storeCall(err, cap) {
            let store = c.services.store
            let found = try store.recordDeliveryReceipt(channelInstanceID: c.instanceID, providerMessageID: providerID,
                                                        status: mapped, detail: detail.isEmpty ? nil : detail)
                // ABI 1.1: or a side message the instance sent with deliver_side.
                || store.recordSideDeliveryReceipt(channelInstanceID: c.instanceID, providerMessageID: providerID,
                                                   status: mapped, detail: detail.isEmpty ? nil : detail)
            return found ? SB_OK : fail(err, cap, SB_ERR_NOT_FOUND, "no message sent by this instance has provider id \(providerID)")
        }
    }

    static func emitEvent(_ c: InstanceContext, _ conversationID: String, _ type: String, _ data: String,
                          _ err: UnsafeMutablePointer<CChar>?, _ cap: Int) -> sb_status {
        guard !type.isEmpty else { return fail(err, cap, SB_ERR_INVALID, "type is empty") }
        var object = JSONObject()
        if !data.isEmpty {
            guard let parsed = try? JSON.parse(data), let o = parsed.objectValue else { return fail(err, cap, SB_ERR_INVALID, "data_json: not a JSON object") }
            object = o
        }
        object["channel_instance_id"] = .string(c.instanceID)
        do {
            try c.services.store.recordEvent(conversationID: conversationID.isEmpty ? nil : conversationID, type: type,
                                             actor: "channel:\(c.instanceID)", data: object)
            return SB_OK
        } catch let error as IngestError {
            return fail(err, cap, SB_ERR_NOT_FOUND, error.description)
        } catch {
            return fail(err, cap, SB_ERR_IO, "store: \(error)")
        }
    }

    static func switchChannel(_ c: InstanceContext, _ conversationID: String, _ target: String, _ kind: String, _ value: String,
                              _ err: UnsafeMutablePointer<CChar>?, _ cap: Int) -> sb_status {
        guard c.services.isInstanceRunning(target) else {
            return fail(err, cap, SB_ERR_NOT_FOUND, "target_instance_id: no enabled channel instance \(target)")
        }
        let identity = kind.isEmpty || value.isEmpty ? nil : Identity(kind: kind, value: value)
        do {
            try c.services.store.switchChannel(conversationID: conversationID, to: target, identity: identity, actor: "channel:\(c.instanceID)")
            c.services.onOutboxChange()
            return SB_OK
        } catch let error as ReplyError {
            if case .conversationNotFound = error { return fail(err, cap, SB_ERR_NOT_FOUND, error.description) }
            return fail(err, cap, SB_ERR_INVALID, error.description)
        } catch {
            return fail(err, cap, SB_ERR_IO, "store: \(error)")
        }
    }

    /// `addressGuard`: set for URLs a user chose (SB_HTTP_USER_URL), checked on every resolved address.
    static func httpRequest(_ r: sb_http_client_request, addressGuard: NetworkGuard?, _ result: UnsafeMutablePointer<UnsafeMutablePointer<sb_http_result>?>,
                            _ err: UnsafeMutablePointer<CChar>?, _ cap: Int) -> sb_status {
        let url = string(r.url)
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else { return fail(err, cap, SB_ERR_INVALID, "url must be http(s)") }
        var headers: [(String, String)] = []
        for i in 0..<r.header_count { headers.append((string(r.headers[i].name), string(r.headers[i].value))) }
        let request = HTTPClientRequest(method: r.method.len > 0 ? string(r.method) : "GET", url: url, headers: headers, body: bytes(r.body),
                                        timeoutMs: r.timeout_ms > 0 ? Int(r.timeout_ms) : 10_000,
                                        connectTimeoutMs: r.connect_timeout_ms > 0 ? Int(r.connect_timeout_ms) : 3_000,
                                        basicAuth: optionalString(r.basic_auth), addressGuard: addressGuard)
        let response: HTTPClientResponse
        do {
            response = try HTTPClient.perform(request)
        } catch {
            if case .timeout = error { return fail(err, cap, SB_ERR_TIMEOUT, error.description) }
            if case .refused = error { return fail(err, cap, SB_ERR_DENIED, error.description) }
            return fail(err, cap, SB_ERR_IO, error.description)
        }
        result.pointee = makeHTTPResult(response)
        return SB_OK
    }

    /// One malloc'd block per piece; freeHTTPResult releases them all.
    static func makeHTTPResult(_ response: HTTPClientResponse) -> UnsafeMutablePointer<sb_http_result> {
        func copy(_ bytes: [UInt8]) -> sb_str {
            let p = malloc(bytes.count + 1)!.assumingMemoryBound(to: CChar.self)
            bytes.withUnsafeBytes { if let b = $0.baseAddress { _ = memcpy(p, b, bytes.count) } }
            p[bytes.count] = 0
            return sb_str(ptr: UnsafePointer(p), len: bytes.count)
        }
        let headers = UnsafeMutablePointer<sb_header>.allocate(capacity: max(response.headers.count, 1))
        for (i, (name, value)) in response.headers.enumerated() {
            (headers + i).initialize(to: sb_header(name: copy(Array(name.utf8)), value: copy(Array(value.utf8))))
        }
        let result = UnsafeMutablePointer<sb_http_result>.allocate(capacity: 1)
        result.initialize(to: sb_http_result(struct_size: UInt32(MemoryLayout<sb_http_result>.size), status: Int32(response.status),
                                             headers: UnsafePointer(headers), header_count: response.headers.count, body: copy(response.body)))
        return result
    }

    static func freeHTTPResult(_ result: UnsafeMutablePointer<sb_http_result>?) {
        guard let result else { return }
        let r = result.pointee
        for i in 0..<r.header_count {
            free(UnsafeMutableRawPointer(mutating: r.headers[i].name.ptr))
            free(UnsafeMutableRawPointer(mutating: r.headers[i].value.ptr))
        }
        UnsafeMutablePointer(mutating: r.headers)?.deallocate()
        free(UnsafeMutableRawPointer(mutating: r.body.ptr))
        result.deallocate()
    }
}
