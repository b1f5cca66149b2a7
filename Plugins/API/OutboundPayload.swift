import PluginKit

/// The JSON an integrator receives for one reply, in pull entries and webhook bodies alike.
enum OutboundPayload {
    /// One pull queue entry, as GET /messages returns it.
    static func pullEntry(_ message: OutboundMessage, cursor: UInt64, createdAtMs: Int64, host: PluginHost) -> JSON {
        var object: JSONObject = ["cursor": .string(String(cursor)), "delivery_id": .string(message.idempotencyKey)]
        append(message, to: &object, host: host)
        object["created_at"] = .string(Clock.iso8601(createdAtMs))
        return .object(object)
    }

    /// A push mode webhook body.
    static func webhookBody(_ message: OutboundMessage, host: PluginHost) -> JSON {
        var object: JSONObject = ["type": "message", "delivery_id": .string(message.idempotencyKey)]
        append(message, to: &object, host: host)
        object["attempt"] = .from(message.attempt)
        return .object(object)
    }

    private static func append(_ message: OutboundMessage, to object: inout JSONObject, host: PluginHost) {
        object["conversation_id"] = .string(message.conversationID)
        object["message_id"] = .from(message.messageID)
        object["external_id"] = .string(message.identityValue)
        object["text"] = .string(message.text)
        object["format"] = .string(message.format.name)
        object["rich"] = parsed(message.richJSON, as: "rich", host: host) { $0.objectValue != nil } ?? .null
        object["attachments"] = parsed(message.attachmentsJSON, as: "attachments", host: host) { $0.arrayValue != nil } ?? []
        object["author_kind"] = .string(message.authorKind)
        object["author_name"] = .string(message.authorName)
    }

    /// The host's JSON text as a value, nil when empty; malformed JSON is logged and dropped
    /// rather than passed on to the integrator.
    private static func parsed(_ text: String, as name: String, host: PluginHost, valid: (JSON) -> Bool) -> JSON? {
        guard !text.isEmpty else { return nil }
        if let value = try? JSON.parse(text), valid(value) { return value }
        host.log(.warn, "dropped malformed \(name) JSON from the host")
        return nil
    }
}
