import Foundation
import SwitchboardDomain
import SwitchboardSupport
import XCTest

/// Articles, passages and full-text retrieval against a real store: FTS5 with BM25 on SQLite, and
/// on PostgreSQL (SWITCHBOARD_TEST_STORE) the tsvector ranking, which must find the same best passages.
final class KnowledgeTests: StoreTestCase {
    func testMarkdownFilesBecomeArticles() {
        let fronted = MarkdownArticle.parse("---\ntitle: \"Where is my order?\"\ntags: [shipping, orders]\n---\nOrders ship in two days.\n", source: "a.md")
        XCTAssertEqual(fronted, ArticleDraft(title: "Where is my order?", body: "Orders ship in two days.", tags: ["shipping", "orders"], source: "a.md"))
        let headed = MarkdownArticle.parse("\n# Returns\n\nSend it back within 30 days.", source: "dir/returns.md")
        XCTAssertEqual(headed.title, "Returns")
        XCTAssertEqual(headed.body, "Send it back within 30 days.")
        XCTAssertEqual(MarkdownArticle.parse("Just text.", source: "billing/late-fees_faq.md").title, "Late fees faq")
    }

    func testBodiesSplitIntoPassagesByHeadingAndSize() {
        let body = "Intro line.\n\n## Tracking\n\nUse the link.\n\n```\n# not a heading\n```\n\n### Delays\n\n" +
            (1...5).map { "Paragraph \($0) " + String(repeating: "x", count: 300) }.joined(separator: "\n\n")
        let passages = Passages.split(body)
        XCTAssertEqual(passages.map(\.heading), ["", "Tracking", "Delays", "Delays", "Delays"])
        XCTAssertEqual(passages[0].text, "Intro line.")
        XCTAssertTrue(passages[1].text.contains("# not a heading"), "a code fence is not a heading")
        XCTAssertTrue(passages.dropFirst(2).allSatisfy { $0.text.count <= 2 * Passages.target })
    }

    func seed() throws {
        _ = try store.importArticles([
            ArticleDraft(title: "Where is my order?", body: "## Tracking\n\nEvery parcel has a tracking link in the shipping email.\n\n## Delays\n\nCouriers are slower in December.", tags: ["shipping"], source: "orders.md"),
            ArticleDraft(title: "Refunds", body: "Refunds reach your card within 5 days of the return arriving.", source: "refunds.md"),
            ArticleDraft(title: "Passwords", body: "Reset your password from the login page; the tracking of logins is private.", source: "passwords.md"),
        ], collectionID: "help")
        _ = try store.importArticles([ArticleDraft(title: "Internal tracking", body: "Staff tracking sheet.", source: "staff.md")], collectionID: "internal")
    }

    func testSearchRanksPassagesWithBM25AndFiltersCollections() throws {
        try seed()
        let hits = try store.searchKnowledge("How do I track my parcel? The tracking link?", collections: ["help"])
        XCTAssertEqual(hits.first?.title, "Where is my order?")
        XCTAssertEqual(hits.first?.heading, "Tracking")
        XCTAssertEqual(hits.map(\.score), hits.map(\.score).sorted(by: >), "best first")
        XCTAssertFalse(hits.contains { $0.collectionID != "help" })
        XCTAssertTrue(try store.searchKnowledge("tracking", collections: []).contains { $0.collectionID == "internal" }, "no filter: every collection")
        XCTAssertEqual(try store.searchKnowledge("refunds", collections: ["help"]).first?.title, "Refunds", "a title match weighs most")
        XCTAssertEqual(try store.searchKnowledge("the and of", collections: ["help"]), [], "only filler: nothing to search")
    }

    func testCustomerTextIsNeverFTSSyntax() throws {
        try seed()
        for text in ["\"tracking", "NEAR(tracking refunds)", "title:refunds", "tracking*", "-refunds OR", "AND", "{refunds}"] {
            XCTAssertNoThrow(try store.searchKnowledge(text, collections: ["help"]), text)
        }
    }

    func testImportingAgainUpdatesAndDeletingUnindexes() throws {
        try seed()
        let again = try store.importArticles([ArticleDraft(title: "Refunds", body: "Refunds now take 3 days via wombat transfer.", source: "refunds.md")],
                                             collectionID: "help")
        XCTAssertEqual(again.created, 0)
        XCTAssertEqual(again.updated, 1)
        XCTAssertEqual(try store.articles(collectionID: "help", after: nil, limit: 10).count, 3)
        XCTAssertEqual(try store.searchKnowledge("wombat", collections: ["help"]).count, 1)
        XCTAssertEqual(try store.searchKnowledge("card", collections: ["help"]).count, 0, "the old text is gone from the index")
        let refunds = try XCTUnwrap(try store.articles(collectionID: "help", after: nil, limit: 10).first { $0.title == "Refunds" })
        _ = try store.updateArticle(id: refunds.id, title: "Wombat refunds", body: nil, tags: nil)
        try assertTermCountsMatchTheIndex()
        XCTAssertTrue(try store.deleteArticle(id: refunds.id))
        try assertTermCountsMatchTheIndex()
        XCTAssertTrue(try store.deleteCollection(id: "internal"))
        try assertTermCountsMatchTheIndex()
        XCTAssertEqual(try store.searchKnowledge("wombat", collections: ["help"]).count, 0)
        XCTAssertThrowsError(try store.createArticle(ArticleDraft(title: "x", body: "y"), collectionID: "nope")) { error in
            XCTAssertEqual(error as? WorkflowError, .invalid(field: "collection", reason: "no knowledge collection nope"))
        }
        XCTAssertThrowsError(try store.importArticles([ArticleDraft(title: "", body: "y")], collectionID: "help")) { error in
            XCTAssertEqual(error as? WorkflowError, .invalid(field: "articles[0].title", reason: "must be 1 to 500 characters"))
        }
    }

