import SwitchboardSupport

/// Full-text retrieval of passages: SQLite FTS5 (Porter stemming) ranked by BM25, a title match
/// weighing more than a heading match, and a heading more than body text.
public enum KnowledgeQuery {
    /// At most this many distinct words of a query are searched (a long message stays cheap).
    public static let maxWords = 24

    /// The FTS5 MATCH expression for free text: its content words, each quoted, OR-ed; nil when
    /// there is nothing to search for. Quoting makes every word a plain term, so customer text
    /// can never be read as FTS5 query syntax (NEAR, column filters, a stray quote).
    public static func matchExpression(_ text: String) -> String? {
        var seen = Set<String>()
        let words = TextTokens.contentWords(text).filter { seen.insert($0).inserted }.prefix(maxWords)
        guard !words.isEmpty else { return nil }
        return words.map { "\"" + $0.replacingQuotes() + "\"" }.joined(separator: " OR ")
    }

    /// Column weights for bm25(): title, heading, text (collection_id is unindexed).
    static let weights = "4.0, 2.0, 1.0, 0.0"
}

extension Store {
    /// The best passages for free text, best first, from the given collections (all when empty).
    public func searchKnowledge(_ text: String, collections: [String], limit: Int = 5) throws -> [PassageHit] {
        guard let match = KnowledgeQuery.matchExpression(text), limit > 0 else { return [] }
        return try read { db in try Self.searchKnowledge(db, match: match, collections: collections, limit: limit) }
    }

    static func searchKnowledge(_ db: SQLiteConnection, match: String, collections: [String], limit: Int) throws -> [PassageHit] {
        let filter = collections.isEmpty ? "" : "AND collection_id IN (\(collections.map { _ in "?" }.joined(separator: ",")))"
        // Rank inside FTS5 first and join only the winners: the join never touches the long tail.
        return try db.query(
            """
            SELECT p.id, p.article_id, a.collection_id, a.title, p.heading, p.text, hits.rank
            FROM (SELECT rowid AS id, bm25(knowledge_fts, \(KnowledgeQuery.weights)) AS rank FROM knowledge_fts
                  WHERE knowledge_fts MATCH ? \(filter) ORDER BY rank LIMIT ?) hits
            JOIN knowledge_passages p ON p.id = hits.id
            JOIN knowledge_articles a ON a.id = p.article_id
            ORDER BY hits.rank
            """, [.text(match)] + collections.map(SQLValue.text) + [.integer(Int64(limit))],
            { PassageHit(passageID: $0.int(0), articleID: $0.text(1), collectionID: $0.text(2), title: $0.text(3),
                         heading: $0.text(4), text: $0.text(5), score: -$0.double(6)) })
    }
}

private extension String {
    func replacingQuotes() -> String { split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") }
}
