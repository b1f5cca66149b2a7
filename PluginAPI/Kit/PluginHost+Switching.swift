import SwitchboardPluginAPI

/// ABI 1.2: where to move a conversation (mirrors `sb_switch_request`).
public struct SwitchRequest: Sendable {
    public var conversationID: String
    /// A channel instance id, or a channel kind ("email", "sms", "whatsapp", "messenger").
    public var target: String
    /// The customer's address on the target; both empty to use the one the contact has.
    public var identityKind: String
    public var identityValue: String
    /// "customer" (they chose it), "idle" (automatic fallback), or a word of the plugin's.
    public var reason: String
    /// A message to the customer, sent on the target before the replies that were waiting.
    public var notice: String

    public init(conversationID: String, target: String, identityKind: String = "", identityValue: String = "",
                reason: String = "customer", notice: String = "") {
        self.conversationID = conversationID
        self.target = target
        self.identityKind = identityKind
        self.identityValue = identityValue
        self.reason = reason
        self.notice = notice
    }
}

/// What a switch did (mirrors `sb_switch_result`).
public struct SwitchOutcome: Sendable, Equatable {
    /// The instance now carrying the conversation, or the kind when `waiting`.
    public var targetInstanceID: String
    /// The target kind has no plugin yet: replies wait in the outbox.
    public var waiting: Bool
    public var identityKind: String
    public var identityValue: String
}

extension PluginHost {
    /// ABI 1.2: moves a conversation to another channel, by instance or kind, with a reason and an
    /// optional notice. Throws `.denied` when the target's plugin is disabled or not running.
    public func switchChannel(_ request: SwitchRequest) throws -> SwitchOutcome {
        let move = try service(\.switch_channel_to, "switch_channel_to")
        var result = sb_switch_result()
        result.struct_size = UInt32(MemoryLayout<sb_switch_result>.size)
        try withSBStrs([request.conversationID, request.target, request.identityKind, request.identityValue,
                        request.reason, request.notice]) { s throws in
            var r = sb_switch_request(struct_size: UInt32(MemoryLayout<sb_switch_request>.size), abi_minor: UInt32(SB_ABI_MINOR),
                                      conversation_id: s[0], target: s[1], identity_kind: s[2], identity_value: s[3],
                                      reason: s[4], notice: s[5])
            try call("switch_channel_to") { move(ctx, &r, &result, $0, $1) }
        }
        return SwitchOutcome(targetInstanceID: stringFromCArray(result.target_instance_id), waiting: result.waiting != 0,
                             identityKind: stringFromCArray(result.identity_kind),
                             identityValue: stringFromCArray(result.identity_value))
    }

    /// ABI 1.2: the channel kinds a conversation can switch to now, as JSON text:
    /// [{"kind", "label", "identity_kind", "state": "available"|"planned", "instance_id"}].
    public func switchTargets() throws -> String {
        let targets = try service(\.switch_targets, "switch_targets")
        return try bufferCall("switch_targets", []) { _, json, err, cap in targets(ctx, json, err, cap) }
    }

    /// ABI 1.2: offers the replies waiting with `.wait` again now (the customer is back).
    public func kickOutbox(conversationID: String) throws {
        let kick = try service(\.outbox_kick, "outbox_kick")
        try withSBStrs([conversationID]) { s throws in try call("outbox_kick") { kick(ctx, s[0], $0, $1) } }
    }

    /// ABI 1.2: the customer-visible history of a conversation this instance carries or carried,
    /// as JSON text ({"conversation": {...}, "messages": [...]}, see switchboard_plugin.h):
    /// messages after `afterMessageID`, oldest first, at most `limit` (0 = 100).
    public func conversationMessages(conversationID: String, after afterMessageID: Int64 = 0, limit: UInt32 = 0) throws -> String {
        let read = try service(\.conversation_messages, "conversation_messages")
        return try bufferCall("conversation_messages", [conversationID]) { s, json, err, cap in
            read(ctx, s[0], afterMessageID, limit, json, err, cap)
        }
    }

    /// ABI 1.2: stores a customer's upload; returns the attachment object as JSON text
    /// ({"name", "content_type", "size", "url"}) for `InboundMessage.attachmentsJSON`.
    public func storeFile(name: String, contentType: String, data: [UInt8]) throws -> String {
        let store = try service(\.file_store, "file_store")
        var buffer: UnsafeMutablePointer<sb_buffer>?
        do {
            try withSBStrs([name, contentType]) { s throws in
                try withSBStr(bytes: data) { d throws in try call("file_store") { store(ctx, s[0], s[1], d, &buffer, $0, $1) } }
            }
        } catch {
            _ = consume(buffer)
            throw error
        }
        return String(decoding: consume(buffer), as: UTF8.self)
    }
}

/// A ticket for a switch the customer completes on the other side (ABI 1.3).
public struct SwitchTicket: Sendable, Equatable {
    public var ticket: String
    public var expiresAt: String
    /// The target channel's link with the ticket in it (an m.me link), when it publishes one.
    public var link: String?
    /// 1.3: `link` as a QR code (an SVG document the host drew), for a customer on a computer.
    public var qrSVG: String?
}

extension PluginHost {
    /// Issues a single-use ticket to move a conversation to a channel kind the customer must open
    /// themselves ("messenger"); hand them `link`. `ttlMs` 0: 30 minutes.
    public func issueSwitchTicket(conversationID: String, targetKind: String, ttlMs: UInt64 = 0) throws -> SwitchTicket {
        let issue = try service(\.switch_ticket_issue, "switch_ticket_issue")
        let json = try bufferCall("switch_ticket_issue", [conversationID, targetKind]) { s, buffer, err, cap in
            issue(ctx, s[0], s[1], ttlMs, buffer, err, cap)
        }
        let parsed = try JSON.parse(json)
        guard let ticket = parsed["ticket"]?.stringValue, let expires = parsed["expires_at"]?.stringValue else {
            throw PluginError.internal("switch_ticket_issue answered \(json)")
        }
        return SwitchTicket(ticket: ticket, expiresAt: expires, link: parsed["link"]?.stringValue,
                            qrSVG: parsed["qr_svg"]?.stringValue)
    }

    /// The customer arrived here with a ticket: moves its conversation to this instance with their
    /// identity here and returns the conversation's id (ingest their message into it); nil for an
    /// unknown, used or expired ticket (an ordinary first message).
    public func redeemSwitchTicket(_ ticket: String, identityKind: String, identityValue: String) throws -> String? {
        let redeem = try service(\.switch_ticket_redeem, "switch_ticket_redeem")
        var conversation = [CChar](repeating: 0, count: 64)
        do {
            try withSBStrs([ticket, identityKind, identityValue]) { s throws in
                try call("switch_ticket_redeem") { redeem(ctx, s[0], s[1], s[2], &conversation, $0, $1) }
            }
        } catch PluginError.notFound {
            return nil
        }
        return String(decoding: conversation.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
