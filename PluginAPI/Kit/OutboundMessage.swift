/// A reply to deliver (copied from `sb_outbound_message`). The text is already fitted to the
/// channel's capabilities.
public struct OutboundMessage: Sendable {
    public var conversationID: String
    /// The host's id of the message.
    public var messageID: Int64
    /// The same on every attempt of this message: send it to the provider so a retry after a
    /// crash does not reach the customer twice.
    public var idempotencyKey: String
    /// 1 on the first attempt.
    public var attempt: Int
    public var format: TextFormat
    /// The customer's identity on this channel.
    public var identityKind: String
    public var identityValue: String
    public var text: String
    /// Empty unless the channel declared `.rich`.
    public var richJSON: String
    /// A JSON array of {name, content_type, size, url}; may be empty.
    public var attachmentsJSON: String
    /// "agent", "stack" or "system".
    public var authorKind: String
    /// May be empty.
    public var authorName: String

    public init(conversationID: String, messageID: Int64, idempotencyKey: String, attempt: Int = 1,
                format: TextFormat = .plain, identityKind: String, identityValue: String, text: String,
                richJSON: String = "", attachmentsJSON: String = "", authorKind: String = "agent",
                authorName: String = "") {
        self.conversationID = conversationID
        self.messageID = messageID
        self.idempotencyKey = idempotencyKey
        self.attempt = attempt
        self.format = format
        self.identityKind = identityKind
        self.identityValue = identityValue
        self.text = text
        self.richJSON = richJSON
        self.attachmentsJSON = attachmentsJSON
        self.authorKind = authorKind
        self.authorName = authorName
    }
}
