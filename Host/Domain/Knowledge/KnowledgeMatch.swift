#if canImport(Glibc)
import Glibc
#endif

/// One step of a knowledge search plan: passages with all (or any) of some terms, anywhere or only
/// in titles and headings. Each store ranks it its own way (KnowledgeQuery.hits): FTS5's bm25 on
/// SQLite; on PostgreSQL the tsvector of knowledge_fts, ranked like BM25 as a sum over the terms of
/// each one's IDF (from knowledge_terms) times ts_rank_cd, which weighs a title occurrence most, then
/// a heading, and normalises by the passage's length.
public struct KnowledgeMatch: Equatable, Sendable {
    public enum Join: Sendable { case all, any }

    /// Search terms (TextTokens.searchTerms) with the number of passages containing each.
    public let terms: [KnowledgeTerm]
    public let join: Join
    public let titlesAndHeadings: Bool

    /// The FTS5 MATCH expression.
    public var fts5: String {
        let joined = terms.map { KnowledgeQuery.quoted($0.term) }.joined(separator: join == .all ? " AND " : " OR ")
        return titlesAndHeadings ? "{title heading} : (\(joined))" : joined
    }

    /// The PostgreSQL tsquery text (for to_tsquery('simple', …)); titles and headings are weights A and B.
    public var tsquery: String {
        terms.map { Self.tsqueryTerm($0.term, titlesAndHeadings: titlesAndHeadings) }.joined(separator: join == .all ? " & " : " | ")
    }

    /// A term as a tsquery lexeme: quoted, so it is never read as an operator.
    static func tsqueryTerm(_ term: String, titlesAndHeadings: Bool) -> String {
        "'" + term.replacing("\\", with: "\\\\").replacing("'", with: "''") + "'" + (titlesAndHeadings ? ":AB" : "")
    }

    /// BM25's inverse document frequency of a term found in `passages` of `total` passages.
    static func idf(passages: Int, total: Int) -> Double {
        log(1 + (Double(total - passages) + 0.5) / (Double(passages) + 0.5))
    }
}

public struct KnowledgeTerm: Equatable, Sendable {
    public let term: String
    public let passages: Int
}

extension KnowledgeQuery {
    /// Column weights for ts_rank_cd, in its order D, C, B, A: text (D), unused, heading (B), title (A),
    /// in the proportions of bm25's `weights`.
    static let tsWeights = "{0.25, 0, 0.5, 1.0}"

    /// The best `limit` passages the step matches as (id, rank) rows, lowest rank best on both stores.
    static func hits(_ match: KnowledgeMatch, collections: [String], limit: Int, total: Int,
                     dialect: SQLDialect) -> (sql: String, values: [SQLValue]) {
        switch dialect {
        case .sqlite:
            return ("""
                SELECT rowid AS id, bm25(knowledge_fts, \(weights)) AS rank FROM knowledge_fts
                WHERE knowledge_fts MATCH ? ORDER BY rank LIMIT ?
                """, [.text(restricted(match.fts5, to: collections)), .integer(Int64(limit))])
        case .postgres:
            // Each term scored alone and weighed by its IDF, as BM25 sums over terms; negated, as bm25() is.
            var values: [SQLValue] = []
            let score = match.terms.map { term in
                values += [.real(KnowledgeMatch.idf(passages: term.passages, total: total)),
                           .text(KnowledgeMatch.tsqueryTerm(term.term, titlesAndHeadings: match.titlesAndHeadings))]
                return "? * ts_rank_cd('\(tsWeights)', document, to_tsquery('simple', ?), 1)"
            }.joined(separator: " + ")
            values.append(.text(match.tsquery))
            var filter = ""
            if !collections.isEmpty {
                filter = " AND collection IN (\(collections.map { _ in "?" }.joined(separator: ", ")))"
                values += collections.map { .text(collectionToken($0)) }
            }
            values.append(.integer(Int64(limit)))
            return ("""
                SELECT rowid AS id, -(\(score)) AS rank FROM knowledge_fts
                WHERE document @@ to_tsquery('simple', ?)\(filter) ORDER BY rank, rowid LIMIT ?
                """, values)
        }
    }
}
