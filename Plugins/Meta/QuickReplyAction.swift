import PluginKit

/// The channel action `offer_quick_replies` (Messenger, Instagram): a question and up to 13 short
/// answers the customer taps. It becomes an ordinary reply whose rich content is a simple choice,
/// so `RichReply` turns it into the Send API's quick replies and it is sent like any reply.
enum QuickReplyAction {
    static let name = "offer_quick_replies"

    /// The host checked the arguments against the manifest's schema ({"text", "options": […]}).
    static func message(_ request: ActionRequest, window: ReplyWindow) throws -> OutboundMessage {
        let arguments = request.arguments
        guard let text = arguments["text"]?.stringValue, !text.isEmpty else { throw PluginError.invalid(field: "arguments.text", message: "is required") }
        let options = arguments["options"]?.arrayValue?.compactMap(\.stringValue) ?? []
        guard (1...RichReply.maxQuickReplies).contains(options.count) else {
            throw PluginError.invalid(field: "arguments.options", message: "must give 1 to \(RichReply.maxQuickReplies) answers")
        }
        let rich: JSON = ["quick_replies": .array(options.map { ["title": .string($0), "payload": .string($0)] })]
        return OutboundMessage(conversationID: request.conversationID, messageID: 0, idempotencyKey: request.idempotencyKey,
                               identityKind: request.identityKind, identityValue: request.identityValue, text: text,
                               richJSON: rich.serialized, authorKind: "stack", authorName: request.authorName, replyWindow: window)
    }
}
