import SwitchboardDomain
import SwitchboardSupport

/// POST /api/v1/conversations/{id}/messages/{message_id}/refetch-media: a customer's media could
/// not be kept when it arrived (its attachment is stored `unavailable`, with the provider's media
/// id and the error); an agent asks the channel that received it to fetch it again (WhatsApp keeps
/// media 7 days). The plugin does it off the request (ABI 1.3 signal "media.refetch") and replaces
/// the message's attachments (`message_attachments_replace`); the thread shows the file when the
/// `message.attachments_replaced` event arrives, or the new error.
struct MediaRefetchEndpoint {
    let store: Store
    let registry: ChannelRegistry

    var routes: [Route] {
        [Route(method: "POST", pattern: "/api/v1/conversations/{id}/messages/{message_id}/refetch-media", access: .people, handler: refetch)]
    }

    func refetch(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let conversationID = r.parameter("id")
        guard try storeCall({ try store.conversation(id: conversationID, visibleTo: r.viewer) }) != nil else {
            throw .notFound("no conversation \(conversationID)")
        }
        guard let messageID = Int64(r.parameter("message_id")),
              let message = try storeCall({ try store.message(id: messageID) }), message.conversationID == conversationID else {
            throw .notFound("no message \(r.parameter("message_id")) in conversation \(conversationID)")
        }
        let attachments = message.attachmentsJSON.flatMap { try? JSON.parse($0) }?.arrayValue ?? []
        guard message.direction == .inbound, let providerID = message.providerMessageID,
              attachments.contains(where: { $0["unavailable"]?.boolValue == true }) else {
            throw APIError(status: 409, code: "nothing_to_fetch", message: "message \(messageID) has no customer media that is unavailable", field: "message_id")
        }
        guard registry.isRunning(message.channelInstanceID) else {
            throw APIError(status: 409, code: "channel_unavailable", message: "channel \(message.channelInstanceID), which received it, is not running")
        }
        let asked = ConversationSignals(registry: registry).send("media.refetch", data: ["message_id": .number(Double(messageID)),
                                                                                         "provider_message_id": .string(providerID),
                                                                                         "attachments": .array(attachments)],
                                                                 conversationID: conversationID, instanceID: message.channelInstanceID)
        return .json(202, ["message_id": .number(Double(messageID)), "requested": .bool(asked)])
    }
}
