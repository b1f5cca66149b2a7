import PluginKit

/// Graph's error body, `{"error": {"message", "type", "code", "error_subcode"}}`, and what each
/// error means for a reply. Only a token or permission problem asks the operator to reconnect:
/// treating every error that way (Chatwoot #3133) hides real ones, and missing one (#14729)
/// leaves a dead channel that looks alive.
public struct GraphError: Error, Sendable, Equatable {
    public var httpStatus: Int
    public var message: String
    public var type: String
    public var code: Int
    public var subcode: Int

    public init(httpStatus: Int, message: String, type: String = "", code: Int = 0, subcode: Int = 0) {
        self.httpStatus = httpStatus
        self.message = message
        self.type = type
        self.code = code
        self.subcode = subcode
    }

    /// Reads Graph's error body; a body without one still gives the HTTP status.
    public init(httpStatus: Int, body: [UInt8]) {
        let error = (try? JSON.parse(body))?["error"]
        var message = error?["message"]?.stringValue ?? "Graph API answered HTTP \(httpStatus)"
        // WhatsApp puts what went wrong in error_data.details (Meta: branch on code and details).
        if let details = error?["error_data"]?["details"]?.stringValue, !details.isEmpty { message += ": " + details }
        self.init(httpStatus: httpStatus, message: message,
                  type: error?["type"]?.stringValue ?? "", code: error?["code"]?.intValue ?? 0,
                  subcode: error?["error_subcode"]?.intValue ?? 0)
    }

    /// Code 10 with this subcode is the messaging window, not a permission.
    public static let outsideWindowSubcode = 2018278
    /// Graph's throttling codes, WhatsApp's (130429 throughput, 131056 pair rate) among them.
    static let rateLimitCodes: Set<Int> = [4, 17, 32, 613, 80007, 130429, 131056]
    /// WhatsApp: more than 24 hours since the customer last wrote (only a template may go).
    public static let whatsAppOutsideWindowCode = 131047
    static let userUnavailableCode = 551
    static let userUnavailableSubcode = 1545041

    public enum Meaning: Sendable, Equatable {
        /// The token expired or lost a permission: nothing goes until the operator reconnects.
        case needsReconnect(reason: String)
        /// Temporary (rate limit, Meta's own failure): try again later.
        case retry(String)
        /// This message cannot go, the channel is fine.
        case rejected(String)
    }

    /// The request never got an answer (connection refused, timeout).
    public static func transport(_ error: any Error) -> GraphError {
        GraphError(httpStatus: 0, message: "could not reach Meta: \(error)")
    }

    public var meaning: Meaning {
        if httpStatus == 0 {
            return .retry(message)
        }
        if code == Self.whatsAppOutsideWindowCode {
            return .rejected("outside the customer service window, only a template may go: \(message)")
        }
        if subcode == Self.outsideWindowSubcode {
            return .rejected("outside the messaging window: \(message)")
        }
        if code == 190 || code == 10 || (200...299).contains(code) {
            return .needsReconnect(reason: "Meta refused the access token (code \(code)): \(message)")
        }
        if Self.rateLimitCodes.contains(code) || httpStatus == 429 {
            return .retry("Meta rate limit (code \(code)): \(message)")
        }
        if code == Self.userUnavailableCode || subcode == Self.userUnavailableSubcode {
            return .rejected(message)
        }
        if httpStatus >= 500 {
            return .retry("Meta failed (HTTP \(httpStatus)): \(message)")
        }
        return .rejected(message)
    }

    /// As a delivery outcome. A needed reconnect is a rejection too: retrying a revoked token
    /// only hammers Meta (the channel publishes the state, see `MetaStatus`).
    public var deliveryResult: DeliveryResult {
        let status = Int32(clamping: httpStatus)
        switch meaning {
        case .needsReconnect(let reason): return .rejected(detail: reason + " — reconnect the channel", providerStatus: status)
        case .retry(let detail): return .retry(detail: detail, providerStatus: status)
        case .rejected(let detail): return .rejected(detail: detail, providerStatus: status)
        }
    }
}
