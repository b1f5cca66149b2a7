import SwitchboardSupport

/// Webhook payloads as Meta posts them, Meta's field names exactly (providers.md §2.2–2.3,
/// channels.md §2). Events are `messaging[]` items; the batch builders wrap them in the envelope
/// and write the body as Meta writes it (MetaJSON: `\uXXXX` and `\/` escapes), ready for
/// `MetaWebhookSigner.post` or `FakeGraphAPI.postWebhook`. Timestamps are epoch milliseconds.
public enum MetaPayloads {
    /// `{"object":"page","entry":[{"id":<page>,"time":…,"messaging":[…]}]}`: one entry per Page,
    /// several events per entry when Meta batches.
    public static func messengerBatch(_ entries: [(pageID: String, events: [JSON])], timeMs: Int64? = nil) -> String {
        batch(object: "page", entries.map { ($0.pageID, $0.events) }, timeMs: timeMs)
    }

    /// `{"object":"instagram","entry":[{"id":<IG account>,"time":…,"messaging":[…]}]}`.
    public static func instagramBatch(_ entries: [(accountID: String, events: [JSON])], timeMs: Int64? = nil) -> String {
        batch(object: "instagram", entries.map { ($0.accountID, $0.events) }, timeMs: timeMs)
    }

    /// A person's text message; `replyToMid` adds `message.reply_to.mid` (a reply to an earlier message).
    public static func text(from userID: String, to assetID: String, mid: String, text: String, timestampMs: Int64,
                            replyToMid: String? = nil) -> JSON {
        var message: JSONObject = ["mid": .string(mid), "text": .string(text)]
        if let replyToMid { message["reply_to"] = ["mid": .string(replyToMid)] }
        return event(from: userID, to: assetID, timestampMs: timestampMs, "message", .object(message))
    }

    /// A person's attachment: `message.attachments[{type, payload{url}}]`, type image, video,
    /// audio, file (or reel, ig_reel, share…); `url` a CDN URL (FakeGraphAPI.hostMedia).
    public static func attachment(from userID: String, to assetID: String, mid: String, type: String, url: String,
                                  timestampMs: Int64) -> JSON {
        event(from: userID, to: assetID, timestampMs: timestampMs, "message",
              ["mid": .string(mid), "attachments": [["type": .string(type), "payload": ["url": .string(url)]]]])
    }

    /// The echo of a message the business sent (from the Page/IG account to the person):
    /// `message.is_echo: true` with the sending `app_id` (a number, as Meta sends it); nil when
    /// sent from Meta's own inbox rather than an app.
    public static func echo(from assetID: String, to userID: String, mid: String, text: String, appID: String?,
                            timestampMs: Int64) -> JSON {
        var message: JSONObject = ["is_echo": true]
        if let appID { message["app_id"] = Int(appID).map { .number(Double($0)) } ?? .string(appID) }
        message["mid"] = .string(mid)
        message["text"] = .string(text)
        return event(from: assetID, to: userID, timestampMs: timestampMs, "message", .object(message))
    }

    /// Messenger delivery receipt: `delivery{mids[], watermark}`; every message before the
    /// watermark is delivered. Meta's example carries no event timestamp (the plugin skips such an
    /// item); pass `timestampMs` for one that does.
    public static func delivery(from userID: String, to pageID: String, mids: [String], watermark: Int64, timestampMs: Int64? = nil) -> JSON {
        let delivery: JSON = ["mids": .array(mids.map(JSON.string)), "watermark": .number(Double(watermark))]
        if let timestampMs { return event(from: userID, to: pageID, timestampMs: timestampMs, "delivery", delivery) }
        return ["sender": ["id": .string(userID)], "recipient": ["id": .string(pageID)], "delivery": delivery]
    }

    /// Read receipt: Messenger's `read{watermark}`; Instagram's `read{mid}` (pass `mid`).
    public static func read(from userID: String, to assetID: String, watermark: Int64, mid: String? = nil,
                            timestampMs: Int64? = nil) -> JSON {
        let read: JSON = mid.map { ["mid": .string($0)] } ?? ["watermark": .number(Double(watermark))]
        return event(from: userID, to: assetID, timestampMs: timestampMs ?? watermark, "read", read)
    }

    /// A reaction: `reaction{mid, action: react|unreact, reaction: love|like|…, emoji}`
    /// (an unreact carries no reaction or emoji).
    public static func reaction(from userID: String, to assetID: String, mid: String, reaction: String?, emoji: String?,
                                action: String = "react", timestampMs: Int64 = Clock.nowMillis()) -> JSON {
        var body: JSONObject = ["mid": .string(mid), "action": .string(action)]
        if let reaction { body["reaction"] = .string(reaction) }
        if let emoji { body["emoji"] = .string(emoji) }
        return event(from: userID, to: assetID, timestampMs: timestampMs, "reaction", .object(body))
    }

