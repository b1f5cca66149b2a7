import SwitchboardCServices
import SwitchboardDomain
import SwitchboardPluginAPI
import SwitchboardSupport
#if canImport(Glibc)
import Glibc
#endif

/// The sb_host_api table handed to every plugin. It is static: the plugin boundary is
/// the one place the host keeps process-wide state. Each entry recovers its instance
/// from the sb_instance_ctx handle and forwards to HostServices.
enum HostAPITable {
    nonisolated(unsafe) static let pointer: UnsafePointer<sb_host_api> = {
        let table = UnsafeMutablePointer<sb_host_api>.allocate(capacity: 1)
        table.initialize(to: sb_host_api())
        table.pointee.struct_size = UInt32(MemoryLayout<sb_host_api>.size)
        table.pointee.abi_minor = UInt32(SB_ABI_MINOR)
        table.pointee.log = { ctx, level, message in
            guard let c = InstanceContext.any(ctx) else { return }
            c.log.log(LogLevel(rawValue: level) ?? .info, string(message))
        }
        table.pointee.ingest = { ctx, message, result, err, cap in
            guard let c = InstanceContext.from(ctx), let message else { return fail(err, cap, SB_ERR_INVALID, "NULL argument") }
            // A 1.0 plugin's message ends before the 1.1 fields: read only what it has, the rest as zero.
            guard let m = readGrown(message, minimum: MemoryLayout<sb_inbound_message>.offset(of: \.new_conversation)!) else {
                return fail(err, cap, SB_ERR_VERSION, "sb_inbound_message.struct_size is smaller than ABI 1.0's")
            }
            return HostServiceCalls.ingest(c, m, result, err, cap)
        }
        table.pointee.report_delivery = { ctx, providerID, status, detail, err, cap in
            guard let c = InstanceContext.from(ctx) else { return fail(err, cap, SB_ERR_INVALID, "NULL context") }
            return HostServiceCalls.reportDelivery(c, string(providerID), status, string(detail), err, cap)
        }
        table.pointee.http_request = { ctx, request, result, err, cap in
            result?.pointee = nil
            guard let c = InstanceContext.any(ctx), let request, let result else { return fail(err, cap, SB_ERR_INVALID, "NULL argument") }
            // 1.0 to 1.2 plugins pass the struct without `flags` (their URLs are unflagged).
            guard let r = readGrown(request, minimum: MemoryLayout<sb_http_client_request>.offset(of: \.flags)!) else {
                return fail(err, cap, SB_ERR_VERSION, "sb_http_client_request.struct_size is smaller than ABI 1.0's")
            }
            // The host's own file links are exempt: it serves them itself, wherever it listens (no
            // dot segments, so the exemption cannot lead elsewhere on the host).
            let url = string(r.url), ownFiles = (c.services.registry?.publicBaseURL ?? "\u{0}") + "/files/"
            let ownFile = url.hasPrefix(ownFiles) && !url.contains("..") && !url.lowercased().contains("%2e")
            let userChosen = r.flags & SB_HTTP_USER_URL != 0 && !ownFile
            return HostServiceCalls.httpRequest(r, addressGuard: userChosen ? c.services.networkGuard : nil, result, err, cap)
        }
        table.pointee.http_result_free = { result in HostServiceCalls.freeHTTPResult(result) }
        table.pointee.buffer_free = { buffer in CBuffer.free(buffer) }
        table.pointee.kv_get = { ctx, key, value, err, cap in
            value?.pointee = nil
            guard let c = InstanceContext.from(ctx), let value else { return fail(err, cap, SB_ERR_INVALID, "NULL argument") }
            return HostServiceCalls.storeCall(err, cap) {
                guard let bytes = try c.services.store.stateGet(instanceID: c.instanceID, key: string(key)) else { return SB_ERR_NOT_FOUND }
                value.pointee = makeBuffer(bytes)
                return SB_OK
            }
        }
        table.pointee.kv_set = { ctx, key, value, err, cap in
            guard let c = InstanceContext.from(ctx), key.len > 0 else { return fail(err, cap, SB_ERR_INVALID, "key is empty") }
            return HostServiceCalls.storeCall(err, cap) {
                try c.services.store.stateSet(instanceID: c.instanceID, key: string(key), value: bytes(value))
                return SB_OK
            }
        }
        table.pointee.kv_set_expiring = { ctx, key, value, expiresAt, err, cap in
            guard let c = InstanceContext.from(ctx), key.len > 0 else { return fail(err, cap, SB_ERR_INVALID, "key is empty") }
            return HostServiceCalls.storeCall(err, cap) {
                try c.services.store.stateSet(instanceID: c.instanceID, key: string(key), value: bytes(value), expiresAt: expiresAt > 0 ? expiresAt : nil)
                return SB_OK
            }
        }
        table.pointee.kv_delete = { ctx, key, err, cap in
            guard let c = InstanceContext.from(ctx) else { return fail(err, cap, SB_ERR_INVALID, "NULL context") }
            return HostServiceCalls.storeCall(err, cap) {
                try c.services.store.stateDelete(instanceID: c.instanceID, key: string(key))
                return SB_OK
            }
        }
        table.pointee.kv_scan = { ctx, prefix, after, limit, visit, user, err, cap in
            guard let c = InstanceContext.from(ctx), let visit else { return fail(err, cap, SB_ERR_INVALID, "NULL argument") }
            return HostServiceCalls.storeCall(err, cap) {
                let entries = try c.services.store.stateScan(instanceID: c.instanceID, prefix: string(prefix), after: string(after),
                                                               limit: Int(min(limit, 10_000)))
                for (key, value) in entries {
                    let stop = withStr(key) { k in value.withUnsafeBufferPointer { v -> Int32 in
                        visit(user, k, sb_str(ptr: v.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }, len: v.count))
                    } }
                    if stop != 0 { break }
                }
                return SB_OK
            }
        }
        table.pointee.credential_get = { ctx, id, secret, err, cap in
            secret?.pointee = nil
            guard let c = InstanceContext.any(ctx), let secret else { return fail(err, cap, SB_ERR_INVALID, "NULL argument") }
            let requested = string(id)
            guard c.credentialScope.withLock({ $0.admits(requested) }) else {
                // The id is an operator-chosen name, never a secret: safe to log.
                c.log.warn("credential_get refused: \"\(requested)\" is not named by this instance's configuration")
                return fail(err, cap, SB_ERR_DENIED, "credential \"\(requested)\" is not named by this instance's configuration")
            }
            return HostServiceCalls.storeCall(err, cap) {
                guard let value = try c.services.store.credentialSecret(id: requested) else {
                    writeError(err, cap, "no credential \"\(requested)\"")
                    return SB_ERR_NOT_FOUND
                }
                secret.pointee = makeBuffer(Array(value.utf8))
                return SB_OK
            }
        }
        table.pointee.timer_start = { ctx, delay, timerID, err, cap in
            guard let c = InstanceContext.from(ctx) else { return fail(err, cap, SB_ERR_INVALID, "NULL context") }
            let id = c.services.timers.schedule(after: delay, context: c)
            timerID?.pointee = id
            return SB_OK
        }
        table.pointee.timer_cancel = { ctx, timerID in
            guard let c = InstanceContext.from(ctx) else { return SB_ERR_INVALID }
            return c.services.timers.cancel(timerID) ? SB_OK : SB_ERR_NOT_FOUND
        }
        table.pointee.route_add = { ctx, method, path, err, cap in
            guard let c = InstanceContext.from(ctx) else { return fail(err, cap, SB_ERR_INVALID, "NULL context") }
            return HostServiceCalls.routeAdd(c, method: string(method), path: string(path), nonblocking: false, err, cap)
        }
        table.pointee.route_add_nonblocking = { ctx, method, path, err, cap in
            guard let c = InstanceContext.from(ctx) else { return fail(err, cap, SB_ERR_INVALID, "NULL context") }
            return HostServiceCalls.routeAdd(c, method: string(method), path: string(path), nonblocking: true, err, cap)
        }
        table.pointee.http_respond = { exchange, status, contentType, body in
            guard let exchange else { return }
            let e = PluginHTTPExchange.from(exchange)
            e.status = Int(status)
            e.contentType = contentType.len > 0 ? string(contentType) : nil
            e.body = bytes(body)
        }
        table.pointee.http_add_header = { exchange, name, value in
            guard let exchange else { return }
            PluginHTTPExchange.from(exchange).headers.append((string(name), string(value)))
        }
        table.pointee.emit_event = { ctx, conversationID, type, data, err, cap in
            guard let c = InstanceContext.from(ctx) else { return fail(err, cap, SB_ERR_INVALID, "NULL context") }
            return HostServiceCalls.emitEvent(c, string(conversationID), string(type), string(data), err, cap)
        }
        table.pointee.stack_turn = { ctx, conversationID, input, reply, err, cap in
            reply?.pointee = nil
            guard let c = InstanceContext.from(ctx), let reply else { return fail(err, cap, SB_ERR_INVALID, "NULL argument") }
            return HostServiceCalls.stackTurn(c, string(conversationID), string(input), reply, err, cap)
        }
        table.pointee.sidekick_ask = { ctx, conversationID, question, answer, err, cap in
            answer?.pointee = nil
            guard let c = InstanceContext.from(ctx), let answer else { return fail(err, cap, SB_ERR_INVALID, "NULL argument") }
            return HostServiceCalls.sidekickAsk(c, string(conversationID), string(question), answer, err, cap)
        }
        table.pointee.switch_channel = { ctx, conversationID, target, kind, value, err, cap in
            guard let c = InstanceContext.from(ctx) else { return fail(err, cap, SB_ERR_INVALID, "NULL context") }
            return HostServiceCalls.switchChannel(c, string(conversationID), string(target), string(kind), string(value), err, cap)
        }
        table.pointee.side_ingest = { ctx, message, result, err, cap in
            guard let c = InstanceContext.from(ctx), let message,
                  let m = readGrown(message, minimum: MemoryLayout<sb_side_inbound_message>.offset(of: \.sender_avatar_url)!) else {
                return fail(err, cap, SB_ERR_INVALID, "NULL argument, or sb_side_inbound_message.struct_size too small")
            }
            return HostServiceCalls.sideIngest(c, m, result, err, cap)
        }
        table.pointee.publish_status = { ctx, status, err, cap in
            guard let c = InstanceContext.from(ctx) else { return fail(err, cap, SB_ERR_INVALID, "NULL context") }
            return HostServiceCalls.publishStatus(c, string(status), err, cap)
        }
        fillLiveChannelServices(table)
        fillSharedAssetServices(table)
        table.pointee.c = CServicesTable.pointer
        table.pointee.message_edit = { ctx, providerID, text, format, err, cap in
            guard let c = InstanceContext.from(ctx) else { return fail(err, cap, SB_ERR_INVALID, "NULL context") }
            return HostServiceCalls.messageEdit(c, providerMessageID: string(providerID), text: string(text), format: format, err, cap)
        }
        return UnsafePointer(table)
    }()

    /// ABI 1.2 (see HostServiceCalls+Live).
    private static func fillLiveChannelServices(_ table: UnsafeMutablePointer<sb_host_api>) {
        table.pointee.stream_open = { ctx, exchange, contentType, heartbeat, heartbeatMs, id, err, cap in
            guard let c = InstanceContext.from(ctx), let exchange else { return fail(err, cap, SB_ERR_INVALID, "NULL argument") }
            return HostServiceCalls.streamOpen(c, PluginHTTPExchange.from(exchange), contentType: string(contentType),
                                               heartbeat: bytes(heartbeat), heartbeatMs: heartbeatMs, id, err, cap)
        }
        table.pointee.stream_send = { ctx, id, data, err, cap in
            guard let c = InstanceContext.from(ctx) else { return fail(err, cap, SB_ERR_INVALID, "NULL context") }
            return HostServiceCalls.streamSend(c, id, bytes(data), err, cap)
        }
        table.pointee.stream_close = { ctx, id in
            guard let c = InstanceContext.from(ctx) else { return }
            HostServiceCalls.streamClose(c, id)
        }
        table.pointee.conversation_messages = { ctx, conversationID, after, limit, json, err, cap in
            json?.pointee = nil
            guard let c = InstanceContext.from(ctx), let json else { return fail(err, cap, SB_ERR_INVALID, "NULL argument") }
            return HostServiceCalls.conversationMessages(c, string(conversationID), after: after, limit: limit, json, err, cap)
        }
        table.pointee.file_store = { ctx, name, contentType, data, attachment, err, cap in
            attachment?.pointee = nil
            guard let c = InstanceContext.from(ctx), let attachment else { return fail(err, cap, SB_ERR_INVALID, "NULL argument") }
            return HostServiceCalls.fileStore(c, name: string(name), contentType: string(contentType), data: bytes(data), attachment, err, cap)
        }
        table.pointee.switch_channel_to = { ctx, request, result, err, cap in
            guard let c = InstanceContext.from(ctx), let request,
                  let r = readGrown(request, minimum: MemoryLayout<sb_switch_request>.size) else {
                return fail(err, cap, SB_ERR_INVALID, "NULL argument, or sb_switch_request.struct_size too small")
            }
            return HostServiceCalls.switchChannelTo(c, r, result, err, cap)
        }
        table.pointee.switch_targets = { ctx, json, err, cap in
            json?.pointee = nil
            guard let c = InstanceContext.from(ctx), let json else { return fail(err, cap, SB_ERR_INVALID, "NULL argument") }
            return HostServiceCalls.switchTargets(c, json, err, cap)
        }
        table.pointee.outbox_kick = { ctx, conversationID, err, cap in
            guard let c = InstanceContext.from(ctx) else { return fail(err, cap, SB_ERR_INVALID, "NULL context") }
            return HostServiceCalls.outboxKick(c, string(conversationID), err, cap)
        }
    }
}

