import PluginKit
import WebChatLogic

/// Messages as the widget sees them, in the shape of the host's history
/// (conversation_messages): {id, direction, author_kind, author_name, text, format, attachments,
/// created_at_ms}. Live pushes and replays use the same shape, so the widget has one renderer.
enum MessageEvents {
    static func reply(_ message: OutboundMessage, nowMs: Int64 = Clock.nowMillis()) -> JSON {
        [
            "id": .from(message.messageID), "direction": "outbound", "author_kind": .string(message.authorKind),
            "author_name": .string(message.authorName), "text": .string(message.text), "format": .string(message.format.name),
            "attachments": attachments(message.attachmentsJSON), "created_at_ms": .from(nowMs),
        ]
    }

    static func visitorMessage(id: Int64, text: String, attachmentsJSON: String?, name: String?, nowMs: Int64 = Clock.nowMillis()) -> JSON {
        [
            "id": .from(id), "direction": "inbound", "author_kind": "customer", "author_name": .from(name),
            "text": .string(text), "format": "plain", "attachments": attachments(attachmentsJSON ?? ""), "created_at_ms": .from(nowMs),
        ]
    }

    /// One history entry, keeping the fields the widget shows (not delivery internals).
    static func fromHistory(_ message: JSON) -> JSON? {
        guard let object = message.objectValue, object["id"]?.intValue != nil else { return nil }
        var kept = JSONObject()
        for key in ["id", "direction", "author_kind", "author_name", "text", "format", "attachments", "created_at_ms"] {
            kept[key] = object[key] ?? .null
        }
        return .object(kept)
    }

    static func event(_ message: JSON) -> String {
        ServerSentEvents.event("message", data: message.serialized, id: message["id"]?.intValue.map(Int64.init))
    }

    private static func attachments(_ text: String) -> JSON {
        guard !text.isEmpty, let parsed = try? JSON.parse(text), parsed.arrayValue != nil else { return .array([]) }
        return parsed
    }
}
