import SwitchboardDomain
import SwitchboardPluginAPI
import SwitchboardSupport

/// The ABI 1.1 services: side-conversation replies and what a plugin publishes about itself.
extension HostServiceCalls {
    static func sideIngest(_ c: InstanceContext, _ m: sb_side_inbound_message, _ result: UnsafeMutablePointer<sb_ingest_result>?,
                           _ err: UnsafeMutablePointer<CChar>?, _ cap: Int) -> sb_status {
        guard let format = TextFormat(abiValue: m.format) else { return fail(err, cap, SB_ERR_INVALID, "format: unknown value \(m.format)") }
        let attachments = optionalString(m.attachments_json)
        if let attachments, (try? JSON.parse(attachments)) == nil { return fail(err, cap, SB_ERR_INVALID, "attachments_json: not valid JSON") }
        var inbound = SideInboundMessage(
            channelInstanceID: c.instanceID, sideConversationID: string(m.side_conversation_id),
            providerMessageID: string(m.provider_message_id), senderAddress: string(m.sender_address),
            senderName: optionalString(m.sender_name), text: string(m.text), format: format, attachmentsJSON: attachments)
        inbound.senderAvatarURL = optionalString(m.sender_avatar_url)
        let outcome: SideIngestResult
        do {
            outcome = try c.services.store.ingestSideMessage(inbound)
        } catch let error as SideConversationError {
            if case .notFound = error { return fail(err, cap, SB_ERR_NOT_FOUND, error.description) }
            return fail(err, cap, SB_ERR_INVALID, error.description)
        } catch {
            c.log.error("side_ingest failed: \(error)")
            return fail(err, cap, SB_ERR_IO, "could not store the message: \(error)")
        }
        fill(result, conversationID: outcome.sideConversationID, messageID: outcome.messageID, created: false)
        c.services.metrics.increment("switchboard_side_messages_ingested_total", labels: [("duplicate", outcome.duplicate ? "true" : "false")])
        return outcome.duplicate ? SB_DUPLICATE : SB_OK
    }

    static func publishStatus(_ c: InstanceContext, _ json: String, _ err: UnsafeMutablePointer<CChar>?, _ cap: Int) -> sb_status {
        guard (try? JSON.parse(json))?.objectValue != nil else { return fail(err, cap, SB_ERR_INVALID, "status_json: not a JSON object") }
        c.publishedStatus.withLock { $0 = json }
        return SB_OK
    }

    /// ABI 1.3: a participant edited or deleted their reply where they wrote it.
    static func sideMessageUpdate(_ c: InstanceContext, providerMessageID: String, text: String, format: Int32, deleted: Bool,
                                  _ err: UnsafeMutablePointer<CChar>?, _ cap: Int) -> sb_status {
        guard !providerMessageID.isEmpty else { return fail(err, cap, SB_ERR_INVALID, "provider_message_id is required") }
        guard let format = TextFormat(abiValue: format) else { return fail(err, cap, SB_ERR_INVALID, "format: unknown value \(format)") }
        guard deleted || !text.isEmpty else { return fail(err, cap, SB_ERR_INVALID, "text is empty: an edit gives the new text (or delete it)") }
        return storeCall(err, cap) {
            try c.services.store.updateSideReply(channelInstanceID: c.instanceID, providerMessageID: providerMessageID,
                                                 newText: deleted ? nil : text, format: format)
                ? SB_OK : fail(err, cap, SB_ERR_NOT_FOUND, "no side-conversation reply of this instance has provider id \(providerMessageID)")
        }
    }
}
