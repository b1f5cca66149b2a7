import SwitchboardSupport

extension Store {
    static let articleColumns = "id, collection_id, title, body, tags, source, created_at, updated_at"

    static func article(_ r: Row) -> KnowledgeArticle {
        KnowledgeArticle(id: r.text(0), collectionID: r.text(1), title: r.text(2), body: r.text(3),
                         tags: (try? JSON.parse(r.text(4)))?.arrayValue?.compactMap(\.stringValue) ?? [],
                         source: r.optionalText(5), createdAt: r.int(6), updatedAt: r.int(7))
    }

    static func collection(_ r: Row) -> KnowledgeCollection {
        KnowledgeCollection(id: r.text(0), name: r.text(1), description: r.text(2), articleCount: Int(r.int(3)),
                            createdAt: r.int(4), updatedAt: r.int(5))
    }

    static let collectionColumns = """
        id, name, description, (SELECT COUNT(*) FROM knowledge_articles a WHERE a.collection_id = knowledge_collections.id), created_at, updated_at
        """

    // MARK: collections

    public func createCollection(id: String, name: String?, description: String = "") throws -> KnowledgeCollection {
        guard DefinitionFields.isValidID(id) else { throw WorkflowError.invalid(field: "id", reason: "must be 1-64 characters of a-z, 0-9, '-' or '_'") }
        return try write { db in
            guard try !Self.collectionExists(db, id) else { throw WorkflowError.conflict("collection \(id) already exists") }
            let now = Clock.nowMillis()
            try db.run("INSERT INTO knowledge_collections (id, name, description, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                       [.text(id), .text(name ?? id), .text(description), .integer(now), .integer(now)])
            return try db.queryOne("SELECT \(Self.collectionColumns) FROM knowledge_collections WHERE id = ?", [.text(id)], Self.collection)!
        }
    }

    public func collections() throws -> [KnowledgeCollection] {
        try read { db in try db.query("SELECT \(Self.collectionColumns) FROM knowledge_collections ORDER BY id", [], Self.collection) }
    }

    public func collection(id: String) throws -> KnowledgeCollection? {
        try read { db in try db.queryOne("SELECT \(Self.collectionColumns) FROM knowledge_collections WHERE id = ?", [.text(id)], Self.collection) }
    }

    static func collectionExists(_ db: StoreConnection, _ id: String) throws -> Bool {
        try db.queryOne("SELECT 1 FROM knowledge_collections WHERE id = ?", [.text(id)], { _ in true }) != nil
    }

    /// Delete a collection and its articles, unless a stack answers from it.
    public func deleteCollection(id: String) throws -> Bool {
        try write { db in
            let users = try db.query(
                "SELECT s.id FROM agent_stacks s, json_each(s.definition, '$.collections') c WHERE c.value = ? ORDER BY s.id",
                [.text(id)], { $0.text(0) })
            guard users.isEmpty else {
                throw WorkflowError.conflict("stacks \(users.joined(separator: ", ")) answer from collection \(id); change them first")
            }
            var counts = TermCounts()
            for article in try db.query("SELECT id FROM knowledge_articles WHERE collection_id = ?", [.text(id)], { $0.text(0) }) {
                try Self.unindex(db, articleID: article, counts: &counts)
            }
            try counts.apply(db)
            try db.run("DELETE FROM knowledge_articles WHERE collection_id = ?", [.text(id)])
            try db.run("DELETE FROM knowledge_collections WHERE id = ?", [.text(id)])
            return db.changes > 0
        }
    }

    // MARK: articles

    /// Add an article to an existing collection.
    public func createArticle(_ draft: ArticleDraft, collectionID: String) throws -> KnowledgeArticle {
        try Self.checkDraft(draft)
        return try write { db in
            guard try Self.collectionExists(db, collectionID) else {
                throw WorkflowError.invalid(field: "collection", reason: "no knowledge collection \(collectionID)")
            }
            var counts = TermCounts()
            let id = try Self.upsertArticle(db, draft, collectionID: collectionID, now: Clock.nowMillis(), counts: &counts).id
            try counts.apply(db)
            return try db.queryOne("SELECT \(Self.articleColumns) FROM knowledge_articles WHERE id = ?", [.text(id)], Self.article)!
        }
    }

    /// Change an article's title, body or tags (nil leaves it); its passages are indexed again.
    public func updateArticle(id: String, title: String?, body: String?, tags: [String]?) throws -> KnowledgeArticle {
        try write { db in
            guard var article = try db.queryOne("SELECT \(Self.articleColumns) FROM knowledge_articles WHERE id = ?", [.text(id)], Self.article)
            else { throw WorkflowError.notFound(what: "article", id: id) }
            if let title { article.title = title }
            if let body { article.body = body }
            if let tags { article.tags = tags }
            let draft = ArticleDraft(title: article.title, body: article.body, tags: article.tags, source: article.source)
            try Self.checkDraft(draft)
            let now = Clock.nowMillis()
            var counts = TermCounts()
            try Self.unindex(db, articleID: id, counts: &counts)   // before the title changes: it was indexed with the old one
            try db.run("UPDATE knowledge_articles SET title = ?, body = ?, tags = ?, updated_at = ? WHERE id = ?",
                       [.text(draft.title), .text(draft.body), .text(JSON.array(draft.tags.map(JSON.string)).serialized), .integer(now), .text(id)])
            _ = try Self.index(db, articleID: id, collectionID: article.collectionID, draft: draft, counts: &counts)
            try counts.apply(db)
            return try db.queryOne("SELECT \(Self.articleColumns) FROM knowledge_articles WHERE id = ?", [.text(id)], Self.article)!
        }
    }

    /// Import articles into a collection (created when missing), in one transaction: an article whose
    /// source was imported before is updated in place, so importing a folder again does not duplicate it.
    public func importArticles(_ drafts: [ArticleDraft], collectionID: String, collectionName: String? = nil) throws -> ImportSummary {
        guard DefinitionFields.isValidID(collectionID) else {
            throw WorkflowError.invalid(field: "collection", reason: "must be 1-64 characters of a-z, 0-9, '-' or '_'")
        }
        for (i, draft) in drafts.enumerated() {
            do { try Self.checkDraft(draft) } catch let WorkflowError.invalid(field, reason) {
                throw WorkflowError.invalid(field: "articles[\(i)].\(field)", reason: reason)
            }
        }
        return try write { db in
            let now = Clock.nowMillis()
            var summary = ImportSummary(created: 0, updated: 0, passages: 0, collectionCreated: false)
            if try !Self.collectionExists(db, collectionID) {
                try db.run("INSERT INTO knowledge_collections (id, name, description, created_at, updated_at) VALUES (?, ?, '', ?, ?)",
                           [.text(collectionID), .text(collectionName ?? collectionID), .integer(now), .integer(now)])
                summary.collectionCreated = true
            }
            var counts = TermCounts()
            for draft in drafts {
                let (_, created, passages) = try Self.upsertArticle(db, draft, collectionID: collectionID, now: now, counts: &counts)
                if created { summary.created += 1 } else { summary.updated += 1 }
                summary.passages += passages
            }
            try counts.apply(db)
            try db.run("UPDATE knowledge_collections SET updated_at = ? WHERE id = ?", [.integer(now), .text(collectionID)])
            return summary
        }
    }

    static func checkDraft(_ draft: ArticleDraft) throws {
        guard !draft.title.trimmed.isEmpty, draft.title.count <= 500 else { throw WorkflowError.invalid(field: "title", reason: "must be 1 to 500 characters") }
        guard !draft.body.trimmed.isEmpty, draft.body.utf8.count <= 1_000_000 else { throw WorkflowError.invalid(field: "body", reason: "must be 1 byte to 1 MB of Markdown") }
        guard draft.tags.count <= 50, draft.tags.allSatisfy({ !$0.isEmpty && $0.count <= 100 }) else {
            throw WorkflowError.invalid(field: "tags", reason: "must be at most 50 non-empty tags")
        }
    }

    /// Insert, or update the article with the same source; then index its passages.
    static func upsertArticle(_ db: StoreConnection, _ draft: ArticleDraft, collectionID: String, now: Int64,
                              counts: inout TermCounts) throws -> (id: String, created: Bool, passages: Int) {
        let tags = JSON.array(draft.tags.map(JSON.string)).serialized
        if let source = draft.source, let id = try db.queryOne(
            "SELECT id FROM knowledge_articles WHERE collection_id = ? AND source = ?", [.text(collectionID), .text(source)], { $0.text(0) }) {
            try unindex(db, articleID: id, counts: &counts)   // before the title changes: it was indexed with the old one
            try db.run("UPDATE knowledge_articles SET title = ?, body = ?, tags = ?, updated_at = ? WHERE id = ?",
                       [.text(draft.title), .text(draft.body), .text(tags), .integer(now), .text(id)])
            return (id, false, try index(db, articleID: id, collectionID: collectionID, draft: draft, counts: &counts))
        }
        let id = Identifier.make("art")
        try db.run("INSERT INTO knowledge_articles (\(articleColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   [.text(id), .text(collectionID), .text(draft.title), .text(draft.body), .text(tags), .optional(draft.source),
                    .integer(now), .integer(now)])
        return (id, true, try index(db, articleID: id, collectionID: collectionID, draft: draft, counts: &counts))
    }

