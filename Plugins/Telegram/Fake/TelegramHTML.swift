/// Telegram's `parse_mode: HTML`: only its tags (b, strong, i, em, u, ins, s, strike, del,
/// span class="tg-spoiler", tg-spoiler, a href, code, pre, blockquote, tg-emoji), properly
/// nested, and `<`, `>`, `&` escaped everywhere else; anything else is "can't parse entities".
enum TelegramHTML {
    static let tags: Set<String> = ["b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a", "code",
                                    "pre", "blockquote", "tg-emoji"]

    /// Why Telegram would refuse the text, or nil.
    static func problem(in text: String) -> String? {
        var open: [String] = []
        let chars = Array(text.unicodeScalars)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == ">" { return "unexpected > at byte offset \(i)" }
            if c == "&" {
                guard let semi = chars[i...].firstIndex(of: ";"), semi - i <= 8 else { return "unsupported entity at offset \(i)" }
                i = semi + 1
                continue
            }
            guard c == "<" else { i += 1; continue }
            guard let close = chars[i...].firstIndex(of: ">") else { return "unclosed start tag at offset \(i)" }
            var tag = String(String.UnicodeScalarView(chars[(i + 1)..<close]))
            let closing = tag.hasPrefix("/")
            if closing { tag.removeFirst() }
            let name = String(tag.prefix { $0 != " " }).lowercased()
            guard tags.contains(name) else { return "unsupported start tag \"\(name)\" at offset \(i)" }
            if closing {
                guard open.last == name else { return "can't find end tag corresponding to start tag \"\(open.last ?? name)\"" }
                open.removeLast()
            } else {
                open.append(name)
            }
            i = close + 1
        }
        return open.isEmpty ? nil : "can't find end tag corresponding to start tag \"\(open.last!)\""
    }
}
