import SwitchboardSupport

extension Store {
    /// Inside the step's write: what a step asks of the text channels, committed with the call's state
    /// so a crash keeps both or neither.
    /// - send SMS: the text goes out through the named instance, on the same conversation, which stays
    ///   on the call (the message is pinned to that instance in the outbox).
    /// - route to channel: the conversation moves to the named instance (same id, history, assignee),
    ///   the text its first message there, so the customer's answers thread back into it.
    /// A text that cannot go (the number belongs to another contact) is recorded as `voice.text_failed`.
    /// True when something was queued for the outbox.
    static func carryOutCallTexts(_ db: StoreConnection, call: VoiceCall, events: [IVREvent], now: Int64) throws -> Bool {
        let actor = "channel:\(call.instanceID)"
        var queued = false
        for event in events {
            let instance: String
            switch event {
            case .smsRequested(let named, _, _), .channelRouteRequested(let named, _, _): instance = named
            default: continue
            }
            do {
                if case .channelRouteRequested(_, let to, let text) = event {
                    try switchChannel(db, conversationID: call.conversationID, to: instance, identity: Identity(kind: "phone", value: to),
                                      actor: actor, reason: "voice flow \(call.flowID)", notice: text, waitingKind: nil)
                } else if case .smsRequested(_, _, let text) = event {
                    guard let conversation = try db.queryOne("SELECT \(Self.conversationColumns) FROM conversations WHERE id = ?",
                                                             [.text(call.conversationID)], Self.conversation)
                    else { throw ReplyError.conversationNotFound(call.conversationID) }
                    _ = try appendReply(db, Reply(conversationID: call.conversationID, authorKind: .system, authorID: nil, text: text),
                                        conversation: conversation, now: now, via: instance)
                }
                queued = true
            } catch let error as ReplyError {
                _ = try appendEvent(db, conversationID: call.conversationID, type: "voice.text_failed", actor: actor,
                                    data: ["call_sid": .string(call.callSID), "channel_instance_id": .string(call.instanceID),
                                           "instance": .string(instance), "error": .string(error.description)], now: now)
            }
        }
        return queued
    }
}
