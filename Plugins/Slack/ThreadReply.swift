import PluginKit

/// A `message` event, applied: a reply in a tracked side-conversation thread becomes a side
/// message (`host.ingestSide`), under the Slack person's name. Everything else is ignored:
/// messages outside tracked threads, thread parents, the app's own posts.
///
/// A reply is a message with `thread_ts` different from its own `ts`; `thread_broadcast` (also
/// sent to the channel) and `file_share` are replies too. Edits (`message_changed`) and
/// deletions (`message_deleted`) cannot change a stored side message (ABI 1.1 has no such
/// service), so each is stored as a notice in the thread instead of being lost.
struct ThreadReply {
    let host: PluginHost
    let api: SlackAPI
    let workspace: Workspace
    let threads: SlackThreads

    enum Outcome: Equatable {
        case stored(sideConversationID: String)
        case ignored(String)
    }

    func apply(_ callback: SlackEvent.Callback, nowMs now: Int64) throws -> Outcome {
        guard callback.type == "message" else { return .ignored("event type \(callback.type)") }
        guard callback.teamID.isEmpty || callback.teamID == workspace.teamID else { return .ignored("another workspace (\(callback.teamID))") }
        let event = callback.event
        switch callback.subtype {
        case nil, "thread_broadcast", "file_share":
            return try reply(event, channel: callback.channel, nowMs: now)
        case "message_changed":
            guard let edited = event["message"] else { return .ignored("an edit without its message") }
            let stamp = edited["edited"]?["ts"]?.stringValue ?? event["ts"]?.stringValue ?? ""
            return try notice(about: edited, channel: callback.channel, idSuffix: "#edited-\(stamp)", nowMs: now) { name in
                "✎ \(name) edited a message in Slack; it now reads:\n\(edited["text"]?.stringValue ?? "")"
            }
        case "message_deleted":
            guard let previous = event["previous_message"] else { return .ignored("a deletion without the message") }
            return try notice(about: previous, channel: callback.channel, idSuffix: "#deleted", nowMs: now) { name in
                "🗑 \(name) deleted a message in Slack (it said: \(previous["text"]?.stringValue ?? ""))"
            }
        case let other?:
            return .ignored("subtype \(other)")
        }
    }

    private func reply(_ event: JSON, channel: String, nowMs now: Int64) throws -> Outcome {
        let side: String, ts: String
        switch try match(event, channel: channel) {
        case .ignored(let why): return .ignored(why)
        case .reply(let s, let t): (side, ts) = (s, t)
        }
        let user = event["user"]?.stringValue ?? ""
        var text = event["text"]?.stringValue ?? ""
        let files = ThreadFiles(host: host, api: api).store(event["files"]?.arrayValue ?? [])
        if !files.notes.isEmpty { text += (text.isEmpty ? "" : "\n") + files.notes.joined(separator: "\n") }
        let outcome = try host.ingestSide(SideInboundMessage(
            sideConversationID: side, providerMessageID: "\(channel)/\(ts)", senderAddress: "slack:user:\(user)",
            senderName: user.isEmpty ? nil : UserNames(host: host, api: api).name(of: user, nowMs: now), text: text,
            attachmentsJSON: files.attachmentsJSON, sentAtMs: SlackText.millis(ts: ts)))
        switch outcome {
        case .stored(let id, _), .duplicate(let id, _): return .stored(sideConversationID: id)
        }
    }

    /// An edit or deletion of a reply in a tracked thread, stored as a notice.
    private func notice(about message: JSON, channel: String, idSuffix: String, nowMs now: Int64,
                        text: (String) -> String) throws -> Outcome {
        let side: String, ts: String
        switch try match(message, channel: channel) {
        case .ignored(let why): return .ignored(why)
        case .reply(let s, let t): (side, ts) = (s, t)
        }
        let user = message["user"]?.stringValue ?? ""
        let name = UserNames(host: host, api: api).name(of: user, nowMs: now)
        _ = try host.ingestSide(SideInboundMessage(
            sideConversationID: side, providerMessageID: "\(channel)/\(ts)\(idSuffix)", senderAddress: "slack:user:\(user)",
            senderName: name, text: text(name ?? user)))
        return .stored(sideConversationID: side)
    }

    private enum Match {
        case reply(side: String, ts: String)
        case ignored(String)
    }

    /// Whether a message is a person's reply in a thread a side conversation started.
    private func match(_ message: JSON, channel: String) throws -> Match {
        guard let ts = message["ts"]?.stringValue, let threadTS = message["thread_ts"]?.stringValue, threadTS != ts else {
            return .ignored("not a thread reply")
        }
        if isOwn(message) { return .ignored("the app's own message") }
        guard let side = try threads.sideConversation(team: workspace.teamID, channel: channel, threadTS: threadTS) else {
            return .ignored("a thread no side conversation started")
        }
        return .reply(side: side, ts: ts)
    }

    /// The app's own posts come back as events too (with its bot id, or its bot user).
    private func isOwn(_ message: JSON) -> Bool {
        if let bot = message["bot_id"]?.stringValue, !workspace.botID.isEmpty, bot == workspace.botID { return true }
        if let user = message["user"]?.stringValue, !workspace.botUserID.isEmpty, user == workspace.botUserID { return true }
        return false
    }
}
