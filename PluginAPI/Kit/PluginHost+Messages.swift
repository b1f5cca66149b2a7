import SwitchboardPluginAPI

extension PluginHost {
    /// Stores a customer's message durably. Returns once it is committed: only then answer the
    /// provider with success. Throws (do not acknowledge, so the provider retries) on failure.
    public func ingest(_ message: InboundMessage) throws -> IngestOutcome {
        let ingest = try service(\.ingest, "ingest")
        var result = sb_ingest_result()
        result.struct_size = UInt32(MemoryLayout<sb_ingest_result>.size)
        let status = try Self.withInbound(message) { inbound throws in
            try call("ingest") { ingest(ctx, inbound, &result, $0, $1) }
        }
        return Self.outcome(status, result)
    }

    /// Runs body with the message as a borrowed sb_inbound_message.
    static func withInbound<R>(_ message: InboundMessage, _ body: (UnsafePointer<sb_inbound_message>) throws -> R) rethrows -> R {
        let strings = [message.identityKind, message.identityValue, message.providerMessageID, message.text,
                       message.displayName ?? "", message.richJSON ?? "", message.attachmentsJSON ?? "",
                       message.agentStack ?? "", message.conversationID ?? "", message.contactJSON ?? "",
                       message.alsoIdentity?.kind ?? "", message.alsoIdentity?.value ?? ""]
        return try withSBStrs(strings) { s throws in
            var inbound = sb_inbound_message()
            inbound.struct_size = UInt32(MemoryLayout<sb_inbound_message>.size)
            inbound.abi_minor = UInt32(SB_ABI_MINOR)
            inbound.identity_kind = s[0]
            inbound.identity_value = s[1]
            inbound.provider_message_id = s[2]
            inbound.text = s[3]
            inbound.format = message.format.rawValue
            inbound.display_name = s[4]
            inbound.rich_json = s[5]
            inbound.attachments_json = s[6]
            inbound.agent_stack = s[7]
            inbound.conversation_id = s[8]
            inbound.sent_at_ms = message.sentAtMs ?? 0
            inbound.new_conversation = message.startNewConversation ? 1 : 0
            inbound.contact_json = s[9]
            inbound.origin = message.origin.rawValue
            inbound.also_identity_kind = s[10]
            inbound.also_identity_value = s[11]
            return try body(&inbound)
        }
    }

    static func outcome(_ status: sb_status, _ result: sb_ingest_result) -> IngestOutcome {
        let conversationID = stringFromCArray(result.conversation_id)
        if status == SB_DUPLICATE { return .duplicate(conversationID: conversationID, messageID: result.message_id) }
        return .stored(conversationID: conversationID, messageID: result.message_id,
                       createdConversation: result.created_conversation != 0)
    }

    /// Records a receipt the provider sent later for a message this instance delivered, named by
    /// the provider message id `deliver` returned. Throws `.notFound` for an unknown id.
    public func reportDelivery(providerMessageID: String, status: DeliveryStatus, detail: String = "") throws {
        let report = try service(\.report_delivery, "report_delivery")
        try withSBStrs([providerMessageID, detail]) { s throws in
            try call("report_delivery") { report(ctx, s[0], status.rawValue, s[1], $0, $1) }
        }
    }

    /// ABI 1.3: the customer edited a message they sent (ingested under `providerMessageID`): its
    /// text becomes `text`, marked edited. Throws `.notFound` when this instance stored no such
    /// customer message (ingest the edit as a new one then).
    public func editCustomerMessage(providerMessageID: String, text: String, format: TextFormat = .plain) throws {
        let edit = try service(\.message_edit, "message_edit")
        try withSBStrs([providerMessageID, text]) { s throws in
            try call("message_edit") { edit(ctx, s[0], s[1], format.rawValue, $0, $1) }
        }
    }
}

extension PluginHost {
    /// ABI 1.3: the attachments of a customer's message this instance stored (by the provider id it
    /// was ingested with) become `attachmentsJSON` (a JSON array, items as in
    /// `InboundMessage.attachmentsJSON`): media fetched again after a failed download. Throws
    /// `.notFound` when there is no such message, `.invalid` for anything but an array of objects.
    public func replaceAttachments(providerMessageID: String, attachmentsJSON: String) throws {
        let replace = try service(\.message_attachments_replace, "message_attachments_replace")
        try withSBStrs([providerMessageID, attachmentsJSON]) { s throws in
            try call("message_attachments_replace") { replace(ctx, s[0], s[1], $0, $1) }
        }
    }
}
