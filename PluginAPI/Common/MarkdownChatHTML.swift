/// Markdown → the inline HTML subset chat apps render (Telegram's `parse_mode: HTML`): no block
/// tags, so paragraphs, headings and list items become lines; emphasis, code, links and quotes
/// keep their tags (`<strong>`, `<em>`, `<code>`, `<pre>`, `<a href>`, `<blockquote>`).
extension MarkdownHTML {
    public static func renderChat(_ markdown: String) -> String {
        var lines: [String] = []
        var fence: [String]?
        var quote: [String] = []
        func flushQuote() {
            if !quote.isEmpty { lines.append("<blockquote>" + quote.map(inline).joined(separator: "\n") + "</blockquote>") }
            quote = []
        }
        for rawLine in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = rawLine.hasSuffix("\r") ? String(rawLine.dropLast()) : String(rawLine)
            let trimmed = line.trimmingASCIIWhitespace()
            if var code = fence {
                if trimmed.hasPrefix("```") {
                    lines.append("<pre>" + TextDowngrade.escapeHTML(code.joined(separator: "\n")) + "</pre>")
                    fence = nil
                } else {
                    code.append(line)
                    fence = code
                }
                continue
            }
            if trimmed.hasPrefix("```") { flushQuote(); fence = []; continue }
            if trimmed.hasPrefix(">") { quote.append(String(trimmed.dropFirst().drop { $0 == " " })); continue }
            flushQuote()
            let hashes = trimmed.prefix { $0 == "#" }.count
            if (1...6).contains(hashes), trimmed.dropFirst(hashes).first == " " {
                lines.append("<strong>" + inline(trimmed.dropFirst(hashes).trimmingASCIIWhitespace()) + "</strong>")
            } else if let first = trimmed.first, "-*+".contains(first), trimmed.dropFirst().first == " " {
                lines.append("• " + inline(String(trimmed.dropFirst(2))))
            } else {
                lines.append(inline(trimmed))
            }
        }
        if let code = fence { lines.append("<pre>" + TextDowngrade.escapeHTML(code.joined(separator: "\n")) + "</pre>") }
        flushQuote()
        return lines.joined(separator: "\n")
    }
}