    /// A button tap: `postback{mid, title, payload}`.
    public static func postback(from userID: String, to assetID: String, mid: String, title: String, payload: String,
                                timestampMs: Int64) -> JSON {
        event(from: userID, to: assetID, timestampMs: timestampMs, "postback",
              ["mid": .string(mid), "title": .string(title), "payload": .string(payload)])
    }

    /// A quick-reply tap: a message with its title as `text` and `quick_reply{payload}`.
    public static func quickReply(from userID: String, to assetID: String, mid: String, text: String, payload: String,
                                  timestampMs: Int64) -> JSON {
        event(from: userID, to: assetID, timestampMs: timestampMs, "message",
              ["mid": .string(mid), "text": .string(text), "quick_reply": ["payload": .string(payload)]])
    }

    /// A `messaging_referrals` event: the person opened the thread from an m.me link (SHORTLINK),
    /// an ad (ADS) … without writing: `referral{ref, source, type: OPEN_THREAD}`.
    public static func referral(from userID: String, to assetID: String, ref: String, source: String = "SHORTLINK",
                                timestampMs: Int64) -> JSON {
        event(from: userID, to: assetID, timestampMs: timestampMs, "referral",
              ["ref": .string(ref), "source": .string(source), "type": "OPEN_THREAD"])
    }

    /// The first message after an ad or link tap, carrying the referral on the message itself:
    /// `message{mid, text, referral{ref, ad_id?, source, type}}` (Instagram's shape for ads;
    /// Messenger sends a separate `referral` event, see `referral`).
    public static func messageWithReferral(from userID: String, to assetID: String, mid: String, text: String, ref: String,
                                           source: String = "ADS", adID: String? = nil, timestampMs: Int64) -> JSON {
        var referral: JSONObject = ["ref": .string(ref)]
        if let adID { referral["ad_id"] = .string(adID) }
        referral["source"] = .string(source)
        referral["type"] = "OPEN_THREAD"
        return event(from: userID, to: assetID, timestampMs: timestampMs, "message",
                     ["mid": .string(mid), "text": .string(text), "referral": .object(referral)])
    }

    /// The person unsent a message: `message{mid, is_deleted: true}`. It must be honoured (removed).
    public static func unsent(from userID: String, to assetID: String, mid: String, timestampMs: Int64) -> JSON {
        event(from: userID, to: assetID, timestampMs: timestampMs, "message", ["mid": .string(mid), "is_deleted": true])
    }

    /// Instagram: the person mentioned the account in a story: `message.attachments[{type:
    /// "story_mention", payload{url}}]`. Keep the URL, never the media; it expires with the story.
    public static func storyMention(from userID: String, to accountID: String, mid: String, cdnURL: String,
                                    timestampMs: Int64) -> JSON {
        event(from: userID, to: accountID, timestampMs: timestampMs, "message",
              ["mid": .string(mid), "attachments": [["type": "story_mention", "payload": ["url": .string(cdnURL)]]]])
    }

    /// Instagram: a reply to the account's story: `message{mid, text, reply_to{story{url, id}}}`.
    public static func storyReply(from userID: String, to accountID: String, mid: String, text: String, storyID: String,
                                  storyURL: String, timestampMs: Int64) -> JSON {
        event(from: userID, to: accountID, timestampMs: timestampMs, "message",
              ["mid": .string(mid), "text": .string(text),
               "reply_to": ["story": ["url": .string(storyURL), "id": .string(storyID)]]])
    }

    /// A message the API cannot show (e.g. some Instagram media): `message{mid, is_unsupported: true}`.
    public static func unsupported(from userID: String, to assetID: String, mid: String, timestampMs: Int64) -> JSON {
        event(from: userID, to: assetID, timestampMs: timestampMs, "message", ["mid": .string(mid), "is_unsupported": true])
    }

    // MARK: envelope

    private static func event(from sender: String, to recipient: String, timestampMs: Int64, _ key: String, _ value: JSON) -> JSON {
        .object(["sender": ["id": .string(sender)], "recipient": ["id": .string(recipient)],
                 "timestamp": .number(Double(timestampMs)), key: value])
    }

    private static func batch(object: String, _ entries: [(String, [JSON])], timeMs: Int64?) -> String {
        let time = timeMs ?? Clock.nowMillis()
        let body: JSON = ["object": .string(object), "entry": .array(entries.map { id, events in
            ["id": .string(id), "time": .number(Double(time)), "messaging": .array(events)]
        })]
        return MetaJSON.serialize(body)
    }
}
