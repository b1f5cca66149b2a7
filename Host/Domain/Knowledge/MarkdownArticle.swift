/// A Markdown file as an article: the title from front matter (`title:`), else the first `# heading`,
/// else the file name; tags from front matter (`tags: [a, b]` or `tags: a, b`).
///
///     ---
///     title: Where is my order?
///     tags: [shipping, orders]
///     ---
///     Orders ship within two working days…
public enum MarkdownArticle {
    public static func parse(_ markdown: String, source: String) -> ArticleDraft {
        var lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
        var title: String?
        var tags: [String] = []
        if lines.first?.trimmed == "---", let end = lines.dropFirst().firstIndex(where: { $0.trimmed == "---" }) {
            for line in lines[1..<end] {
                guard let colon = line.firstIndex(of: ":") else { continue }
                let key = line[..<colon].trimmed.lowercased()
                let value = line[line.index(after: colon)...].trimmed
                switch key {
                case "title": title = unquote(value)
                case "tags": tags = list(value)
                default: break
                }
            }
            lines.removeSubrange(0...end)
        }
        if title == nil, let first = lines.firstIndex(where: { !$0.trimmed.isEmpty }), lines[first].hasPrefix("# ") {
            title = lines[first].dropFirst(2).trimmed
            lines.remove(at: first)
        }
        let body = lines.joined(separator: "\n").trimmed
        return ArticleDraft(title: (title?.isEmpty ?? true) ? titleFromFileName(source) : title!, body: body, tags: tags, source: source)
    }

    /// "shipping/where-is-my_order.md" → "Where is my order".
    static func titleFromFileName(_ path: String) -> String {
        var name = String(path.split(separator: "/").last ?? "")
        if let dot = name.lastIndex(of: "."), dot != name.startIndex { name = String(name[..<dot]) }
        let words = name.split(whereSeparator: { $0 == "-" || $0 == "_" || $0 == " " })
        let text = words.joined(separator: " ")
        return text.isEmpty ? "Untitled" : text.prefix(1).uppercased() + text.dropFirst()
    }

    static func list(_ value: String) -> [String] {
        var v = Substring(value)
        if v.hasPrefix("["), v.hasSuffix("]") { v = v.dropFirst().dropLast() }
        return v.split(separator: ",").map { unquote($0.trimmed) }.filter { !$0.isEmpty }
    }

    static func unquote(_ s: String) -> String {
        if s.count >= 2, let f = s.first, f == s.last, f == "\"" || f == "'" { return String(s.dropFirst().dropLast()) }
        return s
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces, tabs and newlines.
    var trimmed: String {
        var s = self[...]
        while let c = s.first, c == " " || c == "\t" || c == "\n" || c == "\r" { s = s.dropFirst() }
        while let c = s.last, c == " " || c == "\t" || c == "\n" || c == "\r" { s = s.dropLast() }
        return String(s)
    }
}
