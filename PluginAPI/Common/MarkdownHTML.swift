/// Markdown → HTML for channels that render HTML (email), so a reply written in Markdown keeps its
/// emphasis, links and lists there instead of being flattened to text.
///
/// The subset replies use, not all of CommonMark: paragraphs (a single line break inside one is
/// kept as `<br>`, as the author typed it), ATX headings, `-`/`*`/`+` and `1.` lists, `>` quotes,
/// fenced code, `inline code`, **strong**, *emphasis*, [links](url) and backslash escapes. Every
/// piece of text is HTML-escaped; a link is a link only with an http, https or mailto address
/// (anything else, `javascript:` included, stays text).
public enum MarkdownHTML {
    public static func render(_ markdown: String) -> String {
        var blocks: [String] = []
        var paragraph: [String] = []
        var list: (ordered: Bool, items: [String])?
        var quote: [String] = []
        var fence: [String]?

        func flushParagraph() {
            if !paragraph.isEmpty { blocks.append("<p>" + paragraph.map(inline).joined(separator: "<br>\n") + "</p>") }
            paragraph = []
        }
        func flushList() {
            if let l = list {
                let tag = l.ordered ? "ol" : "ul"
                blocks.append("<\(tag)>" + l.items.map { "<li>" + inline($0) + "</li>" }.joined() + "</\(tag)>")
            }
            list = nil
        }
        func flushQuote() {
            if !quote.isEmpty { blocks.append("<blockquote>" + render(quote.joined(separator: "\n")) + "</blockquote>") }
            quote = []
        }
        func flushAll() { flushParagraph(); flushList(); flushQuote() }

        for rawLine in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = rawLine.hasSuffix("\r") ? String(rawLine.dropLast()) : String(rawLine)
            if var code = fence {
                if line.trimmingASCIIWhitespace().hasPrefix("```") {
                    blocks.append("<pre><code>" + TextDowngrade.escapeHTML(code.joined(separator: "\n")) + "</code></pre>")
                    fence = nil
                } else {
                    code.append(line)
                    fence = code
                }
                continue
            }
            let trimmed = line.trimmingASCIIWhitespace()
            if trimmed.hasPrefix("```") { flushAll(); fence = []; continue }
            if trimmed.isEmpty { flushAll(); continue }
            if trimmed.hasPrefix(">") {
                flushParagraph(); flushList()
                quote.append(String(trimmed.dropFirst().drop { $0 == " " }))
                continue
            }
            flushQuote()
            if let (level, text) = heading(trimmed) {
                flushParagraph(); flushList()
                blocks.append("<h\(level)>" + inline(text) + "</h\(level)>")
                continue
            }
            if let (ordered, text) = listItem(trimmed) {
                flushParagraph()
                if let l = list, l.ordered != ordered { flushList() }
                list = (ordered, (list?.items ?? []) + [text])
                continue
            }
            if var l = list, line.hasPrefix("  ") || line.hasPrefix("\t") {
                // A continuation line of the last item.
                l.items[l.items.count - 1] += " " + trimmed
                list = l
                continue
            }
            flushList()
            paragraph.append(trimmed)
        }
        if let code = fence { blocks.append("<pre><code>" + TextDowngrade.escapeHTML(code.joined(separator: "\n")) + "</code></pre>") }
        flushAll()
        return blocks.joined(separator: "\n")
    }

    /// "## Title" → (2, "Title").
    private static func heading(_ line: String) -> (Int, String)? {
        let hashes = line.prefix { $0 == "#" }.count
        guard (1...6).contains(hashes) else { return nil }
        let rest = line.dropFirst(hashes)
        guard rest.isEmpty || rest.first == " " else { return nil }
        return (hashes, rest.trimmingASCIIWhitespace())
    }

    /// "- item" / "* item" / "+ item" → (false, "item"); "3. item" / "3) item" → (true, "item").
    private static func listItem(_ line: String) -> (Bool, String)? {
        if let first = line.first, "-*+".contains(first), line.dropFirst().first == " " {
            // "**bold**" at a line start is emphasis, not a list item: the marker needs a space after it.
            return (false, String(line.dropFirst(2)))
        }
        let digits = line.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 9 else { return nil }
        let rest = line.dropFirst(digits.count)
        guard let marker = rest.first, marker == "." || marker == ")", rest.dropFirst().first == " " else { return nil }
        return (true, String(rest.dropFirst(2)))
    }

    /// Inline markup of one line of text, escaped.
    static func inline(_ text: String) -> String {
        let chars = Array(text)
        // Built as bytes, so the positions of open markers stay valid while it grows.
        var out: [UInt8] = []
        func emit(_ s: String) { out.append(contentsOf: s.utf8) }
        // Open emphasis markers ("**", "*", "__", "_") and where their text starts in `out`.
        var open: [(marker: String, at: Int)] = []
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "\\", i + 1 < chars.count, chars[i + 1].isASCII, chars[i + 1].isPunctuation || chars[i + 1].isSymbol {
                emit(TextDowngrade.escapeHTML(String(chars[i + 1])))
                i += 2
                continue
            }
            if c == "`", let end = chars[(i + 1)...].firstIndex(of: "`") {
                emit("<code>" + TextDowngrade.escapeHTML(String(chars[(i + 1)..<end])) + "</code>")
                i = end + 1
                continue
            }
            if c == "[", let (label, url, next) = link(chars, at: i) {
                if let safe = safeURL(url) {
                    emit("<a href=\"" + TextDowngrade.escapeHTML(safe) + "\">" + inline(label) + "</a>")
                } else {
                    emit(inline(label) + " (" + TextDowngrade.escapeHTML(url) + ")")
                }
                i = next
                continue
            }
            if c == "*" || c == "_" {
                let double = i + 1 < chars.count && chars[i + 1] == c
                let marker = double ? String([c, c]) : String(c)
                let after = i + marker.count < chars.count ? chars[i + marker.count] : " "
                // "_" inside a word (snake_case) is text, as in CommonMark.
                let inWord = c == "_" && i > 0 && (chars[i - 1].isLetter || chars[i - 1].isNumber) && (after.isLetter || after.isNumber)
                if !inWord {
                    if let index = open.lastIndex(where: { $0.marker == marker }), out.count > open[index].at {
                        let tag = double ? "strong" : "em"
                        let inner = Array(out[open[index].at...])
                        out.removeSubrange((open[index].at - marker.utf8.count)...)
                        emit("<\(tag)>")
                        out.append(contentsOf: inner)
                        emit("</\(tag)>")
                        open.removeSubrange(index...)
                        i += marker.count
                        continue
                    }
                    if after != " " {
                        // Written as text now; replaced by the tag if a closing marker comes.
                        emit(marker)
                        open.append((marker, out.count))
                        i += marker.count
                        continue
                    }
                }
            }
            emit(TextDowngrade.escapeHTML(String(c)))
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// "[label](url)" starting at `start`: the label, the URL and the index after ")".
    private static func link(_ chars: [Character], at start: Int) -> (String, String, Int)? {
        var depth = 0
        var close: Int?
        for j in start..<chars.count {
            if chars[j] == "[" { depth += 1 }
            if chars[j] == "]" { depth -= 1; if depth == 0 { close = j; break } }
        }
        guard let close, close + 1 < chars.count, chars[close + 1] == "(",
              let end = chars[(close + 2)...].firstIndex(of: ")") else { return nil }
        let url = String(chars[(close + 2)..<end]).trimmingASCIIWhitespace()
        guard !url.isEmpty, !url.contains(" ") else { return nil }
        return (String(chars[(start + 1)..<close]), url, end + 1)
    }

    /// The URL when its scheme is one a mail reader may follow safely.
    private static func safeURL(_ url: String) -> String? {
        let lower = url.lowercased()
        return ["https://", "http://", "mailto:"].contains(where: lower.hasPrefix) ? url : nil
    }
}