extension HostAPITable {
    /// ABI 1.3 (see HostServiceCalls+Assets).
    fileprivate static func fillSharedAssetServices(_ table: UnsafeMutablePointer<sb_host_api>) {
        table.pointee.claim_asset = { ctx, kind, assetID, field, err, cap in
            guard let c = InstanceContext.from(ctx) else { return fail(err, cap, SB_ERR_INVALID, "NULL context") }
            return HostServiceCalls.claimAsset(c, kind: string(kind), assetID: string(assetID), configField: string(field), err, cap)
        }
        table.pointee.route_add_shared = { ctx, connection, method, path, err, cap in
            guard let c = InstanceContext.from(ctx) else { return fail(err, cap, SB_ERR_INVALID, "NULL context") }
            return HostServiceCalls.routeAddShared(c, connection: string(connection), method: string(method), path: string(path), err, cap)
        }
        table.pointee.asset_owner = { ctx, kind, assetID, owner, err, cap in
            owner?.pointee = nil
            guard let c = InstanceContext.from(ctx), let owner else { return fail(err, cap, SB_ERR_INVALID, "NULL argument") }
            return HostServiceCalls.assetOwner(c, kind: string(kind), assetID: string(assetID), owner, err, cap)
        }
        table.pointee.find_message = { ctx, providerID, result, err, cap in
            guard let c = InstanceContext.from(ctx) else { return fail(err, cap, SB_ERR_INVALID, "NULL context") }
            return HostServiceCalls.findMessage(c, providerMessageID: string(providerID), result, err, cap)
        }
        table.pointee.report_delivery_until = { ctx, kind, value, watermark, status, count, err, cap in
            count?.pointee = 0
            guard let c = InstanceContext.from(ctx) else { return fail(err, cap, SB_ERR_INVALID, "NULL context") }
            return HostServiceCalls.reportDeliveryUntil(c, identity: Identity(kind: string(kind), value: string(value)), watermark: watermark,
                                                        status: status, count, err, cap)
        }
        table.pointee.switch_ticket_issue = { ctx, conversationID, kind, ttl, json, err, cap in
            json?.pointee = nil
            guard let c = InstanceContext.from(ctx), let json else { return fail(err, cap, SB_ERR_INVALID, "NULL argument") }
            return HostServiceCalls.switchTicketIssue(c, conversationID: string(conversationID), targetKind: string(kind), ttlMs: ttl, json, err, cap)
        }
        table.pointee.switch_ticket_redeem = { ctx, ticket, kind, value, conversation, err, cap in
            guard let c = InstanceContext.from(ctx) else { return fail(err, cap, SB_ERR_INVALID, "NULL context") }
            return HostServiceCalls.switchTicketRedeem(c, ticket: string(ticket), identity: Identity(kind: string(kind), value: string(value)),
                                                       conversation, err, cap)
        }
        table.pointee.side_message_update = { ctx, providerID, text, format, deleted, err, cap in
            guard let c = InstanceContext.from(ctx) else { return fail(err, cap, SB_ERR_INVALID, "NULL context") }
            return HostServiceCalls.sideMessageUpdate(c, providerMessageID: string(providerID), text: string(text), format: format,
                                                      deleted: deleted != 0, err, cap)
        }
        table.pointee.message_attachments_replace = { ctx, providerID, attachments, err, cap in
            guard let c = InstanceContext.from(ctx) else { return fail(err, cap, SB_ERR_INVALID, "NULL context") }
            return HostServiceCalls.replaceAttachments(c, providerMessageID: string(providerID), attachmentsJSON: string(attachments), err, cap)
        }
        table.pointee.contact_update = { ctx, kind, value, attributes, err, cap in
            guard let c = InstanceContext.from(ctx) else { return fail(err, cap, SB_ERR_INVALID, "NULL context") }
            return HostServiceCalls.contactUpdate(c, Identity(kind: string(kind), value: string(value)), attributesJSON: string(attributes), err, cap)
        }
        table.pointee.conversation_fields_update = { ctx, conversationID, fields, err, cap in
            guard let c = InstanceContext.from(ctx) else { return fail(err, cap, SB_ERR_INVALID, "NULL context") }
            return HostServiceCalls.conversationFieldsUpdate(c, conversationID: string(conversationID), fieldsJSON: string(fields), err, cap)
        }
        table.pointee.voice_step = { ctx, callSID, request, answer, err, cap in
            answer?.pointee = nil
            guard let c = InstanceContext.from(ctx), let answer else { return fail(err, cap, SB_ERR_INVALID, "NULL argument") }
            return HostServiceCalls.voiceStep(c, callSID: string(callSID), requestJSON: string(request), answer, err, cap)
        }
        fillAnswerLaterServices(table)
    }
}

