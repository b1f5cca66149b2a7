import SwitchboardSupport

/// What a channel can show, in domain terms (the plugin's declared capabilities).
public struct OutputLimits: Sendable, Equatable {
    public var rich: Bool
    public var files: Bool
    public var images: Bool
    public var format: TextFormat
    public var maxTextLength: Int

    public init(rich: Bool, files: Bool, images: Bool, format: TextFormat, maxTextLength: Int) {
        self.rich = rich
        self.files = files
        self.images = images
        self.format = format
        self.maxTextLength = maxTextLength
    }
}

/// A reply fitted to one channel.
public struct FittedOutput: Sendable, Equatable {
    public var text: String
    public var format: TextFormat
    public var richJSON: String?
    public var attachmentsJSON: String?
}

/// Downgrades a reply to what the channel can show, so reply logic never needs to
/// know the channel: a rich card becomes a compact text summary, attachments the
/// channel cannot carry become links, rich text becomes plain, long text is cut.
public enum OutputFitting {
    public static func fit(text: String, format: TextFormat, richJSON: String?, attachmentsJSON: String?,
                           limits: OutputLimits) -> FittedOutput {
        var text = text
        var format = format
        var rich = richJSON
        var attachments = attachmentsJSON

        if let r = rich, !limits.rich {
            let summary = (try? JSON.parse(r)).map(summarize) ?? ""
            if !summary.isEmpty { text = text.isEmpty ? summary : text + "\n\n" + summary }
            rich = nil
        }
        if let a = attachments, let items = (try? JSON.parse(a))?.arrayValue, !items.isEmpty {
            let allowed = items.filter { item in
                let isImage = item["content_type"]?.stringValue?.hasPrefix("image/") ?? false
                return isImage ? (limits.images || limits.files) : limits.files
            }
            let dropped = items.filter { !allowed.contains($0) }
            if !dropped.isEmpty {
                let lines = dropped.map { item -> String in
                    let name = item["name"]?.stringValue ?? "attachment"
                    return item["url"]?.stringValue.map { "\(name): \($0)" } ?? name
                }
                text += (text.isEmpty ? "" : "\n") + lines.joined(separator: "\n")
            }
            attachments = allowed.isEmpty ? nil : JSON.array(allowed).serialized
        }
        if format != limits.format {
            switch (format, limits.format) {
            case (.markdown, .plain): text = TextDowngrade.markdownToPlain(text)
            case (.html, .plain), (.html, .markdown): text = TextDowngrade.htmlToPlain(text)
            case (.plain, .html): text = TextDowngrade.escapeHTML(text).replacingNewlines(with: "<br>")
            case (.markdown, .html): text = MarkdownHTML.render(text)
            case (.plain, .markdown): break  // plain text is valid Markdown
            default: break
            }
            format = limits.format == .markdown && format == .plain ? .plain : limits.format
        }
        if limits.maxTextLength > 0, text.unicodeScalars.count > limits.maxTextLength {
            var scalars = String.UnicodeScalarView()
            scalars.append(contentsOf: text.unicodeScalars.prefix(limits.maxTextLength - 1))
            text = String(scalars) + "…"
        }
        return FittedOutput(text: text, format: format, richJSON: rich, attachmentsJSON: attachments)
    }

    /// "Title — subtitle / text / • option" from a card-like JSON object (or a list of them).
    static func summarize(_ json: JSON) -> String {
        if let items = json.arrayValue { return items.map(summarize).filter { !$0.isEmpty }.joined(separator: "\n") }
        guard let object = json.objectValue else { return json.stringValue ?? "" }
        var lines: [String] = []
        let title = object["title"]?.stringValue
        let subtitle = object["subtitle"]?.stringValue
        if let title { lines.append(subtitle.map { "\(title) — \($0)" } ?? title) } else if let subtitle { lines.append(subtitle) }
        if let body = object["text"]?.stringValue ?? object["body"]?.stringValue { lines.append(body) }
        for key in ["fields", "items", "elements", "cards"] {
            for item in object[key]?.arrayValue ?? [] {
                if let label = item["label"]?.stringValue ?? item["title"]?.stringValue {
                    let value = item["value"]?.stringValue ?? item["subtitle"]?.stringValue
                    lines.append(value.map { "\(label): \($0)" } ?? label)
                }
            }
        }
        for button in (object["buttons"]?.arrayValue ?? []) + (object["actions"]?.arrayValue ?? []) {
            if let label = button["title"]?.stringValue ?? button["label"]?.stringValue {
                lines.append("• " + (button["url"]?.stringValue.map { "\(label): \($0)" } ?? label))
            }
        }
        return lines.joined(separator: "\n")
    }
}

extension String {
    func replacingNewlines(with replacement: String) -> String {
        split(separator: "\n", omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
