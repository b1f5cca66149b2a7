import SwitchboardDomain
import SwitchboardPluginAPI
import SwitchboardSupport

/// ABI 1.3 `validate_outbound`: before a reply is queued, the conversation's channel checks what it
/// would be given to deliver, so a reply it could never send (a WhatsApp template with a parameter
/// missing) is refused to the sender with the field named, instead of being accepted and failing
/// later. Channels without the hook, or not running now, accept everything, as before.
struct OutboundCheck {
    let registry: ChannelRegistry
    let store: Store

    enum Verdict: Equatable {
        case accepted
        /// `field` as the REST reply body names it ("rich.parameters[1]"); empty for the whole message.
        case refused(field: String, reason: String)
    }

    func check(_ reply: Reply, on conversation: Conversation) throws -> Verdict {
        guard let runtime = registry.runtime(for: conversation.channelInstanceID), runtime.plugin.validatesOutbound else { return .accepted }
        let manifest = runtime.plugin.manifest
        // Without an address on this channel the delivery fails with that reason; nothing to check here.
        guard let identity = try store.identity(contactID: conversation.contactID, kinds: manifest.identityKinds) else { return .accepted }
        let fitted = OutputFitting.fit(text: reply.text, format: reply.format, richJSON: reply.richJSON,
                                       attachmentsJSON: reply.attachmentsJSON, limits: manifest.outputLimits)
        var window = try store.replyWindow(manifest.replyWindow, conversationID: conversation.id, instanceID: runtime.record.id)
        if window.refusal(authorKind: reply.authorKind, channel: manifest.name) != nil { window = .none }
        var field = [CChar](repeating: 0, count: 256)
        var reason = [CChar](repeating: 0, count: 512)
        let status: sb_status? = runtime.call { descriptor, instance in
            guard let validate = descriptor.validate_outbound else { return SB_OK }
            return withStr(conversation.id) { id in withStr("") { key in
            withStr(identity.kind) { kind in withStr(identity.value) { value in withStr(fitted.text) { text in
            withStr(fitted.richJSON ?? "") { rich in withStr(fitted.attachmentsJSON ?? "") { attachments in
            withStr(reply.authorKind.rawValue) { author in withStr(reply.authorID ?? "") { authorName in
                var message = sb_outbound_message(
                    struct_size: UInt32(MemoryLayout<sb_outbound_message>.size), abi_minor: UInt32(SB_ABI_MINOR),
                    conversation_id: id, message_id: 0, idempotency_key: key, attempt: 0, format: fitted.format.abiValue,
                    identity_kind: kind, identity_value: value, text: text, rich_json: rich, attachments_json: attachments,
                    author_kind: author, author_name: authorName, reply_window: window.abiValue, reserved: 0)
                return validate(instance, &message, &field, field.count, &reason, reason.count)
            } } } } } } } } }
        }
        guard let status, status != SB_OK else { return .accepted }
        guard status == SB_ERR_INVALID else {
            runtime.context.log.warn("validate_outbound failed (\(status)): \(InstanceRuntime.text(reason)); the reply is accepted")
            return .accepted
        }
        let why = InstanceRuntime.text(reason)
        return .refused(field: InstanceRuntime.text(field), reason: why.isEmpty ? "refused by channel \(runtime.record.id)" : why)
    }
}

extension PluginManifest {
    /// What the host fits a reply to before the plugin sees it (deliver and validate_outbound alike).
    var outputLimits: OutputLimits {
        OutputLimits(rich: capabilities.rich, files: capabilities.files, images: capabilities.images,
                     format: capabilities.format, maxTextLength: capabilities.maxTextLength)
    }
}
