import SwitchboardSupport

/// The built-in engine's reply, written from what it found: the best passage under its article's
/// title, and what a tool answered. Markdown; the outbox fits it to the channel (plain text for SMS).
public enum AnswerComposer {
    public static func compose(passage: PassageHit?, toolAnswers: [String]) -> String? {
        var parts: [String] = []
        if let passage {
            let title = passage.heading.isEmpty || passage.heading == passage.title ? passage.title : "\(passage.title): \(passage.heading)"
            parts.append("**\(title)**\n\n\(passage.text)")
        }
        parts += toolAnswers
        return parts.isEmpty ? nil : parts.joined(separator: "\n\n")
    }

    /// The same reply written within a channel's output rule: spoken → one or two short sentences
    /// without the title, formatting or links; plain → no Markdown; and within the maximum length,
    /// cut at a sentence (or word) boundary rather than mid-word.
    public static func compose(passage: PassageHit?, toolAnswers: [String], rule: OutputRule) -> (text: String, format: TextFormat)? {
        if rule.spoken {
            let body = ([passage?.text].compactMap { $0 } + toolAnswers).joined(separator: " ")
            let sentences = Self.sentences(Self.withoutLinks(Self.plain(body)))
            guard !sentences.isEmpty else { return nil }
            return (Self.within(sentences.prefix(2).joined(separator: " "), rule.limits.maxTextLength), .plain)
        }
        guard let text = compose(passage: passage, toolAnswers: toolAnswers) else { return nil }
        let written = rule.format == .markdown ? text : Self.plain(text)
        return (Self.within(written, rule.limits.maxTextLength), rule.format == .markdown ? .markdown : .plain)
    }

    /// Without the Markdown this composer writes (bold markers).
    static func plain(_ text: String) -> String { text.replacing("**", with: "") }

    static func withoutLinks(_ text: String) -> String {
        text.split(separator: " ", omittingEmptySubsequences: false)
            .filter { !($0.hasPrefix("http://") || $0.hasPrefix("https://") || $0.hasPrefix("www.")) }.joined(separator: " ")
    }

    static func sentences(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        for ch in text.replacing("\n", with: " ") {
            current.append(ch)
            if ".!?".contains(ch) {
                let s = current.trimmingSpaces
                if !s.isEmpty { result.append(s) }
                current = ""
            }
        }
        let rest = current.trimmingSpaces
        if !rest.isEmpty { result.append(rest) }
        return result
    }

    /// At most `limit` characters (0: any): whole sentences when some fit, else whole words and "…".
    static func within(_ text: String, _ limit: Int) -> String {
        guard limit > 0, text.count > limit else { return text }
        var kept = ""
        for sentence in sentences(text) {
            let next = kept.isEmpty ? sentence : kept + " " + sentence
            if next.count > limit { break }
            kept = next
        }
        if !kept.isEmpty { return kept }
        var words = ""
        for word in text.split(separator: " ") {
            let next = words.isEmpty ? String(word) : words + " " + word
            if next.count > limit - 1 { break }
            words = next
        }
        return words.isEmpty ? String(text.prefix(limit - 1)) + "…" : words + "…"
    }

    /// "Order A-1001: status shipped, carrier UPS, tracking 1Z999." from an order lookup's answer.
    public static func orderSummary(orderID: String?, result: JSON) -> String {
        if result["found"]?.boolValue == false {
            return "I could not find an order \(orderID ?? "with that number"). Could you check the number?"
        }
        var facts: [String] = []
        for (key, value) in result.objectValue ?? JSONObject() where !["id", "order_id", "type", "found"].contains(key) {
            switch value {
            case .string, .number, .bool: facts.append("\(key.split(separator: "_").joined(separator: " ")) \(StackNotes.scalar(value))")
            default: continue
            }
        }
        let id = orderID ?? result["order_id"]?.stringValue ?? result["id"]?.stringValue
        let head = id.map { "Order \($0)" } ?? "Your order"
        return facts.isEmpty ? "\(head): I found it, but it has no details I can share." : "\(head): " + facts.joined(separator: ", ") + "."
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        var s = self[...]
        while let c = s.first, c.isWhitespace { s = s.dropFirst() }
        while let c = s.last, c.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
