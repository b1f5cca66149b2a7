import PluginKit
import WebChatLogic

/// POST /session {visitor_token?, name?, email?, phone?, user_id?, user_hash?}
///   → {visitor_token, visitor_id, conversation_id|null, expires_at, contact, switched}
/// Starts a visitor or continues one (a reload, a new tab: the token from localStorage), records
/// what the pre-chat form asked, and links a visitor the site verified to their contact.
struct SessionRoute {
    let widget: WebChatContext

    func handle(_ request: PluginHTTPRequest) throws -> PluginHTTPResponse {
        let body = try RequestBody(request)
        let loaded = widget.loaded
        let config = loaded.config
        let nowMs = Clock.nowMillis()

        var continuing: Visitor?
        if let token = try body.string("visitor_token", max: 512), !token.isEmpty {
            continuing = try widget.visitor(token: token)
        }
        var identity = continuing?.identity
        if let userID = try body.string("user_id", max: UserHash.maxUserIDLength), !userID.isEmpty {
            guard let hash = try body.string("user_hash", max: 128),
                  UserHash.verify(userID: userID, userHash: hash, secret: loaded.secret)
            else { throw WidgetFailure.unauthorized("user_hash", "does not match user_id: compute HMAC-SHA256(widget secret, user_id) on your server") }
            let verified = Identity.verified(userID)
            // Someone else logged in on this browser: a new visitor, not the previous one's conversation.
            if identity != verified { continuing = nil; identity = verified }
        } else if identity?.kind == Identity.verifiedKind {
            // The site's user logged out: the browser must not keep acting as them.
            continuing = nil
            identity = nil
        }

        let details = try Details(body)
        // Only a new visitor costs the address anything: a reload or a new tab continues for free.
        if continuing == nil { try widget.limits.admit(.session, key: request.remoteAddress) }
        let visitorID = continuing?.id ?? VisitorToken.newVisitorID()
        let who = identity ?? .anonymous(visitorID)
        let known = try widget.store.state(who)
        for field in WidgetConfig.preChatFields where config.preChat[field] == .required {
            if details.value(field) == nil && Details.value(field, in: known) == nil {
                throw WidgetFailure.invalid(field, "is required by this widget's pre-chat form")
            }
        }
        if continuing == nil { try widget.store.register(visitor: visitorID, as: who) }
        let state = try widget.store.update(who) { state in
            details.apply(to: &state)
            state.lastActivityMs = nowMs
        }

        let token = VisitorToken(visitorID: visitorID, issuedAt: nowMs / 1000)
        var answer: JSONObject = [
            "visitor_token": .string(token.signed(secret: loaded.secret)), "visitor_id": .string(visitorID),
            "conversation_id": .from(state.conversationID),
            "expires_at": .string(Clock.iso8601(token.expiresAt(lifetimeSeconds: config.visitorTokenLifetimeSeconds) * 1000)),
            "verified": .bool(who.kind == Identity.verifiedKind), "seen_up_to": .from(state.seenUpTo),
            "contact": ["name": .from(state.name), "email": .from(state.email), "phone": .from(state.phone)],
        ]
        answer["switched"] = state.switched?.json ?? .null
        return .json(continuing == nil ? 201 : 200, .object(answer))
    }
}

/// The visitor's own details from the pre-chat form (or the site's script tag), checked.
struct Details {
    var name: String?
    var email: String?
    var phone: String?

    init(_ body: RequestBody) throws(WidgetFailure) {
        name = try body.string("name", max: 100).map { $0.trimmingASCIIWhitespace() }.flatMap { $0.isEmpty ? nil : $0 }
        if let raw = try body.string("email", max: 254), !raw.trimmingASCIIWhitespace().isEmpty {
            do { email = try SwitchKind.email.normalizedAddress(raw) } catch { throw .invalid("email", "must be an email address") }
        }
        if let raw = try body.string("phone", max: 32), !raw.trimmingASCIIWhitespace().isEmpty {
            do { phone = try SwitchKind.sms.normalizedAddress(raw) } catch {
                throw .invalid("phone", "must be a phone number in international form, like +15551234567")
            }
        }
    }

    func value(_ field: String) -> String? {
        switch field {
        case "name": name
        case "email": email
        default: phone
        }
    }

    static func value(_ field: String, in state: CustomerState) -> String? {
        switch field {
        case "name": state.name
        case "email": state.email
        default: state.phone
        }
    }

    /// New details replace old ones and are sent to the host with the next message.
    func apply(to state: inout CustomerState) {
        if let name, name != state.name { state.name = name; state.contactPending = true }
        if let email, email != state.email { state.email = email; state.contactPending = true }
        if let phone, phone != state.phone { state.phone = phone; state.contactPending = true }
    }
}