    /// knowledge_terms counts, per term, the passages FTS5 matches for it (and the total under "").
    func assertTermCountsMatchTheIndex(file: StaticString = #filePath, line: UInt = #line) throws {
        try store.write { db in
            let counted = Dictionary(uniqueKeysWithValues: try db.query("SELECT term, passages FROM knowledge_terms", [], { ($0.text(0), $0.int(1)) }))
            XCTAssertEqual(counted[""] ?? 0, try db.queryOne("SELECT COUNT(*) FROM knowledge_passages", [], { $0.int(0) }), file: file, line: line)
            for (term, passages) in counted where !term.isEmpty {
                let matched = db.dialect == .postgres
                    ? try db.queryOne("SELECT COUNT(*) FROM knowledge_fts WHERE document @@ to_tsquery('simple', ?)", [.text("'\(term)'")], { $0.int(0) })
                    : try db.queryOne("SELECT COUNT(*) FROM knowledge_fts WHERE knowledge_fts MATCH ?", [.text("\"\(term)\"")], { $0.int(0) })
                XCTAssertEqual(passages, matched, term, file: file, line: line)
            }
        }
    }

    func testProceduresAttachToTopics() throws {
        _ = try store.putProcedure(Procedure(id: "late-parcel", name: "Late parcel", topics: ["shipping"], steps: ["Check tracking", "Offer a refund"]))
        XCTAssertEqual(try store.procedure(topic: "shipping")?.steps, ["Check tracking", "Offer a refund"])
        XCTAssertNil(try store.procedure(topic: "legal"))
        XCTAssertThrowsError(try Procedure.parse(["name": "x", "steps": []], id: "p")) { error in
            XCTAssertEqual(error as? WorkflowError, .invalid(field: "steps", reason: "needs at least one entry"))
        }
    }
}

/// The query plan: all terms first, the most common dropped one at a time, then rare single terms.
final class KnowledgeQueryPlanTests: XCTestCase {
    func testThePlanRelaxesFromAllTermsAndKeepsCommonTermsOutOfTheOr() {
        XCTAssertEqual(KnowledgeQuery.plan([("parcel", 40), ("track", 10), ("link", 5000)], total: 30_000).map(\.fts5),
                       [#""track" AND "parcel" AND "link""#, #""track" AND "parcel""#, #""track" OR "parcel""#,
                        #"{title heading} : ("track" AND "parcel" AND "link")"#, #"{title heading} : ("track")"#])
        XCTAssertEqual(KnowledgeQuery.plan([("refund", 7000), ("card", 7000)], total: 30_000).map(\.fts5),
                       [#"{title heading} : ("card" AND "refund")"#, #"{title heading} : ("card")"#],
                       "common terms: scoring the passages with both would cost too much; titles and headings instead")
        XCTAssertEqual(KnowledgeQuery.plan([("refund", 700), ("card", 700)], total: 30_000).map(\.fts5),
                       [#""card" AND "refund""#, #""card""#, #"{title heading} : ("card" AND "refund")"#, #"{title heading} : ("card")"#],
                       "the OR takes rare terms while they fit the budget")
        XCTAssertEqual(KnowledgeQuery.plan([("ghost", 0), ("refund", 3)], total: 10).map(\.fts5), [#""refund""#], "unknown terms are dropped")
        XCTAssertEqual(KnowledgeQuery.plan([], total: 10).map(\.fts5), [])
    }

    func testEachStepIsATSQueryForPostgreSQL() {
        let plan = KnowledgeQuery.plan([("parcel", 40), ("track", 10), ("link", 5000)], total: 30_000)
        XCTAssertEqual(plan.map(\.tsquery), ["'track' & 'parcel' & 'link'", "'track' & 'parcel'", "'track' | 'parcel'",
                                              "'track':AB & 'parcel':AB & 'link':AB", "'track':AB"])
    }

    func testSearchTermsMatchTheClassifiersWords() {
        XCTAssertEqual(TextTokens.searchTerms("Tracking my parcels for order 12345 (error E42)"), ["track", "parcel", "order", "error", "e42"])
    }
}
