import SwitchboardDomain
import SwitchboardPluginAPI
import SwitchboardSupport

extension SwitchRefusal {
    /// The status a plugin sees.
    var status: sb_status {
        switch self {
        case .invalid: SB_ERR_INVALID
        case .unavailable: SB_ERR_DENIED
        case .notFound: SB_ERR_NOT_FOUND
        }
    }
}

/// ABI 1.3 switch tickets: a switch the customer completes on the other side (an m.me link).
extension HostServiceCalls {
    static func switchTicketIssue(_ c: InstanceContext, conversationID: String, targetKind: String, ttlMs: UInt64,
                                  _ json: UnsafeMutablePointer<UnsafeMutablePointer<sb_buffer>?>,
                                  _ err: UnsafeMutablePointer<CChar>?, _ cap: Int) -> sb_status {
        guard let registry = c.services.registry else { return fail(err, cap, SB_ERR_UNSUPPORTED, "no channel registry") }
        return storeCall(err, cap) {
            guard try c.services.store.conversation(id: conversationID) != nil else {
                return fail(err, cap, SB_ERR_NOT_FOUND, "no conversation \(conversationID)")
            }
            guard let target = ChannelSwitching(registry: registry, store: c.services.store).targets()
                    .first(where: { $0.kind == targetKind && $0.state == "available" }),
                  let instanceID = target.instanceID, let runtime = registry.runtime(for: instanceID) else {
                return fail(err, cap, SB_ERR_DENIED, "no running \(targetKind) channel")
            }
            let issued = try c.services.store.issueSwitchTicket(conversationID: conversationID, targetKind: targetKind,
                                                                ttlMs: Int64(clamping: ttlMs))
            // The target publishes how a customer reaches it ("https://m.me/<page>?ref=sbswitch.{ticket}").
            let template = runtime.context.publishedStatus.withLock { $0 }.flatMap { try? JSON.parse($0) }?["switch_link"]?.stringValue
            let link = template.map { $0.replacing("{ticket}", with: issued.ticket) }
            // The link as a QR code for a customer on a computer (scan it with the phone): drawn from
            // the link the host built itself, so nobody can have the host draw arbitrary content.
            let qr = link.flatMap(QRCode.init)?.svg(title: "Scan to continue on \(runtime.plugin.manifest.name)")
            let answer: JSON = ["ticket": .string(issued.ticket), "expires_at": .string(Clock.iso8601(issued.expiresAt)),
                                "link": link.map(JSON.string) ?? .null, "qr_svg": qr.map(JSON.string) ?? .null,
                                "target_instance_id": .string(instanceID)]
            json.pointee = makeBuffer(Array(answer.serialized.utf8))
            return SB_OK
        }
    }

    static func switchTicketRedeem(_ c: InstanceContext, ticket: String, identity: Identity, _ conversationOut: UnsafeMutablePointer<CChar>?,
                                   _ err: UnsafeMutablePointer<CChar>?, _ cap: Int) -> sb_status {
        guard let registry = c.services.registry, let runtime = registry.runtime(for: c.instanceID) else {
            return fail(err, cap, SB_ERR_UNSUPPORTED, "this instance is not running")
        }
        guard !ticket.isEmpty, !identity.kind.isEmpty, !identity.value.isEmpty else {
            return fail(err, cap, SB_ERR_INVALID, "ticket, identity_kind and identity_value are required")
        }
        let conversationID: String?
        do { conversationID = try c.services.store.useSwitchTicket(ticket, targetKind: runtime.plugin.manifest.channelKind) } catch {
            return fail(err, cap, SB_ERR_IO, "store: \(error)")
        }
        guard let conversationID else { return fail(err, cap, SB_ERR_NOT_FOUND, "unknown, used or expired switch ticket") }
        do {
            _ = try ChannelSwitching(registry: registry, store: c.services.store)
                .perform(conversationID: conversationID, target: c.instanceID, identityKind: identity.kind, identityValue: identity.value,
                         reason: "customer", notice: nil, actor: "customer")
        } catch let refusal as SwitchRefusal {
            return fail(err, cap, refusal.status, refusal.description)
        } catch {
            return fail(err, cap, SB_ERR_IO, "\(error)")
        }
        if let conversationOut { writeError(conversationOut, 64, conversationID) }   // a NUL-terminated copy, cut to fit
        c.services.onOutboxChange()
        return SB_OK
    }
}
