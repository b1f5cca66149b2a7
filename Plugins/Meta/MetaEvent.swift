import PluginKit

/// One item of a Messenger/Instagram webhook's `messaging` (or `standby`) array, typed.
public struct MetaEvent: Sendable, Equatable {
    /// Who acted: the customer, or the business for an echo.
    public var senderID: String
    public var recipientID: String
    /// Meta's timestamp, Unix ms.
    public var timestampMs: Int64
    public var kind: Kind
    /// From a `standby` array: another app holds the thread (handover protocol); still the
    /// customer's message, so it is stored all the same.
    public var standby: Bool

    public enum Kind: Sendable, Equatable {
        case message(MetaMessage)
        case postback(Postback)
        /// A customer opened the thread from a link or an ad (messaging_referrals).
        case referral(JSONObject)
        case reaction(Reaction)
        /// Messages up to `watermarkMs` (and the listed ones) reached the customer.
        case delivery(mids: [String], watermarkMs: Int64?)
        /// Messenger reads by watermark; Instagram names the message read.
        case read(watermarkMs: Int64?, mid: String?)
    }

    public init(senderID: String, recipientID: String, timestampMs: Int64, kind: Kind, standby: Bool = false) {
        self.senderID = senderID
        self.recipientID = recipientID
        self.timestampMs = timestampMs
        self.kind = kind
        self.standby = standby
    }

    /// The customer in this event: the recipient of an echo, else the sender.
    public var customerID: String {
        if case .message(let message) = kind, message.isEcho { return recipientID }
        return senderID
    }
}

/// `message` of a messaging item.
public struct MetaMessage: Sendable, Equatable {
    public var mid: String
    public var text: String
    public var attachments: [MetaAttachment] = []
    public var quickReplyPayload: String?
    /// The message this one answers.
    public var replyToMID: String?
    /// Instagram: the story this message answers ({id, url}).
    public var replyToStory: JSONObject?
    public var referral: JSONObject?
    /// Sent by the business (our app or Meta's inbox), not the customer.
    public var isEcho = false
    public var appID: String?
    /// The customer unsent it.
    public var isDeleted = false
    /// Meta could not render it to us.
    public var isUnsupported = false

    public init(mid: String, text: String = "") {
        self.mid = mid
        self.text = text
    }
}

/// One of a message's attachments: `type` as Meta names it ("image", "story_mention", "fallback").
public struct MetaAttachment: Sendable, Equatable {
    public var type: String
    /// The CDN URL, when Meta gives one (not for every type).
    public var url: String?
    /// Fallback and share attachments carry a title.
    public var title: String?

    public init(type: String, url: String? = nil, title: String? = nil) {
        self.type = type
        self.url = url
        self.title = title
    }

    /// Media Switchboard keeps a copy of: Meta's CDN URLs expire.
    public var isDownloadable: Bool { ["image", "video", "audio", "file"].contains(type) }
}

/// A tapped button (`postback`).
public struct Postback: Sendable, Equatable {
    /// Newer webhooks give postbacks a mid; older ones do not.
    public var mid: String?
    public var title: String
    public var payload: String
    public var referral: JSONObject?

    public init(mid: String? = nil, title: String, payload: String, referral: JSONObject? = nil) {
        self.mid = mid
        self.title = title
        self.payload = payload
        self.referral = referral
    }
}

/// A customer reacting to (or withdrawing a reaction from) a message.
public struct Reaction: Sendable, Equatable {
    public var mid: String
    /// "react" or "unreact".
    public var action: String
    /// Meta's name ("love"), and the emoji itself.
    public var reaction: String
    public var emoji: String

    public init(mid: String, action: String, reaction: String, emoji: String) {
        self.mid = mid
        self.action = action
        self.reaction = reaction
        self.emoji = emoji
    }
}
