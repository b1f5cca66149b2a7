/// A section of an article: what retrieval ranks and what a stack answers with.
public struct Passage: Sendable, Equatable {
    /// The nearest heading above it ("" before the first heading).
    public var heading: String
    /// Markdown, as written in the article.
    public var text: String
}

/// Splits an article body into passages: one per heading section, and long sections into runs of
/// whole paragraphs of about `target` characters. An answer is then one coherent section, not a
/// whole article, and BM25 is not diluted by everything else the article says.
public enum Passages {
    public static let target = 700

    public static func split(_ body: String, target: Int = Passages.target) -> [Passage] {
        var passages: [Passage] = []
        var heading = ""
        var paragraphs: [String] = []
        var paragraph: [Substring] = []
        var inFence = false

        func endParagraph() {
            let text = paragraph.joined(separator: "\n").trimmed
            if !text.isEmpty { paragraphs.append(text) }
            paragraph = []
        }
        func endSection() {
            endParagraph()
            passages += pack(paragraphs, heading: heading, target: target)
            paragraphs = []
        }

        for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
            let bare = line.trimmed
            if bare.hasPrefix("```") { inFence.toggle(); paragraph.append(line); continue }
            if inFence { paragraph.append(line); continue }
            if let title = Self.heading(bare) {
                endSection()
                heading = title
            } else if bare.isEmpty {
                endParagraph()
            } else {
                paragraph.append(line)
            }
        }
        endSection()
        return passages
    }

    /// "## Returns" → "Returns"; nil for a line that is not an ATX heading.
    static func heading(_ line: String) -> String? {
        let hashes = line.prefix { $0 == "#" }.count
        guard (1...6).contains(hashes), line.dropFirst(hashes).first == " " else { return nil }
        return line.dropFirst(hashes).trimmed
    }

    /// Whole paragraphs into passages of about `target` characters; a paragraph never splits.
    static func pack(_ paragraphs: [String], heading: String, target: Int) -> [Passage] {
        var result: [Passage] = []
        var current: [String] = []
        var size = 0
        for p in paragraphs {
            if size > 0, size + p.count > target {
                result.append(Passage(heading: heading, text: current.joined(separator: "\n\n")))
                current = []
                size = 0
            }
            current.append(p)
            size += p.count
        }
        if !current.isEmpty { result.append(Passage(heading: heading, text: current.joined(separator: "\n\n"))) }
        return result
    }
}
