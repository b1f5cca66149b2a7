import SwitchboardSupport

/// How long after the customer's last message a channel lets replies through (its manifest's
/// "reply_window"): Messenger and Instagram 24 h, and 7 days for a person's reply
/// (HUMAN_AGENT); WhatsApp 24 h. Channels without one have no rule.
public struct ReplyWindowRule: Sendable, Equatable {
    /// Any reply may go this long after the customer's last message.
    public var standardHours: Int
    /// A person's reply (not an Agent Stack's) may go this long; nil: no extension.
    public var humanHours: Int?
    /// A reply whose rich JSON has this "type" may go whatever the window (WhatsApp's
    /// "whatsapp_template": outside the window only a template may go), unless an Agent Stack
    /// wrote it: a stack never sends one on its own. The plugin checks it; the provider judges it.
    public var closedWindowRichType: String?
    /// A customer message that came from an ad (its rich JSON has a "referral") opens the window
    /// this long instead (WhatsApp's click-to-WhatsApp ads: 72 h); nil: no such rule.
    public var referralHours: Int?

    public init(standardHours: Int, humanHours: Int? = nil, closedWindowRichType: String? = nil, referralHours: Int? = nil) {
        self.standardHours = standardHours
        self.humanHours = humanHours
        self.closedWindowRichType = closedWindowRichType
        self.referralHours = referralHours
    }

    /// Whether this reply passes a closed window (see `closedWindowRichType`).
    public func passesClosedWindow(richJSON: String?, authorKind: AuthorKind) -> Bool {
        guard let type = closedWindowRichType, authorKind != .stack, let rich = richJSON, !rich.isEmpty else { return false }
        return (try? JSON.parse(rich))?["type"]?.stringValue == type
    }

    /// Where the window stands at `now` for a customer who last wrote at `lastCustomerAt`
    /// (the provider's timestamp; nil: they never wrote on this channel).
    /// `lastReferralAt`: the provider's time of the customer's last message from an ad (only
    /// read with `referralHours`).
    public func state(lastCustomerAt: Int64?, lastReferralAt: Int64? = nil, now: Int64) -> ReplyWindowState {
        guard let last = lastCustomerAt else { return .closed(closedAt: nil) }
        var standardEnd = last + Int64(standardHours) * 3_600_000
        if let referralHours, let referral = lastReferralAt { standardEnd = max(standardEnd, referral + Int64(referralHours) * 3_600_000) }
        if now < standardEnd { return .open(closesAt: standardEnd, humanClosesAt: humanHours.map { last + Int64($0) * 3_600_000 }) }
        if let humanHours, now < last + Int64(humanHours) * 3_600_000 { return .humanOnly(closesAt: last + Int64(humanHours) * 3_600_000) }
        return .closed(closedAt: max(standardEnd, last + Int64(humanHours ?? 0) * 3_600_000))
    }
}

/// Where a conversation's reply window stands on its current channel.
public enum ReplyWindowState: Sendable, Equatable {
    /// The channel has no window.
    case none
    /// Any reply may go until `closesAt`; a person's until `humanClosesAt` when the channel extends it.
    case open(closesAt: Int64, humanClosesAt: Int64?)
    /// Only a person's reply may go, until `closesAt`.
    case humanOnly(closesAt: Int64)
    /// Nothing may go (`closedAt` nil: the customer never wrote on this channel).
    case closed(closedAt: Int64?)

    /// Why a reply by this kind of author may not go now; nil when it may.
    public func refusal(authorKind: AuthorKind, channel: String) -> String? {
        switch self {
        case .none, .open: return nil
        case .humanOnly(let until):
            guard authorKind != .agent else { return nil }
            return "the reply window on \(channel) is open only for a person's reply until \(Clock.iso8601(until)): "
                + "an automated reply may go only within 24 hours of the customer's last message"
        case .closed(let at):
            return at.map { "the reply window on \(channel) closed at \(Clock.iso8601($0)): the customer must write again first" }
                ?? "the customer has not written on \(channel), so it cannot message them first"
        }
    }

    /// For the API and the web app's composer.
    public var json: JSON {
        switch self {
        case .none: return .null
        case .open(let closes, let human):
            return ["state": "open", "closes_at": .string(Clock.iso8601(closes)), "human_closes_at": human.map { .string(Clock.iso8601($0)) } ?? .null,
                    "allows": "any reply"]
        case .humanOnly(let closes):
            return ["state": "human_only", "closes_at": .string(Clock.iso8601(closes)), "human_closes_at": .string(Clock.iso8601(closes)),
                    "allows": "a person's reply (not an Agent Stack's)"]
        case .closed(let at):
            return ["state": "closed", "closed_at": at.map { .string(Clock.iso8601($0)) } ?? .null, "allows": "nothing until the customer writes again"]
        }
    }
}
