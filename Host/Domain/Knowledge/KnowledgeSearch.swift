import SwitchboardSupport

/// Full-text retrieval of passages: SQLite FTS5, ranked by BM25, a match in the title weighing more
/// than one in a heading, and a heading more than the text (on PostgreSQL, a tsvector ranked alike:
/// KnowledgeMatch).
///
/// FTS5 scores every passage a query matches, so a query of common words ("order", "card") costs as
/// much as the thousands of passages that contain them. The plan keeps that bounded, precision
/// first: passages with all of the question's search terms; then without its most common term, and
/// so on down to two terms; then any of its rare terms; and for a question made only of common
/// words, titles and headings (what a generic question like "where is my order" is answered by).
/// Each step runs only when the per-term passage counts (`knowledge_terms`) say it scores at most
/// about `budget` passages; the first step that finds passages wins. Rare terms carry most of
/// BM25's weight anyway (IDF).
public enum KnowledgeQuery {
    /// At most this many terms of a question are searched (the rarest ones).
    public static let maxTerms = 8
    /// About the most passages one step may score (1–2 µs each).
    public static let budget = 1000
    /// The passage count kept in knowledge_terms under this key.
    static let totalKey = ""

    /// The steps to try in order; the first that finds passages wins.
    /// `terms` are the question's search terms with the number of passages containing each; `total`
    /// is the number of passages.
    public static func plan(_ terms: [(term: String, passages: Int)], total: Int) -> [KnowledgeMatch] {
        var seen = Set<String>()
        let usable = terms.filter { $0.passages > 0 && seen.insert($0.term).inserted }
            .sorted { ($0.passages, $0.term) < ($1.passages, $1.term) }
            .prefix(maxTerms).map { KnowledgeTerm(term: $0.term, passages: $0.passages) }
        guard !usable.isEmpty else { return [] }
        var plan: [KnowledgeMatch] = []
        if usable.count >= 2 {
            for k in stride(from: usable.count, through: 2, by: -1) {
                let subset = usable.prefix(k)
                // Expected size if the terms were independent: skip a step that would score too many.
                let expected = subset.dropFirst().reduce(Double(subset.first!.passages)) { $0 * Double($1.passages) / Double(max(total, 1)) }
                if expected <= Double(budget) { plan.append(KnowledgeMatch(terms: Array(subset), join: .all, titlesAndHeadings: false)) }
            }
        }
        var left = budget
        var any: [KnowledgeTerm] = []
        for t in usable where t.passages <= left {
            any.append(t)
            left -= t.passages
        }
        if !any.isEmpty { plan.append(KnowledgeMatch(terms: any, join: .any, titlesAndHeadings: false)) }
        if any.count < usable.count {
            // Common words: where they are the subject (a title or a heading), not merely mentioned.
            if usable.count >= 2 { plan.append(KnowledgeMatch(terms: usable, join: .all, titlesAndHeadings: true)) }
            plan.append(KnowledgeMatch(terms: [usable[0]], join: .all, titlesAndHeadings: true))
        }
        return plan
    }

    /// A term as an FTS5 string: never read as query syntax (NEAR, a column filter, a stray quote).
    static func quoted(_ term: String) -> String {
        "\"" + term.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }

    /// Column weights for bm25(): title, heading, text; the collection token does not count.
    static let weights = "4.0, 2.0, 1.0, 0.0"

    /// One token per collection, whatever characters its id has: "c" + the id's bytes in hex.
    public static func collectionToken(_ id: String) -> String {
        let hex = Array("0123456789abcdef".utf8)
        return "c" + String(decoding: id.utf8.flatMap { [hex[Int($0 >> 4)], hex[Int($0 & 0x0F)]] }, as: UTF8.self)
    }

    /// The expression restricted to passages of the given collections (all when empty).
    static func restricted(_ expression: String, to collections: [String]) -> String {
        guard !collections.isEmpty else { return expression }
        return "(\(expression)) AND collection : (" + collections.map { quoted(collectionToken($0)) }.joined(separator: " OR ") + ")"
    }
}

extension Store {
    /// The best passages for free text, best first, from the given collections (all when empty).
    public func searchKnowledge(_ text: String, collections: [String], limit: Int = 5) throws -> [PassageHit] {
        let terms = Array(Set(TextTokens.searchTerms(text)))
        guard !terms.isEmpty, limit > 0 else { return [] }
        return try read { db in
            // Filtering by collection costs a walk of the collection's token: skip it when every collection is wanted.
            var collections = collections
            if !collections.isEmpty, Set(try db.query("SELECT id FROM knowledge_collections", [], { $0.text(0) })).isSubset(of: collections) {
                collections = []
            }
            let counts = try db.query(
                "SELECT term, passages FROM knowledge_terms WHERE term IN (\((terms + [KnowledgeQuery.totalKey]).map { _ in "?" }.joined(separator: ",")))",
                (terms + [KnowledgeQuery.totalKey]).map(SQLValue.text), { ($0.text(0), Int($0.int(1))) })
            let total = counts.first { $0.0 == KnowledgeQuery.totalKey }?.1 ?? 0
            for match in KnowledgeQuery.plan(counts.filter { $0.0 != KnowledgeQuery.totalKey }.map { (term: $0.0, passages: $0.1) }, total: total) {
                let hits = try Self.searchKnowledge(db, match: match, collections: collections, limit: limit, total: total)
                if !hits.isEmpty { return hits }
            }
            return []
        }
    }

    static func searchKnowledge(_ db: StoreConnection, match: KnowledgeMatch, collections: [String], limit: Int,
                                total: Int) throws -> [PassageHit] {
        // Rank inside the index first and join only the winners: the join never touches the long tail.
        let hits = KnowledgeQuery.hits(match, collections: collections, limit: limit, total: total, dialect: db.dialect)
        return try db.query(
            """
            SELECT p.id, p.article_id, a.collection_id, a.title, p.heading, p.text, hits.rank
            FROM (\(hits.sql)) hits
            JOIN knowledge_passages p ON p.id = hits.id
            JOIN knowledge_articles a ON a.id = p.article_id
            ORDER BY hits.rank, p.id
            """, hits.values,
            { PassageHit(passageID: $0.int(0), articleID: $0.text(1), collectionID: $0.text(2), title: $0.text(3),
                         heading: $0.text(4), text: $0.text(5), score: -$0.double(6)) })
    }
}
