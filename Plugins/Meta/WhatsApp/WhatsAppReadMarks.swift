import PluginKit

/// Blue ticks when an agent has read the customer's messages (the instance's `mark_read`, off by
/// default): the customer's newest message of each conversation is remembered as it arrives
/// (unread/<conversation id>, {wamid, at}), and marked read at Meta when an agent opens the
/// conversation (the host's "conversation.viewed" signal). Meta marks every earlier message of
/// the chat read with it. Never on arrival: a message nobody has looked at is not "read".
struct WhatsAppReadMarks {
    let host: PluginHost

    static let prefix = "unread/"

    /// After a customer's message was stored (in the owner's state, which the signal later reads).
    func remember(_ wamid: String, conversationID: String) {
        guard host.storedString(WhatsAppChannel.markReadKey) == "1" else { return }
        let entry: JSON = ["wamid": .string(wamid), "at": .from(Clock.nowMillis())]
        do { try host.kvSet(Self.prefix + conversationID, entry.serialized) } catch {
            host.log(.info, "whatsapp: could not remember \(wamid) to mark read: \(error)")
        }
    }

    /// Erased conversations (ABI 1.3 "contact.erased"): the customer's message ids go with them.
    func forget(_ conversationIDs: [String]) throws {
        for id in conversationIDs { try host.kvDelete(Self.prefix + id) }
    }

    /// An agent opened the conversation: its newest unread customer message goes to Meta as read.
    /// Best effort; a failure is logged and tried again at the next view.
    func viewed(conversationID: String, graph: GraphClient, phoneNumberID: String) {
        let key = Self.prefix + conversationID
        guard let wamid = host.storedString(key).flatMap({ try? JSON.parse($0) })?["wamid"]?.stringValue else { return }
        let body: JSON = ["messaging_product": "whatsapp", "status": "read", "message_id": .string(wamid)]
        switch graph.post("\(phoneNumberID)/messages", json: body, timeoutMs: 2_000) {
        case .success:
            // A newer message that arrived meanwhile stays for the next view.
            if (host.storedString(key).flatMap { try? JSON.parse($0) })?["wamid"]?.stringValue == wamid { try? host.kvDelete(key) }
        case .failure(let error):
            host.log(.info, "whatsapp: could not mark \(wamid) read: \(error.message)")
        }
    }
}
