import PluginKit

/// The first text of a conversation that moved here from another channel (the web chat's "continue
/// by SMS"): the configured `switch_intro` goes before the reply, so a text from a number the
/// customer does not know says who is writing and why. Decided once per conversation
/// (`intro/<conversation>`: "sent" or "none").
struct SwitchIntro {
    let channel: SMSContext

    static func key(_ conversationID: String) -> String { "intro/" + conversationID }

    /// The intro to put first, nil when the conversation needs none (it began here, or the
    /// customer has already written here, or it was introduced before).
    func text(for conversationID: String, config: SMSConfig) throws -> String? {
        switch channel.host.storedString(Self.key(conversationID)) {
        case "sent", "none": return nil
        default: break
        }
        let history = try JSON.parse(try channel.host.conversationMessages(conversationID: conversationID, limit: 500))
        let messages = history["messages"]?.arrayValue ?? []
        let here = channel.info.instanceID
        let cameFromElsewhere = messages.contains { ($0["channel_instance_id"]?.stringValue ?? here) != here }
        let customerWroteHere = messages.contains {
            $0["direction"]?.stringValue == "inbound" && $0["channel_instance_id"]?.stringValue == here
        }
        guard cameFromElsewhere, !customerWroteHere, !config.switchIntro.isEmpty else {
            try channel.host.kvSet(Self.key(conversationID), "none")
            return nil
        }
        return config.switchIntro
    }

    /// Erased conversations' decisions go with them.
    func forget(_ conversationIDs: [String]) throws {
        for id in conversationIDs { try channel.host.kvDelete(Self.key(id)) }
    }

    func markSent(_ conversationID: String) {
        do { try channel.host.kvSet(Self.key(conversationID), "sent") } catch {
            channel.host.log(.warn, "sms: could not record the intro of \(conversationID): \(error)")
        }
    }
}