    /// Index an article's passages (after `unindex` of what it had). The index holds search terms
    /// (`TextTokens.searchTerms`), not the text: what is shown comes from knowledge_passages.
    static func index(_ db: StoreConnection, articleID: String, collectionID: String, draft: ArticleDraft,
                      counts: inout TermCounts) throws -> Int {
        let passages = Passages.split(draft.body)
        let title = TextTokens.searchTerms(draft.title)
        for (position, passage) in passages.enumerated() {
            try db.run("INSERT INTO knowledge_passages (article_id, position, heading, text) VALUES (?, ?, ?, ?)",
                       [.text(articleID), .integer(Int64(position)), .text(passage.heading), .text(passage.text)])
            let heading = TextTokens.searchTerms(passage.heading), text = TextTokens.searchTerms(passage.text)
            try db.run("INSERT INTO knowledge_fts (rowid, title, heading, text, collection) VALUES (?, ?, ?, ?, ?)",
                       [.integer(db.lastInsertRowID), .text(title.joined(separator: " ")), .text(heading.joined(separator: " ")),
                        .text(text.joined(separator: " ")), .text(KnowledgeQuery.collectionToken(collectionID))])
            counts.add(Set(title + heading + text + [KnowledgeQuery.totalKey]), 1)
        }
        return passages.count
    }

