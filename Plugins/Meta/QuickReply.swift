import PluginKit

/// One quick-reply chip: the customer taps `title`, we get `payload` back.
public struct QuickReply: Sendable, Equatable {
    public var title: String
    public var payload: String

    public init(title: String, payload: String) {
        self.title = title
        self.payload = payload
    }
}

/// A reply's rich content (the host's card-like JSON: title, subtitle, text/body, and options
/// under buttons, actions, choices, options or quick_replies) as Messenger and Instagram can
/// carry it. A simple choice becomes quick replies; everything else (links, long labels, too
/// many options, lists of fields) becomes text, so nothing an agent sent is lost.
public struct RichReply: Sendable, Equatable {
    public var text: String
    public var quickReplies: [QuickReply]

    /// Meta's limits for quick replies.
    public static let maxQuickReplies = 13
    public static let maxTitleLength = 20

    public static let optionKeys = ["quick_replies", "choices", "options", "buttons", "actions"]

    /// `text` is the reply's own text (already fitted by the host); the result stays within
    /// `maxTextLength` scalars.
    public static func plan(text: String, richJSON: String, maxTextLength: Int) -> RichReply {
        guard !richJSON.isEmpty, let rich = (try? JSON.parse(richJSON))?.objectValue else {
            return RichReply(text: text, quickReplies: [])
        }
        let options = optionKeys.flatMap { rich[$0]?.arrayValue ?? [] }.map(Option.init)
        let heading = [rich["title"]?.stringValue, rich["subtitle"]?.stringValue, rich["text"]?.stringValue ?? rich["body"]?.stringValue]
            .compactMap { $0 }.filter { !$0.isEmpty }
        let simple = (1...maxQuickReplies).contains(options.count) && options.allSatisfy(\.fitsQuickReply)
            && ["fields", "items", "elements", "cards"].allSatisfy { rich[$0] == nil }
        if simple {
            let prompt = text.isEmpty ? heading.joined(separator: "\n") : text
            return RichReply(text: cut(prompt.isEmpty ? "…" : prompt, to: maxTextLength),
                             quickReplies: options.map { QuickReply(title: $0.title, payload: $0.payload) })
        }
        var lines = heading
        for key in ["fields", "items", "elements", "cards"] {
            for item in rich[key]?.arrayValue ?? [] {
                let option = Option(item)
                if !option.title.isEmpty { lines.append(option.detail.map { "\(option.title): \($0)" } ?? option.title) }
            }
        }
        lines += options.filter { !$0.title.isEmpty }.map { option in "• " + (option.url.map { "\(option.title): \($0)" } ?? option.title) }
        let summary = lines.joined(separator: "\n")
        let combined = text.isEmpty ? summary : (summary.isEmpty ? text : text + "\n\n" + summary)
        return RichReply(text: cut(combined, to: maxTextLength), quickReplies: [])
    }

    /// At most `limit` Unicode scalars, ending in "…" when cut (0: no limit).
    static func cut(_ text: String, to limit: Int) -> String {
        guard limit > 0, text.unicodeScalars.count > limit else { return text }
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: text.unicodeScalars.prefix(limit - 1))
        return String(scalars) + "…"
    }

    /// An option as the rich JSON names it: a string, or an object with a label and maybe a
    /// payload, a link or a value.
    struct Option {
        var title: String
        var payload: String
        var url: String?
        var detail: String?

        init(_ json: JSON) {
            title = json.stringValue ?? json["title"]?.stringValue ?? json["label"]?.stringValue ?? json["text"]?.stringValue ?? ""
            payload = json["payload"]?.stringValue ?? json["value"]?.stringValue ?? json["id"]?.stringValue ?? title
            url = json["url"]?.stringValue
            detail = json["value"]?.stringValue ?? json["subtitle"]?.stringValue
        }

        var fitsQuickReply: Bool { !title.isEmpty && title.unicodeScalars.count <= RichReply.maxTitleLength && url == nil }
    }
}
