/// ABI 1.3: a channel action an Agent Stack takes (copied from `sb_action_request`). The host
/// already checked `argumentsJSON` against the action's schema in the manifest's "actions".
public struct ActionRequest: Sendable {
    public var conversationID: String
    /// The action's name, as the manifest declares it.
    public var action: String
    /// A JSON object that fits the action's "arguments" schema.
    public var argumentsJSON: String
    /// The customer's identity on this channel.
    public var identityKind: String
    public var identityValue: String
    /// Unique per action taken.
    public var idempotencyKey: String
    /// The Agent Stack's name; may be empty.
    public var authorName: String
    /// Where the reply window stands; nil when it is closed (a WhatsApp template may still go).
    public var replyWindow: ReplyWindow?

    public init(conversationID: String, action: String, argumentsJSON: String, identityKind: String, identityValue: String,
                idempotencyKey: String, authorName: String = "", replyWindow: ReplyWindow? = ReplyWindow.none) {
        self.conversationID = conversationID
        self.action = action
        self.argumentsJSON = argumentsJSON
        self.identityKind = identityKind
        self.identityValue = identityValue
        self.idempotencyKey = idempotencyKey
        self.authorName = authorName
        self.replyWindow = replyWindow
    }

    /// The arguments, parsed (an object; empty when the host sent none).
    public var arguments: JSONObject { (try? JSON.parse(argumentsJSON))?.objectValue ?? [:] }
}
