import SwitchboardDomain
import SwitchboardPluginAPI
import SwitchboardSupport

/// The ABI 1.2 services for live customer-facing channels (see switchboard_plugin.h): push
/// streams, customer-visible history, uploaded files, switching by kind, waiting replies.
extension HostServiceCalls {
    static func streamOpen(_ c: InstanceContext, _ exchange: PluginHTTPExchange, contentType: String, heartbeat: [UInt8],
                           heartbeatMs: UInt32, _ id: UnsafeMutablePointer<UInt64>?,
                           _ err: UnsafeMutablePointer<CChar>?, _ cap: Int) -> sb_status {
        guard exchange.stream == nil, exchange.deferred == nil, exchange.inCall else {
            return fail(err, cap, SB_ERR_INVALID, "this exchange is already a stream, deferred, or its handle_http() returned")
        }
        let stream = c.services.streams.open(owner: ObjectIdentifier(c), heartbeat: heartbeat, heartbeatMs: Int(min(heartbeatMs, 600_000)))
        exchange.stream = stream
        exchange.status = 200
        exchange.contentType = contentType.isEmpty ? "text/event-stream" : contentType
        id?.pointee = stream.id
        c.services.metrics.increment("switchboard_plugin_streams_opened_total")
        return SB_OK
    }

    static func streamSend(_ c: InstanceContext, _ id: UInt64, _ bytes: [UInt8], _ err: UnsafeMutablePointer<CChar>?, _ cap: Int) -> sb_status {
        guard let stream = c.services.streams.stream(id, of: ObjectIdentifier(c)) else {
            return fail(err, cap, SB_ERR_NOT_FOUND, "stream \(id) has ended")
        }
        switch stream.send(bytes) {
        case .queued: return SB_OK
        case .ended: return fail(err, cap, SB_ERR_NOT_FOUND, "stream \(id) has ended")
        case .overflow: return fail(err, cap, SB_ERR_BUSY, "stream \(id): the client fell over \(PushStream.maxPendingBytes) bytes behind; ending it")
        }
    }

    static func streamClose(_ c: InstanceContext, _ id: UInt64) {
        c.services.streams.stream(id, of: ObjectIdentifier(c))?.close()
    }

    /// The connection of a stream ended (client gone, closed, or its instance stopping): forget
    /// it and tell the plugin once, unless the instance already told it while stopping.
    static func streamEnded(_ stream: PushStream, context: InstanceContext) {
        context.services.streams.remove(stream.id)
        guard stream.markEnded() else { return }
        _ = context.runtime?.call { descriptor, instance in descriptor.on_stream_closed?(instance, stream.id) }
    }

    static func conversationMessages(_ c: InstanceContext, _ conversationID: String, after: Int64, limit: UInt32,
                                     _ json: UnsafeMutablePointer<UnsafeMutablePointer<sb_buffer>?>,
                                     _ err: UnsafeMutablePointer<CChar>?, _ cap: Int) -> sb_status {
        storeCall(err, cap) {
            let count = limit == 0 ? 100 : Int(min(limit, 500))
            guard let history = try c.services.store.customerHistory(conversationID: conversationID, instanceID: c.instanceID,
                                                                     after: after, limit: count) else {
                return fail(err, cap, SB_ERR_NOT_FOUND, "no conversation \(conversationID) on channel instance \(c.instanceID)")
            }
            let conversation = history.conversation
            let kind = c.services.registry?.runtime(for: conversation.channelInstanceID)?.plugin.manifest.channelKind
                ?? ChannelKind.named(conversation.channelInstanceID)?.kind
            let body: JSON = .object([
                "conversation": .object([
                    "id": .string(conversation.id), "status": .string(conversation.status.rawValue),
                    "channel_instance_id": .string(conversation.channelInstanceID), "channel_kind": .from(kind),
                    "contact_id": .string(conversation.contactID), "assignee_name": .from(history.assigneeName),
                ]),
                "messages": .array(history.messages.map(customerMessageJSON)),
            ])
            json.pointee = makeBuffer(Array(body.serialized.utf8))
            return SB_OK
        }
    }

