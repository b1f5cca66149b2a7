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
    /// ABI 1.3: where the customer's reply window stands (channels whose manifest declares a
    /// "reply_window"); the host already refused what may not go. `.none` from older hosts.
    public var replyWindow: ReplyWindow

    public init(conversationID: String, messageID: Int64, idempotencyKey: String, attempt: Int = 1,
                format: TextFormat = .plain, identityKind: String, identityValue: String, text: String,
                richJSON: String = "", attachmentsJSON: String = "", authorKind: String = "agent",
                authorName: String = "", replyWindow: ReplyWindow = .none) {
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
        self.replyWindow = replyWindow
    }
}

/// ABI 1.3: the customer's reply window as a reply leaves (mirrors `SB_WINDOW_*`).
public enum ReplyWindow: Int32, Sendable {
    /// The channel declares no window, or the host is older than 1.3.
    case none = 0
    /// Inside the standard window: any reply may go.
    case open = 1
    /// Past the standard window, inside the extension a person's reply may use (Messenger's
    /// HUMAN_AGENT tag); the host sends only people's replies then.
    case humanOnly = 2
}
