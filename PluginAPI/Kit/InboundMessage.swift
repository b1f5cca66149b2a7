/// A customer's message to store with `PluginHost.ingest` (mirrors `sb_inbound_message`).
public struct InboundMessage: Sendable {
    /// With `identityValue`, names the customer on this channel ("phone" + "+15551234567").
    public var identityKind: String
    public var identityValue: String
    /// The provider's id of the message: the host stores at most one message per id and instance,
    /// so a provider's retry is answered `.duplicate`.
    public var providerMessageID: String
    /// May be empty when attachments are present.
    public var text: String
    public var format: TextFormat
    /// The customer's name as the provider gave it.
    public var displayName: String?
    /// Rich content, a JSON object.
    public var richJSON: String?
    /// A JSON array of {name, content_type, size, url}.
    public var attachmentsJSON: String?
    /// The Agent Stack the conversation should use.
    public var agentStack: String?
    /// Continue this conversation (it must belong to the contact).
    public var conversationID: String?
    /// The provider's timestamp in Unix ms; nil means now.
    public var sentAtMs: Int64?
    /// Host 1.1: open a new conversation even when the customer has an open one on this instance
    /// (an email that answers no earlier one). Ignored with `conversationID`, and by 1.0 hosts.
    public var startNewConversation: Bool
    /// Host 1.2: what the customer told about themselves, a JSON object of strings
    /// ({"name", "email", "phone"}), merged into the contact's attributes. Ignored by older hosts.
    public var contactJSON: String?
    /// Host 1.3: who wrote it. `.business`: sent to the customer outside Switchboard (the
    /// provider's own inbox app), stored as an outbound message by `displayName`. Older hosts
    /// would store it as the customer's: check `PluginHost.abiMinor >= 3` before ingesting one.
    public var origin: MessageOrigin
    /// Host 1.3: a second identity of the same customer that the provider vouches for (WhatsApp's
    /// phone number beside the business-scoped user id), as (kind, value). The host links it to
    /// the contact when nobody else holds it; a new customer holding it already joins that contact.
    /// Never one the customer typed. Ignored by older hosts.
    public var alsoIdentity: (kind: String, value: String)?

    public init(identityKind: String, identityValue: String, providerMessageID: String, text: String,
                format: TextFormat = .plain, displayName: String? = nil, richJSON: String? = nil,
                attachmentsJSON: String? = nil, agentStack: String? = nil, conversationID: String? = nil,
                sentAtMs: Int64? = nil, startNewConversation: Bool = false, contactJSON: String? = nil,
                origin: MessageOrigin = .customer, alsoIdentity: (kind: String, value: String)? = nil) {
        self.identityKind = identityKind
        self.identityValue = identityValue
        self.providerMessageID = providerMessageID
        self.text = text
        self.format = format
        self.displayName = displayName
        self.richJSON = richJSON
        self.attachmentsJSON = attachmentsJSON
        self.agentStack = agentStack
        self.conversationID = conversationID
        self.sentAtMs = sentAtMs
        self.startNewConversation = startNewConversation
        self.contactJSON = contactJSON
        self.origin = origin
        self.alsoIdentity = alsoIdentity
    }
}

/// Host 1.3: who wrote an inbound message (mirrors `SB_ORIGIN_*`).
public enum MessageOrigin: Int32, Sendable {
    case customer = 0
    /// The business, from the provider's own app: an echo the host stores as outbound.
    case business = 1
}

/// What `PluginHost.ingest` did. Both cases mean the message is durably stored: answer the
/// provider with success.
public enum IngestOutcome: Sendable, Equatable {
    /// Newly stored; `createdConversation` when it opened a new conversation.
    case stored(conversationID: String, messageID: Int64, createdConversation: Bool)
    /// Stored earlier under the same provider message id; nothing new was stored.
    case duplicate(conversationID: String, messageID: Int64)

    public var conversationID: String {
        switch self {
        case .stored(let id, _, _), .duplicate(let id, _): id
        }
    }

    /// The host's id of the message.
    public var messageID: Int64 {
        switch self {
        case .stored(_, let id, _), .duplicate(_, let id): id
        }
    }
}
