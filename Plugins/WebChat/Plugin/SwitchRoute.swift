import PluginKit
import WebChatLogic

/// POST /switch {kind, address?} → {kind, target, waiting, identity_kind, identity_value}
/// The visitor continues the conversation on email, SMS, WhatsApp or Messenger (the kinds this
/// widget offers now). The address may be left out when the visitor gave one for that kind
/// before (the pre-chat form). The conversation keeps its id and history; the next reply goes
/// out on the new channel, and the widget says where the conversation went.
struct SwitchRoute {
    let widget: WebChatContext

    func handle(_ request: PluginHTTPRequest) throws -> PluginHTTPResponse {
        let visitor = try widget.bearerVisitor(request)
        let body = try RequestBody(request)
        let requested = try body.required("kind", max: 32)
        let offered = widget.offeredDestinations()
        guard let kind = SwitchKind(rawValue: requested), offered.contains(where: { $0.kind == kind }) else {
            let list = offered.map(\.kind.rawValue).joined(separator: ", ")
            throw WidgetFailure.conflict("kind", "\"\(requested)\" is not offered by this widget now (offered: \(list.isEmpty ? "none" : list))")
        }
        let state = try widget.store.state(visitor.identity)
        let available = offered.first { $0.kind == kind }?.state == "available"
        if kind.switchesByLink(available: available) { return try continueByLink(visitor.identity, state: state, kind: kind) }
        let given = try body.string("address", max: 254).map { $0.trimmingASCIIWhitespace() } ?? ""
        let address: String
        do {
            address = try kind.normalizedAddress(given.isEmpty ? (state.address(for: kind) ?? "") : given)
        } catch {
            throw WidgetFailure.invalid(given.isEmpty && state.address(for: kind) == nil ? FieldError("address", "is required for \(kind.rawValue)") : error)
        }
        guard let conversationID = state.conversationID else {
            throw WidgetFailure.conflict("conversation", "has not started yet: send a message first")
        }
        let outcome = try Switching(widget: widget).move(visitor.identity, conversationID: conversationID, to: kind, address: address,
                                                         reason: "customer", notice: "")
        return .json(200, ["kind": .string(kind.rawValue), "target": .string(outcome.targetInstanceID), "waiting": .bool(outcome.waiting),
                           "identity_kind": .string(outcome.identityKind), "identity_value": .string(outcome.identityValue)])
    }

    /// Messenger and WhatsApp: a single-use ticket in the Page's m.me link (the number's wa.me
    /// link); the conversation moves when the visitor's first message there arrives with it.
    /// → {kind, link, qr_svg, expires_at, waiting: false}: `qr_svg` is the link as a QR code the
    /// host drew, for a visitor on a computer (the widget shows it instead of opening the link).
    private func continueByLink(_ identity: Identity, state: CustomerState, kind: SwitchKind) throws -> PluginHTTPResponse {
        guard let conversationID = state.conversationID else {
            throw WidgetFailure.conflict("conversation", "has not started yet: send a message first")
        }
        let ticket: SwitchTicket
        do {
            ticket = try widget.host.issueSwitchTicket(conversationID: conversationID, targetKind: kind.rawValue)
        } catch PluginError.denied(let reason), PluginError.unsupported(let reason) {
            throw WidgetFailure.conflict("kind", "\(kind.rawValue) is not available: \(reason)")
        }
        guard let link = ticket.link else {
            throw WidgetFailure.conflict("kind", "\(kind.rawValue) publishes no link to continue on yet (is its Page or number connected?)")
        }
        let switched = SwitchedTo(kind: kind.rawValue, address: "", waiting: false, link: link, qrSVG: ticket.qrSVG)
        try widget.store.update(identity) { $0.switched = switched }
        widget.hub.send(ServerSentEvents.event("switched", data: switched.json.serialized), to: identity)
        return .json(200, ["kind": .string(kind.rawValue), "link": .string(link), "qr_svg": ticket.qrSVG.map(JSON.string) ?? .null,
                           "expires_at": .string(ticket.expiresAt), "waiting": false])
    }
}

/// Moving a visitor's conversation to another channel through the host (manual or fallback), and
/// telling the visitor's tabs where it went.
struct Switching {
    let widget: WebChatContext

    func move(_ identity: Identity, conversationID: String, to kind: SwitchKind, address: String, reason: String,
              notice: String) throws -> SwitchOutcome {
        let outcome: SwitchOutcome
        do {
            // The instance the widget names for the kind, else the kind (the host picks a running instance).
            let target = widget.config.switchInstances[kind] ?? kind.rawValue
            outcome = try widget.host.switchChannel(SwitchRequest(conversationID: conversationID, target: target,
                                                                  identityKind: kind.identityKind, identityValue: address,
                                                                  reason: reason, notice: notice))
        } catch PluginError.denied(let reason) {
            throw WidgetFailure.conflict("kind", "\(kind.rawValue) is not available: \(reason)")
        } catch PluginError.invalid(_, let reason) {
            throw WidgetFailure.invalid("address", "was refused: \(reason)")
        } catch PluginError.notFound(let reason) {
            throw WidgetFailure.notFound("the conversation is gone: \(reason)")
        }
        let switched = SwitchedTo(kind: kind.rawValue, address: outcome.identityValue.isEmpty ? address : outcome.identityValue,
                                  waiting: outcome.waiting)
        try widget.store.update(identity) { state in
            state.switched = switched
            // The address the visitor just gave is the one to offer next time.
            switch kind {
            case .email: state.email = switched.address
            case .sms, .whatsapp: state.phone = switched.address
            case .messenger: break
            }
        }
        widget.hub.send(ServerSentEvents.event("switched", data: switched.json.serialized), to: identity)
        return outcome
    }
}
