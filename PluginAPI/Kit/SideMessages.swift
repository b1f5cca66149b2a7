/// A side-conversation message to send (copied from `sb_side_message`, ABI 1.1): a private thread
/// the team opened from a customer conversation with someone outside it. Address it to
/// `participants`, never to the customer's identity (the customer is a participant only when
/// copied), and give it a reply address of your own so answers come back through
/// `PluginHost.ingestSide`.
public struct SideMessage: Sendable {
    public struct Participant: Sendable, Equatable {
        public var address: String
        public var name: String?
        /// "to" or "cc".
        public var role: String
        /// The customer of the parent conversation, copied at the agent's request.
        public var isCustomer: Bool

        public init(address: String, name: String? = nil, role: String = "to", isCustomer: Bool = false) {
            self.address = address
            self.name = name
            self.role = role
            self.isCustomer = isCustomer
        }
    }

    public var sideConversationID: String
    /// The customer conversation it belongs to.
    public var conversationID: String
    public var messageID: Int64
    /// The same on every attempt of this message.
    public var idempotencyKey: String
    public var attempt: Int
    public var format: TextFormat
    public var subject: String
    public var participants: [Participant]
    public var text: String
    /// A JSON array of {name, content_type, size, url}; may be empty.
    public var attachmentsJSON: String
    public var authorName: String
    /// Host 1.3: who the customer conversation is with (for the message's context); empty from older hosts.
    public var customerName: String

    public init(sideConversationID: String, conversationID: String, messageID: Int64, idempotencyKey: String, attempt: Int = 1,
                format: TextFormat = .plain, subject: String, participants: [Participant], text: String, attachmentsJSON: String = "",
                authorName: String = "", customerName: String = "") {
        self.sideConversationID = sideConversationID
        self.conversationID = conversationID
        self.messageID = messageID
        self.idempotencyKey = idempotencyKey
        self.attempt = attempt
        self.format = format
        self.subject = subject
        self.participants = participants
        self.text = text
        self.attachmentsJSON = attachmentsJSON
        self.authorName = authorName
        self.customerName = customerName
    }

    /// Participants from the host's JSON array; entries without an address are skipped.
    static func participants(json: String) -> [Participant] {
        ((try? JSON.parse(json))?.arrayValue ?? []).compactMap { item in
            guard let address = item["address"]?.stringValue, !address.isEmpty else { return nil }
            return Participant(address: address, name: item["name"]?.stringValue, role: item["role"]?.stringValue ?? "to",
                               isCustomer: item["customer"]?.boolValue ?? false)
        }
    }
}

/// A participant's answer in a side conversation, for `PluginHost.ingestSide` (mirrors
/// `sb_side_inbound_message`, ABI 1.1).
public struct SideInboundMessage: Sendable {
    /// The thread, as the plugin matched it (its reply address, the mail's headers).
    public var sideConversationID: String
    /// The dedupe key, as for `InboundMessage`.
    public var providerMessageID: String
    public var senderAddress: String
    public var senderName: String?
    public var text: String
    public var format: TextFormat
    public var attachmentsJSON: String?
    public var sentAtMs: Int64?
    /// Host 1.3: the sender's picture, a URL `PluginHost.storeFile` returned (the agents' web app
    /// shows only the host's own files). Ignored by older hosts.
    public var senderAvatarURL: String?

    public init(sideConversationID: String, providerMessageID: String, senderAddress: String, senderName: String? = nil, text: String,
                format: TextFormat = .plain, attachmentsJSON: String? = nil, sentAtMs: Int64? = nil, senderAvatarURL: String? = nil) {
        self.sideConversationID = sideConversationID
        self.providerMessageID = providerMessageID
        self.senderAddress = senderAddress
        self.senderName = senderName
        self.text = text
        self.format = format
        self.attachmentsJSON = attachmentsJSON
        self.sentAtMs = sentAtMs
        self.senderAvatarURL = senderAvatarURL
    }
}

/// What `PluginHost.ingestSide` did; both cases mean stored: acknowledge the provider.
public enum SideIngestOutcome: Sendable, Equatable {
    case stored(sideConversationID: String, messageID: Int64)
    case duplicate(sideConversationID: String, messageID: Int64)
}