// MARK: - helpers shared by the table entries

func writeError(_ err: UnsafeMutablePointer<CChar>?, _ cap: Int, _ message: String) {
    guard let err, cap > 0 else { return }
    let bytes = Array(message.utf8.prefix(cap - 1))
    if !bytes.isEmpty { bytes.withUnsafeBufferPointer { b in _ = memcpy(err, b.baseAddress!, b.count) } }
    err[bytes.count] = 0
}

func fail(_ err: UnsafeMutablePointer<CChar>?, _ cap: Int, _ status: Int32, _ message: String) -> sb_status {
    writeError(err, cap, message)
    return status
}

func bytes(_ s: sb_str) -> [UInt8] {
    guard let p = s.ptr, s.len > 0 else { return [] }
    return Array(UnsafeRawBufferPointer(start: p, count: s.len))
}

func optionalString(_ s: sb_str) -> String? { s.len > 0 ? string(s) : nil }

/// A host-allocated sb_buffer (NUL-terminated), released by buffer_free.
func makeBuffer(_ content: [UInt8]) -> UnsafeMutablePointer<sb_buffer> { CBuffer.make(content) }

/// Run body with s as a borrowed sb_str.
func withStr<R>(_ s: String, _ body: (sb_str) -> R) -> R {
    var copy = s
    return copy.withUTF8 { buffer in
        body(sb_str(ptr: buffer.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }, len: buffer.count))
    }
}
