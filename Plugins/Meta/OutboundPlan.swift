import PluginKit

/// How a reply may go, from the customer's reply window: inside 24 h a plain RESPONSE; past it,
/// inside 7 days, only a person's reply, tagged HUMAN_AGENT. No other tag is ever sent (Meta
/// retired the rest on 2026-04-27; using them is an error), and a bot never gets HUMAN_AGENT
/// (Meta's policy; Chatwoot #15887).
public enum MessagingType: Sendable, Equatable {
    case response
    case humanAgent

    /// nil: the reply may not go (a non-person past the standard window). An older host says
    /// `.none` and has not checked the window: answer as inside it and let Meta judge.
    public static func choose(window: ReplyWindow, authorKind: String) -> MessagingType? {
        switch window {
        case .open, .none: .response
        case .humanOnly: authorKind == "agent" ? .humanAgent : nil
        }
    }

    /// The Send API fields that say so.
    var fields: [(String, JSON)] {
        switch self {
        case .response: [("messaging_type", "RESPONSE")]
        case .humanAgent: [("messaging_type", "MESSAGE_TAG"), ("tag", "HUMAN_AGENT")]
        }
    }
}

/// The Send API bodies.
public enum MessageRequest {
    /// `{"recipient": {"id"}, "messaging_type", "tag"?, "message"}`.
    public static func message(to recipientID: String, type: MessagingType, _ message: JSON) -> JSON {
        var body: JSONObject = ["recipient": ["id": .string(recipientID)]]
        for (key, value) in type.fields { body[key] = value }
        body["message"] = message
        return .object(body)
    }

    /// `{"recipient": {"id"}, "sender_action": "typing_on"}`.
    public static func senderAction(to recipientID: String, _ action: String) -> JSON {
        ["recipient": ["id": .string(recipientID)], "sender_action": .string(action)]
    }

    /// A text message, with quick replies when there are any.
    public static func text(_ text: String, quickReplies: [QuickReply] = []) -> JSON {
        var message: JSONObject = ["text": .string(text)]
        if !quickReplies.isEmpty {
            message["quick_replies"] = .array(quickReplies.map { ["content_type": "text", "title": .string($0.title), "payload": .string($0.payload)] })
        }
        return .object(message)
    }

    /// An uploaded file, sent by its attachment id.
    public static func attachment(type: String, attachmentID: String) -> JSON {
        ["attachment": ["type": .string(type), "payload": ["attachment_id": .string(attachmentID)]]]
    }

    /// Meta's attachment type for a file's content type.
    public static func attachmentType(contentType: String) -> String {
        let type = contentType.lowercased()
        for kind in ["image", "video", "audio"] where type.hasPrefix(kind + "/") { return kind }
        return "file"
    }
}
