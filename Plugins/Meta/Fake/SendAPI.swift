import SwitchboardSupport
import SwitchboardTransport

/// `POST /<v>/<asset>/messages`: Messenger from a Page, Instagram from a professional account.
extension FakeGraphAPI {
    func send(from assetID: String, _ params: GraphParams) throws -> HTTPResponse {
        guard isAsset(assetID) else { throw GraphError.unsupported("POST", id: assetID) }
        let instagram = isInstagram(assetID)
        if state.withLock({ $0.withoutPermission.contains(assetID) }) { throw GraphError.noPermission(instagram: instagram) }
        let request = try SendRequest(params.fields, instagram: instagram)
        if let id = request.attachmentID, !state.withLock({ $0.uploads.contains { $0.attachmentID == id } }) {
            throw GraphError.param("Param message[attachment][payload][attachment_id] is not a valid attachment id: \(id)")
        }
        if state.withLock({ $0.unavailableUsers.contains(request.recipientID) }) { throw GraphError.unavailable }
        let lastWrote = state.withLock { $0.lastCustomerMessage["\(assetID)|\(request.recipientID)"] }
        try MessagingWindow.check(lastCustomerMessageMs: lastWrote, nowMs: now, humanAgent: request.isHumanAgent)

        let messageID = request.senderAction == nil ? GraphIDs.messageID() : ""
        let sent = SentMessage(assetID: assetID, body: .object(params.fields), recipientID: request.recipientID,
                               messagingType: request.messagingType, tag: request.tag, text: request.text,
                               attachmentID: request.attachmentID, attachmentURL: request.attachmentURL,
                               senderAction: request.senderAction, quickReplies: request.quickReplies, messageID: messageID)
        state.withLock { $0.sent.append(sent) }
        // A sender action is answered with the recipient only.
        var answer: JSONObject = ["recipient_id": .string(request.recipientID)]
        if !messageID.isEmpty { answer["message_id"] = .string(messageID) }
        return .json(200, .object(answer))
    }
}
