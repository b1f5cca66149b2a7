import PluginKit

/// Two small maps in an instance's key-value state:
///
///     conv/<conversation id> → the customer's PSID/IGSID   (typing indicators need the
///                                                           customer, a signal names only the
///                                                           conversation)
///     ours/<mid>             → Unix ms when sent           (every message id deliver got back,
///                                                           so the echoes of a multi-part reply
///                                                           are not stored a second time)
struct CustomerIndex {
    let host: PluginHost

    func remember(conversation: String, customer: String) {
        let key = "conv/" + conversation
        guard host.storedString(key) != customer else { return }
        do { try host.kvSet(key, customer) } catch { host.log(.warn, "could not remember the conversation's customer: \(error)") }
    }

    func customer(ofConversation conversation: String) -> String? { host.storedString("conv/" + conversation) }

    func recordOwnSend(mid: String, atMs now: Int64) throws { try host.kvSet("ours/" + mid, String(now)) }

    func isOwnSend(mid: String) -> Bool { host.storedString("ours/" + mid) != nil }
}
