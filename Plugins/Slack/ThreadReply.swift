import PluginKit

/// A `message` event, applied: a reply in a tracked side-conversation thread becomes a side
/// message (`host.ingestSide`), under the Slack person's name. Everything else is ignored:
/// messages outside tracked threads, thread parents, the app's own posts.
///
/// A reply is a message with `thread_ts` different from its own `ts`; `thread_broadcast` (also
/// sent to the channel) and `file_share` are replies too. Edits (`message_changed`) and
/// deletions (`message_deleted`) change the stored reply (ABI 1.3 `side_message_update`): an
/// edit replaces its text, a deletion removes its content.
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
            return try change(edited, channel: callback.channel) { id in
                try host.editSideReply(providerMessageID: id, text: edited["text"]?.stringValue ?? "")
            }
        case "message_deleted":
            guard let previous = event["previous_message"] else { return .ignored("a deletion without the message") }
            return try change(previous, channel: callback.channel) { id in try host.deleteSideReply(providerMessageID: id) }
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
        let person = user.isEmpty ? UserNames.Person() : UserNames(host: host, api: api).person(user, nowMs: now)
        let outcome = try host.ingestSide(SideInboundMessage(
            sideConversationID: side, providerMessageID: "\(channel)/\(ts)", senderAddress: "slack:user:\(user)",
            senderName: person.name, text: text, attachmentsJSON: files.attachmentsJSON, sentAtMs: SlackText.millis(ts: ts),
            senderAvatarURL: person.avatarURL))
        switch outcome {
        case .stored(let id, _), .duplicate(let id, _): return .stored(sideConversationID: id)
        }
    }

    /// An edit or deletion of a reply in a tracked thread, applied to the stored reply (its
    /// provider id is "<channel>/<ts>", as `reply` stored it). A reply stored before this
    /// instance existed is not there to change: ignored.
    private func change(_ message: JSON, channel: String, _ apply: (String) throws -> Void) throws -> Outcome {
        let side: String, ts: String
        switch try match(message, channel: channel) {
        case .ignored(let why): return .ignored(why)
        case .reply(let s, let t): (side, ts) = (s, t)
        }
        do {
            try apply("\(channel)/\(ts)")
        } catch PluginError.notFound {
            return .ignored("an edit or deletion of a reply that was never stored")
        }
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
