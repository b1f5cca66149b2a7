import PluginKit
import WebChatLogic

/// A request's visitor, proven by a visitor token the widget secret signed.
struct Visitor: Sendable {
    let id: String
    let identity: Identity
}

extension WebChatContext {
    /// The visitor a token stands for, or the 401 naming `field`.
    func visitor(token: String?, field: String = "visitor_token") throws(WidgetFailure) -> Visitor {
        guard let token, !token.isEmpty else { throw .unauthorized(field, "is required (send the token from POST /session)") }
        let loaded = self.loaded
        let verified: VisitorToken
        switch VisitorToken.verify(token, secret: loaded.secret, now: Clock.nowMillis() / 1000,
                                   lifetimeSeconds: loaded.config.visitorTokenLifetimeSeconds) {
        case .success(let t): verified = t
        case .failure(let refusal): throw .unauthorized(field, refusal.message)
        }
        let identity: Identity?
        do {
            identity = try store.identity(ofVisitor: verified.visitorID)
        } catch {
            host.log(.warn, "could not read visitor \(verified.visitorID): \(error)")
            throw .unavailable
        }
        // A token the secret signed always names a visitor this widget registered; without a record
        // (state lost) it still stands for the anonymous visitor it was issued to.
        return Visitor(id: verified.visitorID, identity: identity ?? .anonymous(verified.visitorID))
    }

    /// "Authorization: Bearer <visitor token>".
    func bearerVisitor(_ request: PluginHTTPRequest) throws(WidgetFailure) -> Visitor {
        var token: String?
        if let header = request.header("Authorization")?.trimmingASCIIWhitespace(), header.lowercased().hasPrefix("bearer ") {
            token = header.dropFirst(7).trimmingASCIIWhitespace()
        }
        return try visitor(token: token)
    }
}
