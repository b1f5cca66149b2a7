import SwitchboardSupport

/// Meta's messaging windows: a business may answer within 24 hours of the person's last message
/// (RESPONSE, UPDATE, sender actions), and a human agent, with the HUMAN_AGENT tag, within 7 days.
/// A person who never wrote cannot be messaged at all. Outside: error 10, subcode 2018278.
enum MessagingWindow {
    static let standardMs: Int64 = 24 * 3600 * 1000
    static let humanAgentMs: Int64 = 7 * 24 * 3600 * 1000

    static func check(lastCustomerMessageMs: Int64?, nowMs: Int64, humanAgent: Bool) throws {
        guard let last = lastCustomerMessageMs else { throw GraphError.outsideWindow }
        if nowMs - last > (humanAgent ? humanAgentMs : standardMs) { throw GraphError.outsideWindow }
    }

    /// The events in a webhook body that open or refresh the window: a person's message (not the
    /// business's echo), a postback (button tap), a referral (m.me link, ad). Reactions, reads and
    /// deliveries do not.
    static func customerEvents(inWebhook body: String) -> [(assetID: String, userID: String, atMs: Int64)] {
        guard let parsed = try? JSON.parse(body), let entries = parsed["entry"]?.arrayValue else { return [] }
        var events: [(assetID: String, userID: String, atMs: Int64)] = []
        for entry in entries {
            guard let assetID = entry["id"].flatMap(SendRequest.idString) else { continue }
            for event in entry["messaging"]?.arrayValue ?? [] {
                guard let userID = event["sender"]?["id"].flatMap(SendRequest.idString), userID != assetID,
                      let timestamp = event["timestamp"]?.intValue else { continue }
                let isMessage = event["message"] != nil && event["message"]?["is_echo"]?.boolValue != true
                if isMessage || event["postback"] != nil || event["referral"] != nil {
                    events.append((assetID, userID, Int64(timestamp)))
                }
            }
        }
        return events
    }
}
