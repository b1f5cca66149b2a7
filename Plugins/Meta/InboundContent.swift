import PluginKit

/// What a Meta message becomes in Switchboard, before any download: its text, its rich JSON
/// (quick-reply payload, the message it answers, a referral, a story), and the media to fetch.
///
/// Story media (an Instagram story mention, or the story a message answers) is never downloaded:
/// Meta's terms forbid keeping it. Only its CDN URL is kept, with the time it expires, so the web
/// app shows it while it lives and an "expired" placeholder after.
public struct InboundContent: Sendable, Equatable {
    public var text: String
    public var rich: JSONObject
    /// Media to download now (Meta's URLs expire) and store as the message's attachments.
    public var downloads: [MetaAttachment]

    /// Stories live 24 hours from the moment they were shared with us.
    public static let storyLifetimeMs: Int64 = 24 * 3_600_000

    public static func compose(_ message: MetaMessage, product: MetaProduct, timestampMs: Int64) -> InboundContent {
        var lines = message.text.isEmpty ? [] : [message.text]
        var rich = JSONObject()
        var downloads: [MetaAttachment] = []
        func story(_ kind: String, url: String?, id: String?) {
            var story: JSONObject = ["kind": .string(kind), "url": .from(url)]
            if let id { story["id"] = .string(id) }
            story["expires_at"] = .string(Clock.iso8601(timestampMs + storyLifetimeMs))
            rich["story"] = .object(story)
        }

        for attachment in message.attachments {
            if attachment.isDownloadable {
                downloads.append(attachment)
            } else if attachment.type == "story_mention" {
                story("mention", url: attachment.url, id: nil)
                if message.text.isEmpty { lines.append("Mentioned you in their story") }
            } else if let url = attachment.url {
                // A shared post, reel or link: kept as a link, which is what the customer shared.
                lines.append("\(attachment.title ?? product.unsupportedPlaceholder(attachment.type)): \(url)")
            } else {
                lines.append(product.unsupportedPlaceholder(attachment.type))
            }
        }
        if let replied = message.replyToStory {
            story("reply", url: replied["url"]?.stringValue, id: replied["id"]?.stringValue)
            if lines.isEmpty && downloads.isEmpty { lines.append("Replied to your story") }
        }
        if let payload = message.quickReplyPayload { rich["quick_reply"] = ["payload": .string(payload)] }
        if let mid = message.replyToMID { rich["reply_to"] = ["mid": .string(mid)] }
        if let referral = message.referral { rich["referral"] = .object(referral) }
        if message.isUnsupported || (lines.isEmpty && downloads.isEmpty) {
            lines.append(product.unsupportedPlaceholder(message.isUnsupported ? "unsupported" : "empty"))
        }
        return InboundContent(text: lines.joined(separator: "\n"), rich: rich, downloads: downloads)
    }

    /// A button the customer tapped: its title as the text, the developer payload beside it.
    public static func postback(_ postback: Postback) -> InboundContent {
        var rich: JSONObject = ["postback": ["title": .string(postback.title), "payload": .string(postback.payload)]]
        if let referral = postback.referral { rich["referral"] = .object(referral) }
        return InboundContent(text: postback.title.isEmpty ? postback.payload : postback.title, rich: rich, downloads: [])
    }

    /// A customer who opened the thread from a link or an ad: stored as a message (it opens the
    /// window, and "continue on Messenger" links are verified from it by the host).
    public static func referral(_ referral: JSONObject) -> InboundContent {
        let source = referral["source"]?.stringValue.map { $0.lowercased().replacing("_", with: " ") } ?? "a link"
        let ref = referral["ref"]?.stringValue.map { " (ref: \($0))" } ?? ""
        return InboundContent(text: "Opened the conversation from \(source)\(ref)", rich: ["referral": .object(referral)], downloads: [])
    }

    /// The rich JSON text to store, nil when there is none.
    public var richJSON: String? { rich.count == 0 ? nil : JSON.object(rich).serialized }
}
