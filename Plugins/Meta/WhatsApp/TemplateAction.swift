import PluginKit

/// The channel action `send_template` (WhatsApp): an Agent Stack sends an approved template
/// ({"name", "language", "parameters"}), what a closed 24-hour window still lets through. It is
/// the same request an agent's template reply makes (rich `whatsapp_template`), so `TemplateSend`
/// checks it against the synced templates before Meta is called.
enum TemplateAction {
    static let name = "send_template"

    static func message(_ request: ActionRequest) -> OutboundMessage {
        let arguments = request.arguments
        var rich: JSONObject = ["type": .string(TemplateSend.richType), "name": arguments["name"] ?? .null,
                                "language": arguments["language"] ?? .null]
        if let parameters = arguments["parameters"] { rich["parameters"] = parameters }
        if let buttons = arguments["buttons"] { rich["buttons"] = buttons }
        return OutboundMessage(conversationID: request.conversationID, messageID: 0, idempotencyKey: request.idempotencyKey,
                               identityKind: request.identityKind, identityValue: request.identityValue, text: "",
                               richJSON: JSON.object(rich).serialized, authorKind: "stack", authorName: request.authorName,
                               replyWindow: request.replyWindow ?? .none)
    }
}
