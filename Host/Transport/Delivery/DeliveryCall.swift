import SwitchboardDomain
import SwitchboardPluginAPI
import SwitchboardSupport

/// The crossing into a channel plugin's deliver() for one outbox entry, and what its answer means.
extension DeliveryWorker {
    enum Outcome {
        /// The provider's id, and where the message can be seen there (ABI 1.3 `link`), when given.
        case sent(String?, link: String?)
        case retry(String)
        case rejected(String)
        /// The customer cannot receive it now: queued without spending an attempt (ABI 1.2).
        /// `shown`: they have it on screen, unconfirmed; later replies may pass it.
        case wait(String, afterMs: Int64, shown: Bool)
        case notRunning
    }

    /// One crossing into the plugin with borrowed strings.
    static func deliver(runtime: InstanceRuntime, entry: OutboxEntry, message: Message, identity: Identity,
                        fitted: FittedOutput, window: ReplyWindowState) -> Outcome {
        var result = sb_delivery_result()
        result.struct_size = UInt32(MemoryLayout<sb_delivery_result>.size)
        var errorBuffer = [CChar](repeating: 0, count: 512)
        let status: sb_status? = runtime.call { descriptor, instance in
            withStr(entry.conversationID) { conversation in withStr(entry.idempotencyKey) { key in
            withStr(identity.kind) { kind in withStr(identity.value) { value in withStr(fitted.text) { text in
            withStr(fitted.richJSON ?? "") { rich in withStr(fitted.attachmentsJSON ?? "") { attachments in
            withStr(message.authorKind.rawValue) { author in withStr(message.authorID ?? "") { authorName in
                var outbound = sb_outbound_message(
                    struct_size: UInt32(MemoryLayout<sb_outbound_message>.size), abi_minor: UInt32(SB_ABI_MINOR),
                    conversation_id: conversation, message_id: message.id, idempotency_key: key,
                    attempt: Int32(entry.attempts + 1), format: fitted.format.abiValue, identity_kind: kind, identity_value: value,
                    text: text, rich_json: rich, attachments_json: attachments, author_kind: author, author_name: authorName,
                    reply_window: window.abiValue, reserved: 0)
                return descriptor.deliver(instance, &outbound, &result, &errorBuffer, errorBuffer.count)
            } } } } } } } } }
        }
        guard let status else { return .notRunning }
        return outcome(status: status, result: result, errorBuffer: errorBuffer)
    }

    /// What a deliver() (or deliver_side()) call's status and result say happened.
    static func outcome(status: sb_status, result: sb_delivery_result, errorBuffer: [CChar]) -> Outcome {
        if status != SB_OK { return .retry("plugin error \(status): \(InstanceRuntime.text(errorBuffer))") }
        let providerID = withUnsafeBytes(of: result.provider_message_id) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        let detail = withUnsafeBytes(of: result.detail) { raw in String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self) }
        let described = result.provider_status > 0 ? "provider answered \(result.provider_status): \(detail)" : detail
        switch result.outcome {
        case SB_DELIVERY_SENT:
            let link = withUnsafeBytes(of: result.link) { raw in String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self) }
            return .sent(providerID.isEmpty ? nil : providerID, link: link.isEmpty ? nil : link)
        case SB_DELIVERY_REJECTED: return .rejected(described)
        case SB_DELIVERY_WAIT: return .wait(detail, afterMs: Int64(result.retry_after_ms), shown: result.wait_flags & UInt32(SB_WAIT_SHOWN) != 0)
        default: return .retry(described)
        }
    }
}

extension ReplyWindowState {
    /// SB_WINDOW_* for sb_outbound_message.reply_window (closed never reaches a plugin).
    var abiValue: Int32 {
        switch self {
        case .none, .closed: SB_WINDOW_NONE
        case .open: SB_WINDOW_OPEN
        case .humanOnly: SB_WINDOW_HUMAN
        }
    }
}
