import PluginKit

/// One POST of a Messenger/Instagram webhook: `{"object", "entry": [{"id", "time", "messaging":
/// [...], "standby": [...]}]}`, typed. Meta batches many assets' entries and many items per entry
/// in one POST: every one is read, and a broken item costs only itself (it is listed in
/// `problems`, the rest still arrive).
public struct WebhookBatch: Sendable, Equatable {
    /// "page", "instagram", … — unknown objects are answered 200 and logged by the caller.
    public var object: String
    public var entries: [Entry]
    /// One line per item that could not be read, for the log.
    public var problems: [String]

    public struct Entry: Sendable, Equatable {
        /// The asset the events belong to: a Page id or an Instagram account id.
        public var assetID: String
        public var events: [MetaEvent]
    }

    /// Larger posts are refused (413) before parsing; Meta's batches stay far below it.
    public static let maxBodyBytes = 1 << 20

    public enum Failure: Error, Equatable {
        case tooLarge
        case malformed(String)

        /// The HTTP status to answer.
        public var status: Int {
            switch self {
            case .tooLarge: 413
            case .malformed: 400
            }
        }
    }

    public static func parse(_ body: [UInt8]) throws(Failure) -> WebhookBatch {
        guard body.count <= maxBodyBytes else { throw .tooLarge }
        let json: JSON
        do { json = try JSON.parse(body) } catch { throw .malformed("not JSON: \(error)") }
        guard let object = json["object"]?.stringValue, let entries = json["entry"]?.arrayValue else {
            throw .malformed("expected {\"object\", \"entry\": [...]}")
        }
        var batch = WebhookBatch(object: object, entries: [], problems: [])
        for (index, entry) in entries.enumerated() {
            guard let assetID = idString(entry["id"]) else {
                batch.problems.append("entry \(index): no id")
                continue
            }
            var events: [MetaEvent] = []
            for (key, standby) in [("messaging", false), ("standby", true)] {
                for (position, item) in (entry[key]?.arrayValue ?? []).enumerated() {
                    do {
                        events.append(try event(item, standby: standby))
                    } catch {
                        batch.problems.append("entry \(assetID) \(key)[\(position)]: \(error.message)")
                    }
                }
            }
            batch.entries.append(Entry(assetID: assetID, events: events))
        }
        return batch
    }

    struct ItemError: Error {
        let message: String
        init(_ message: String) { self.message = message }
    }

    static func event(_ item: JSON, standby: Bool) throws(ItemError) -> MetaEvent {
        guard let sender = idString(item["sender"]?["id"]) else { throw ItemError("no sender.id") }
        let recipient = idString(item["recipient"]?["id"]) ?? ""
        guard let timestamp = item["timestamp"]?.doubleValue else { throw ItemError("no timestamp") }
        let kind: MetaEvent.Kind
        if let message = item["message"] {
            kind = .message(try self.message(message))
        } else if let postback = item["postback"] {
            kind = .postback(Postback(mid: postback["mid"]?.stringValue, title: postback["title"]?.stringValue ?? "",
                                      payload: postback["payload"]?.stringValue ?? "", referral: postback["referral"]?.objectValue))
        } else if let reaction = item["reaction"] {
            guard let mid = reaction["mid"]?.stringValue else { throw ItemError("reaction without mid") }
            kind = .reaction(Reaction(mid: mid, action: reaction["action"]?.stringValue ?? "react",
                                      reaction: reaction["reaction"]?.stringValue ?? "", emoji: reaction["emoji"]?.stringValue ?? ""))
        } else if let delivery = item["delivery"] {
            kind = .delivery(mids: delivery["mids"]?.arrayValue?.compactMap(\.stringValue) ?? [],
                             watermarkMs: delivery["watermark"]?.doubleValue.map { Int64($0) })
        } else if let read = item["read"] {
            let watermark = read["watermark"]?.doubleValue.map { Int64($0) }
            let mid = read["mid"]?.stringValue
            guard watermark != nil || mid != nil else { throw ItemError("read without watermark or mid") }
            kind = .read(watermarkMs: watermark, mid: mid)
        } else if let referral = item["referral"]?.objectValue {
            kind = .referral(referral)
        } else {
            let keys = item.objectValue?.keys.filter { !["sender", "recipient", "timestamp"].contains($0) } ?? []
            throw ItemError("unhandled event type \(keys.joined(separator: ","))")
        }
        return MetaEvent(senderID: sender, recipientID: recipient, timestampMs: Int64(timestamp), kind: kind, standby: standby)
    }

    static func message(_ json: JSON) throws(ItemError) -> MetaMessage {
        guard let mid = json["mid"]?.stringValue, !mid.isEmpty else { throw ItemError("message without mid") }
        var message = MetaMessage(mid: mid, text: json["text"]?.stringValue ?? "")
        message.attachments = (json["attachments"]?.arrayValue ?? []).map { item in
            MetaAttachment(type: item["type"]?.stringValue ?? "unknown", url: item["payload"]?["url"]?.stringValue,
                           title: item["title"]?.stringValue ?? item["payload"]?["title"]?.stringValue)
        }
        message.quickReplyPayload = json["quick_reply"]?["payload"]?.stringValue
        message.replyToMID = json["reply_to"]?["mid"]?.stringValue
        message.replyToStory = json["reply_to"]?["story"]?.objectValue
        message.referral = json["referral"]?.objectValue
        message.isEcho = json["is_echo"]?.boolValue ?? false
        message.appID = idString(json["app_id"])
        message.isDeleted = json["is_deleted"]?.boolValue ?? false
        message.isUnsupported = json["is_unsupported"]?.boolValue ?? false
        return message
    }

    /// Meta's ids are strings, but some payloads (app_id) carry numbers.
    static func idString(_ json: JSON?) -> String? {
        if let text = json?.stringValue, !text.isEmpty { return text }
        return json?.intValue.map(String.init)
    }
}
