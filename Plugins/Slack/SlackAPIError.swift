import PluginKit

/// Why a Web API call failed, and what that means for a side message: Slack's own error code is
/// kept, and the agent is told what to do about it (the panel shows the delivery detail).
enum SlackAPIError: Error, Equatable, CustomStringConvertible {
    /// `{"ok": false, "error": code}`, or HTTP 429 as "ratelimited" with its Retry-After.
    case slack(String, retryAfterMs: Int64?)
    case http(Int)
    case transport(String)
    case malformed(String)

    var description: String {
        switch self {
        case .slack(let code, _): "Slack: \(code)"
        case .http(let status): "Slack answered HTTP \(status)"
        case .transport(let why): "Slack unreachable: \(why)"
        case .malformed(let why): why
        }
    }

    /// Slack's error codes that mean the token no longer works: every call fails until an
    /// operator sets a new one.
    static let reconnectCodes: Set<String> = ["invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive",
                                              "no_permission", "missing_scope", "team_access_not_granted"]
    /// Slack's own trouble: the same call may work later.
    static let transientCodes: Set<String> = ["internal_error", "fatal_error", "service_unavailable", "request_timeout"]

    /// What to tell the agent for Slack's error codes about the target.
    static let advice: [String: String] = [
        "channel_not_found": "the channel does not exist or is private without the app in it: invite the app (/invite @Switchboard) or pick another channel",
        "not_in_channel": "the app is not a member of the channel: invite it (/invite @Switchboard) and send again",
        "is_archived": "the channel is archived: pick another channel",
        "user_not_found": "no such Slack user in this workspace: pick the person again",
        "users_not_found": "one of the people is not in this workspace: pick them again",
        "user_disabled": "that Slack account is deactivated: pick someone else",
        "cannot_dm_bot": "a bot cannot be messaged: pick a person",
        "too_many_users": "a group message takes at most 8 people: use a channel instead",
        "msg_too_long": "the message is too long for Slack: shorten it",
        "restricted_action": "the workspace does not let the app post there: ask a Slack admin",
    ]

    enum Meaning: Equatable {
        case retry(String)
        case wait(String, afterMs: Int64)
        case rejected(String)
        /// The token is refused: the operator must reconnect the instance.
        case reconnect(String)
    }

    var meaning: Meaning {
        switch self {
        case .slack("ratelimited", let after):
            return .wait("Slack: ratelimited", afterMs: after ?? 30_000)
        case .slack(let code, _) where Self.reconnectCodes.contains(code):
            return .reconnect("Slack: \(code) — the bot token was refused: reconnect the Slack channel (a new bot token in its credential)")
        case .slack(let code, _) where Self.transientCodes.contains(code):
            return .retry("Slack: \(code)")
        case .slack(let code, _):
            return .rejected("Slack: \(code)" + (Self.advice[code].map { " — " + $0 } ?? ""))
        case .http(let status) where status >= 500 || status == 408:
            return .retry(description)
        case .http:
            return .rejected(description)
        case .transport, .malformed:
            return .retry(description)
        }
    }

    /// The delivery result for a side message that failed this way.
    var deliveryResult: DeliveryResult {
        switch meaning {
        case .retry(let why): .retry(detail: why)
        case .wait(let why, let afterMs): .wait(detail: why, retryAfterMs: UInt32(clamping: afterMs))
        case .rejected(let why), .reconnect(let why): .rejected(detail: why)
        }
    }

    /// Retry-After is whole seconds; absent or unreadable, Slack's usual minute-window guess.
    static func retryAfterMs(_ header: String?) -> Int64 {
        guard let header, let seconds = Int64(header.trimmingASCIIWhitespace()), seconds >= 0 else { return 30_000 }
        return min(seconds, 3_600) * 1000
    }
}