    static func customerMessageJSON(_ m: CustomerMessage) -> JSON {
        let message = m.message
        let attachments = message.attachmentsJSON.flatMap { try? JSON.parse($0) } ?? .array([])
        return .object([
            "id": .number(Double(message.id)), "direction": .string(message.direction.rawValue),
            "author_kind": .string(message.authorKind.rawValue), "author_name": .from(m.authorName),
            "text": .string(message.text), "format": .string(message.format.rawValue), "attachments": attachments,
            "created_at_ms": .number(Double(message.createdAt)), "delivery_status": .string(message.deliveryStatus.rawValue),
            "channel_instance_id": .string(message.channelInstanceID),
        ])
    }

    static func fileStore(_ c: InstanceContext, name: String, contentType: String, data: [UInt8],
                          _ attachment: UnsafeMutablePointer<UnsafeMutablePointer<sb_buffer>?>,
                          _ err: UnsafeMutablePointer<CChar>?, _ cap: Int) -> sb_status {
        do {
            let id = try c.services.store.storeFile(instanceID: c.instanceID, name: name, contentType: contentType, data: data)
            let base = c.services.registry?.publicBaseURL ?? ""
            let url = "\(base)/files/\(id)/\(FormURLEncoding.encodeComponent(name))"
            let body: JSON = .object(["name": .string(name), "content_type": .string(contentType), "size": .number(Double(data.count)),
                                      "url": .string(url)])
            attachment.pointee = makeBuffer(Array(body.serialized.utf8))
            return SB_OK
        } catch let error as FileStoreError {
            return fail(err, cap, SB_ERR_INVALID, error.description)
        } catch {
            return fail(err, cap, SB_ERR_IO, "store: \(error)")
        }
    }

    static func switchChannelTo(_ c: InstanceContext, _ r: sb_switch_request, _ result: UnsafeMutablePointer<sb_switch_result>?,
                                _ err: UnsafeMutablePointer<CChar>?, _ cap: Int) -> sb_status {
        guard let registry = c.services.registry else { return fail(err, cap, SB_ERR_BUSY, "the host is starting") }
        let switching = ChannelSwitching(registry: registry, store: c.services.store)
        do {
            let done = try switching.perform(conversationID: string(r.conversation_id), target: string(r.target),
                                             identityKind: optionalString(r.identity_kind), identityValue: optionalString(r.identity_value),
                                             reason: optionalString(r.reason), notice: optionalString(r.notice),
                                             actor: "channel:\(c.instanceID)")
            c.services.onOutboxChange()
            if let result, Int(result.pointee.struct_size) >= MemoryLayout<sb_switch_result>.size {
                result.pointee.waiting = done.waiting ? 1 : 0
                copyCString(done.target, into: &result.pointee.target_instance_id)
                copyCString(done.identity.kind, into: &result.pointee.identity_kind)
                copyCString(done.identity.value, into: &result.pointee.identity_value)
            }
            return SB_OK
        } catch let refusal as SwitchRefusal {
            return fail(err, cap, refusal.status, refusal.description)
        } catch {
            return fail(err, cap, SB_ERR_IO, "store: \(error)")
        }
    }

    static func switchTargets(_ c: InstanceContext, _ json: UnsafeMutablePointer<UnsafeMutablePointer<sb_buffer>?>,
                              _ err: UnsafeMutablePointer<CChar>?, _ cap: Int) -> sb_status {
        guard let registry = c.services.registry else { return fail(err, cap, SB_ERR_BUSY, "the host is starting") }
        let targets = ChannelSwitching(registry: registry, store: c.services.store).targets(excludingKind: c.services.registry?.runtime(for: c.instanceID)?.plugin.manifest.channelKind ?? c.pluginID)
        json.pointee = makeBuffer(Array(JSON.array(targets.map(\.json)).serialized.utf8))
        return SB_OK
    }

    static func outboxKick(_ c: InstanceContext, _ conversationID: String, _ err: UnsafeMutablePointer<CChar>?, _ cap: Int) -> sb_status {
        storeCall(err, cap) {
            if try c.services.store.kickOutbox(conversationID: conversationID) > 0 { c.services.onOutboxChange() }
            return SB_OK
        }
    }
}
