import PluginKit

/// Sends one side message into Slack. The first message of a side conversation opens the
/// target (a DM or group DM through `conversations.open`; a channel by its id), posts with the
/// conversation's context and becomes the thread; every later one posts into that thread.
struct SideDelivery {
    let host: PluginHost
    let api: SlackAPI
    let workspace: Workspace
    let threads: SlackThreads
    /// The host's public base URL: the link back to the customer conversation.
    let publicBaseURL: String
    let timeoutMs: UInt32
    /// Slack refused the token: the operator must reconnect (the plugin shows it in its status).
    let onReconnect: (SlackAPIError) -> Void

    func send(_ message: SideMessage) -> DeliveryResult {
        do {
            if let posted = try threads.posted(idempotencyKey: message.idempotencyKey) {
                return .sent(providerMessageID: posted)   // posted by an attempt whose answer the host never saw
            }
            if let thread = try threads.thread(ofSide: message.sideConversationID) {
                return post(channel: thread.channel, threadTS: thread.threadTS,
                            text: SlackText.followUp(text: message.text, author: message.authorName), message: message)
            }
        } catch {
            return .retry(detail: "could not read the thread index: \(error)")
        }
        let target: SlackTarget
        switch SlackTarget.parse(message.participants) {
        case .success(let parsed): target = parsed
        case .failure(let refusal): return .rejected(detail: refusal.reason)
        }
        let channel: String
        switch target {
        case .channel(let id):
            channel = id
        case .people(let people):
            let users: [String]
            switch userIDs(people) {
            case .success(let ids): users = ids
            case .failure(let refusal): return refusal.result
            }
            switch api.call("conversations.open", [("users", users.joined(separator: ","))], timeoutMs: timeoutMs) {
            case .success(let json):
                guard let id = json["channel"]?["id"]?.stringValue else {
                    return .retry(detail: "conversations.open answered without a channel id")
                }
                channel = id
            case .failure(let error):
                return failed(error)
            }
        }
        let text = SlackText.opening(subject: message.subject, text: message.text, author: message.authorName,
                                     customer: message.customerName, conversationURL: "\(publicBaseURL)/app/c/\(message.conversationID)")
        return post(channel: channel, threadTS: nil, text: text, message: message)
    }

    private func failed(_ error: SlackAPIError) -> DeliveryResult {
        if case .reconnect = error.meaning { onReconnect(error) }
        return error.deliveryResult
    }

    /// A failed look-up: the delivery result to return.
    private struct LookupFailure: Error {
        var result: DeliveryResult
    }

    /// User ids for people named by id or by email (`users.lookupByEmail`), without repeats.
    private func userIDs(_ people: [String]) -> Result<[String], LookupFailure> {
        var ids: [String] = []
        for person in people {
            var id = person
            if person.contains("@") {
                switch api.call("users.lookupByEmail", [("email", person)], timeoutMs: timeoutMs) {
                case .success(let json):
                    guard let found = json["user"]?["id"]?.stringValue else { return .failure(LookupFailure(result: .retry(detail: "users.lookupByEmail answered without a user id"))) }
                    id = found
                case .failure(.slack("users_not_found", _)):
                    return .failure(LookupFailure(result: .rejected(detail: "Slack: users_not_found — nobody in this workspace has the email \(person): check it, or pick the person")))
                case .failure(let error):
                    return .failure(LookupFailure(result: failed(error)))
                }
            }
            if !ids.contains(id) { ids.append(id) }
        }
        return .success(ids)
    }

    private func post(channel: String, threadTS: String?, text: String, message: SideMessage) -> DeliveryResult {
        var arguments: [(name: String, value: String)] = [("channel", channel), ("text", text), ("unfurl_links", "false")]
        if let threadTS { arguments.append(("thread_ts", threadTS)) }
        switch api.call("chat.postMessage", arguments, timeoutMs: timeoutMs) {
        case .failure(let error):
            return failed(error)
        case .success(let json):
            guard let ts = json["ts"]?.stringValue else { return .retry(detail: "chat.postMessage answered without a ts") }
            // A DM's id comes back as the channel that was posted to; keep Slack's own.
            let postedChannel = json["channel"]?.stringValue ?? channel
            // "<channel>/p<ts without the dot>": the tail of the message's permalink (chat.getPermalink's
            // form, https://<workspace>.slack.com/archives/C123/p1733581234000200), so the panel's
            // "Open in Slack" is the side message's link template filled with this id.
            let providerID = "\(postedChannel)/p" + ts.filter { $0 != "." }
            do {
                if threadTS == nil {
                    try threads.record(SlackThread(team: workspace.teamID, channel: postedChannel, threadTS: ts), side: message.sideConversationID)
                }
                try threads.recordPosted(idempotencyKey: message.idempotencyKey, providerMessageID: providerID)
            } catch {
                // Posted, but replies cannot find their way back: say so loudly rather than post twice.
                host.log(.error, "slack: posted \(ts) in \(postedChannel) but could not record the thread: \(error)")
            }
            return .sent(providerMessageID: providerID, link: threadTS == nil ? permalink(channel: postedChannel, ts: ts) : nil)
        }
    }

    /// Slack's own link to the thread's first message ("Open in Slack"); nil when it will not say
    /// (the message is sent all the same).
    private func permalink(channel: String, ts: String) -> String? {
        guard case .success(let json) = api.call("chat.getPermalink", [("channel", channel), ("message_ts", ts)], timeoutMs: min(timeoutMs, 2_000))
        else { return nil }
        return json["permalink"]?.stringValue
    }
}
