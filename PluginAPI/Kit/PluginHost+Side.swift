import SwitchboardPluginAPI

/// The ABI 1.1 services. On a 1.0 host they throw `.unsupported` (the table is too short).
extension PluginHost {
    /// Stores a participant's answer in a side conversation this instance carries; returns once it
    /// is committed. Throws `.notFound` for a side conversation this instance does not carry, and
    /// otherwise as `ingest` does (then do not acknowledge: the provider retries).
    public func ingestSide(_ message: SideInboundMessage) throws -> SideIngestOutcome {
        let ingest = try service(\.side_ingest, "side_ingest")
        var result = sb_ingest_result()
        result.struct_size = UInt32(MemoryLayout<sb_ingest_result>.size)
        let strings = [message.sideConversationID, message.providerMessageID, message.senderAddress, message.senderName ?? "",
                       message.text, message.attachmentsJSON ?? "", message.senderAvatarURL ?? ""]
        let status = try withSBStrs(strings) { s throws in
            var inbound = sb_side_inbound_message()
            inbound.struct_size = UInt32(MemoryLayout<sb_side_inbound_message>.size)
            inbound.abi_minor = UInt32(SB_ABI_MINOR)
            inbound.side_conversation_id = s[0]
            inbound.provider_message_id = s[1]
            inbound.sender_address = s[2]
            inbound.sender_name = s[3]
            inbound.text = s[4]
            inbound.format = message.format.rawValue
            inbound.attachments_json = s[5]
            inbound.sent_at_ms = message.sentAtMs ?? 0
            inbound.sender_avatar_url = s[6]
            return try call("side_ingest") { ingest(ctx, &inbound, &result, $0, $1) }
        }
        let side = stringFromCArray(result.conversation_id)
        return status == SB_DUPLICATE ? .duplicate(sideConversationID: side, messageID: result.message_id)
                                      : .stored(sideConversationID: side, messageID: result.message_id)
    }

    /// Publishes what an operator should see about this instance (a JSON object), shown as
    /// `plugin_status` on GET /api/v1/channels/{id}. Kept in the host's memory: publish after start.
    public func publishStatus(_ status: JSON) throws {
        let publish = try service(\.publish_status, "publish_status")
        try withSBStrs([status.serialized]) { s throws in try call("publish_status") { publish(ctx, s[0], $0, $1) } }
    }

    /// ABI 1.3: someone edited a reply they wrote into a side conversation (stored with
    /// `ingestSide` under `providerMessageID`): its text becomes `text`, marked edited. Throws
    /// `.notFound` when this instance stored no such reply.
    public func editSideReply(providerMessageID: String, text: String, format: TextFormat = .plain) throws {
        try updateSideReply(providerMessageID: providerMessageID, text: text, format: format, deleted: false)
    }

    /// ABI 1.3: someone deleted a reply they wrote: its content goes, its place stays, marked.
    public func deleteSideReply(providerMessageID: String) throws {
        try updateSideReply(providerMessageID: providerMessageID, text: "", format: .plain, deleted: true)
    }

    private func updateSideReply(providerMessageID: String, text: String, format: TextFormat, deleted: Bool) throws {
        let update = try service(\.side_message_update, "side_message_update")
        try withSBStrs([providerMessageID, text]) { s throws in
            try call("side_message_update") { update(ctx, s[0], s[1], format.rawValue, deleted ? 1 : 0, $0, $1) }
        }
    }
}
