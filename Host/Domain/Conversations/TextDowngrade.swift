/// Turning rich text into what a simpler channel shows.
enum TextDowngrade {
    /// Markdown → plain: emphasis markers dropped, links as "text (url)", headings and code fences unwrapped.
    static func markdownToPlain(_ markdown: String) -> String {
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

    /// HTML → plain: tags dropped (block tags become line breaks), common entities decoded.
    static func htmlToPlain(_ html: String) -> String {
        var out = ""
        var i = html.startIndex
        while i < html.endIndex {
            if html[i] == "<", let close = html[i...].firstIndex(of: ">") {
                let tag = html[html.index(after: i)..<close].lowercased()
                let name = tag.drop { $0 == "/" }.prefix { $0.isLetter || $0.isNumber }
                if ["br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4"].contains(String(name)) {
                    if tag.hasPrefix("/") || name == "br" { out += "\n" } else if name == "li" { out += "• " }
                }
                i = html.index(after: close)
                continue
            }
            if html[i] == "&", let semi = html[i...].prefix(10).firstIndex(of: ";") {
                let entity = String(html[html.index(after: i)..<semi])
                let decoded: String? = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "#39": "'", "apos": "'", "nbsp": " "][entity]
                if let decoded { out += decoded; i = html.index(after: semi); continue }
            }
            out.append(html[i])
            i = html.index(after: i)
        }
        while out.contains("\n\n\n") { out = out.replacingNewlinesRuns() }
        return out.trimmingTrailingNewlines()
    }

    static func escapeHTML(_ text: String) -> String {
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
