/// Turning rich text into what a simpler channel shows. Shared by the host (OutputFitting) and
/// Swift plugins that render more than one part (the email channel's HTML and plain-text parts).
public enum TextDowngrade {
    /// Markdown → plain: emphasis markers dropped, links as "text (url)", headings and code fences unwrapped.
    public static func markdownToPlain(_ markdown: String) -> String {
        var out = ""
        let chars = Array(markdown)
        var i = 0
        func peek(_ k: Int) -> Character? { i + k < chars.count ? chars[i + k] : nil }
        var lineStart = true
        while i < chars.count {
            let c = chars[i]
            if lineStart {
                // Headings and code fences.
                var j = i
                while j < chars.count, chars[j] == "#" { j += 1 }
                if j > i, j < chars.count, chars[j] == " " { i = j + 1; lineStart = false; continue }
                if c == "`", peek(1) == "`", peek(2) == "`" {
                    while i < chars.count, chars[i] != "\n" { i += 1 }
                    if i < chars.count { i += 1 }
                    continue
                }
            }
            switch c {
            case "*", "_", "`", "~":
                i += 1
                continue
            case "[":
                if let close = chars[i...].firstIndex(of: "]"), close + 1 < chars.count, chars[close + 1] == "(",
                   let end = chars[(close + 1)...].firstIndex(of: ")") {
                    let label = String(chars[(i + 1)..<close])
                    let url = String(chars[(close + 2)..<end])
                    out += label == url ? url : "\(label) (\(url))"
                    i = end + 1
                    lineStart = false
                    continue
                }
            case "\\":
                if let next = peek(1) { out.append(next); i += 2; continue }
            default: break
            }
            out.append(c)
            lineStart = c == "\n"
            i += 1
        }
        return out
    }

    /// HTML → plain: tags dropped (block tags become line breaks), links as "text (url)" like
    /// `markdownToPlain`, so a plain-text reader still has the address; common entities decoded.
    public static func htmlToPlain(_ html: String) -> String {
        var out = ""
        var link: (href: String, textStart: String.Index)?
        var i = html.startIndex
        while i < html.endIndex {
            if html[i] == "<", let close = html[i...].firstIndex(of: ">") {
                let tag = html[html.index(after: i)..<close].lowercased()
                let name = tag.drop { $0 == "/" }.prefix { $0.isLetter || $0.isNumber }
                if ["br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "ul", "ol"].contains(String(name)) {
                    if tag.hasPrefix("/") || name == "br" { out += "\n" } else if name == "li" { out += "• " }
                } else if ["style", "script", "head", "title"].contains(String(name)), !tag.hasPrefix("/") {
                    // Their content is not text a reader sees: skip to the closing tag.
                    let closing = "</" + name
                    var j = close
                    while j < html.endIndex, !(html[j] == "<" && html[j...].prefix(closing.count).lowercased() == closing) {
                        j = html.index(after: j)
                    }
                    i = html[j...].firstIndex(of: ">").map { html.index(after: $0) } ?? html.endIndex
                    continue
                } else if name == "a" {
                    if tag.hasPrefix("/") {
                        if let open = link {
                            let label = out[open.textStart...]
                            if !open.href.isEmpty && label != open.href && !open.href.hasPrefix("mailto:") { out += " (\(open.href))" }
                        }
                        link = nil
                    } else {
                        link = (decodeEntities(attribute("href", in: String(html[html.index(after: i)..<close])) ?? ""), out.endIndex)
                    }
                }
                i = html.index(after: close)
                continue
            }
            if html[i] == "&", let semi = html[i...].prefix(10).firstIndex(of: ";"),
               let decoded = entities[String(html[html.index(after: i)..<semi])] {
                out += decoded
                i = html.index(after: semi)
                continue
            }
            out.append(html[i])
            i = html.index(after: i)
        }
        while out.contains("\n\n\n") { out = out.replacingNewlinesRuns() }
        return out.trimmingTrailingNewlines()
    }

    private static let entities = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "#39": "'", "apos": "'", "nbsp": " "]

    private static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = ""
        var i = text.startIndex
        while i < text.endIndex {
            if text[i] == "&", let semi = text[i...].prefix(10).firstIndex(of: ";"),
               let decoded = entities[String(text[text.index(after: i)..<semi])] {
                out += decoded
                i = text.index(after: semi)
                continue
            }
            out.append(text[i])
            i = text.index(after: i)
        }
        return out
    }

    /// The value of `name="…"` (or '…', or unquoted) inside a tag's text, nil when absent. Names
    /// compare ASCII-case-insensitively; the value keeps its case (URLs).
    private static func attribute(_ name: String, in tag: String) -> String? {
        let b = Array(tag.utf8), n = Array(name.utf8)
        func lower(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c | 0x20 : c }
        func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }
        var i = 0
        while i + n.count < b.count {
            let boundary = i == 0 || isSpace(b[i - 1])
            if boundary, b[i + n.count] == UInt8(ascii: "="), (0..<n.count).allSatisfy({ lower(b[i + $0]) == n[$0] }) {
                var start = i + n.count + 1
                let quote = start < b.count ? b[start] : 0
                let quoted = quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'")
                if quoted { start += 1 }
                var end = start
                while end < b.count, quoted ? b[end] != quote : !(isSpace(b[end]) || b[end] == UInt8(ascii: ">")) { end += 1 }
                return String(decoding: b[start..<end], as: UTF8.self)
            }
            i += 1
        }
        return nil
    }

    public static func escapeHTML(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }
}

private extension String {
    func replacingNewlinesRuns() -> String {
        split(separator: "\n", omittingEmptySubsequences: false).reduce(into: [Substring]()) { lines, line in
            if line.isEmpty, lines.count >= 2, lines[lines.count - 1].isEmpty, lines[lines.count - 2].isEmpty { return }
            lines.append(line)
        }.joined(separator: "\n")
    }

    func trimmingTrailingNewlines() -> String {
        var s = self[...]
        while s.last == "\n" { s = s.dropLast() }
        return String(s)
    }
}