    /// Remove an article's passages from the index, with the terms they were indexed with.
    static func unindex(_ db: StoreConnection, articleID: String, counts: inout TermCounts) throws {
        let title = try db.queryOne("SELECT title FROM knowledge_articles WHERE id = ?", [.text(articleID)], { $0.text(0) }) ?? ""
        let titleTerms = TextTokens.searchTerms(title)
        // The terms come from the stored text, so they are the ones the passage was indexed with.
        for (heading, text) in try db.query("SELECT heading, text FROM knowledge_passages WHERE article_id = ?", [.text(articleID)],
                                            { ($0.text(0), $0.text(1)) }) {
            counts.add(Set(titleTerms + TextTokens.searchTerms(heading) + TextTokens.searchTerms(text) + [KnowledgeQuery.totalKey]), -1)
        }
        try db.run("DELETE FROM knowledge_fts WHERE rowid IN (SELECT id FROM knowledge_passages WHERE article_id = ?)", [.text(articleID)])
        try db.run("DELETE FROM knowledge_passages WHERE article_id = ?", [.text(articleID)])
    }

    public func article(id: String) throws -> KnowledgeArticle? {
        try read { db in try db.queryOne("SELECT \(Self.articleColumns) FROM knowledge_articles WHERE id = ?", [.text(id)], Self.article) }
    }

    /// Articles in id order after `after`, optionally of one collection.
    public func articles(collectionID: String?, after: String?, limit: Int) throws -> [KnowledgeArticle] {
        var clauses = ["id > ?"]
        var values: [SQLValue] = [.text(after ?? "")]
        if let collectionID { clauses.append("collection_id = ?"); values.append(.text(collectionID)) }
        values.append(.integer(Int64(limit)))
        return try read { db in
            try db.query("SELECT \(Self.articleColumns) FROM knowledge_articles WHERE \(clauses.joined(separator: " AND ")) ORDER BY id LIMIT ?",
                         values, Self.article)
        }
    }

    public func deleteArticle(id: String) throws -> Bool {
        try write { db in
            var counts = TermCounts()
            try Self.unindex(db, articleID: id, counts: &counts)
            try counts.apply(db)
            try db.run("DELETE FROM knowledge_articles WHERE id = ?", [.text(id)])
            return db.changes > 0
        }
    }
}

/// Changes to `knowledge_terms` (passages per search term, and the passage total under ""), gathered
/// over a write and applied once.
struct TermCounts {
    private var deltas: [String: Int] = [:]

    mutating func add(_ terms: Set<String>, _ delta: Int) {
        for term in terms { deltas[term, default: 0] += delta }
    }

    func apply(_ db: StoreConnection) throws {
        for (term, delta) in deltas where delta != 0 {
            try db.run("INSERT INTO knowledge_terms (term, passages) VALUES (?, ?) ON CONFLICT(term) DO UPDATE SET passages = knowledge_terms.passages + excluded.passages",
                       [.text(term), .integer(Int64(delta))])
        }
        try db.run("DELETE FROM knowledge_terms WHERE passages <= 0")
    }
}
