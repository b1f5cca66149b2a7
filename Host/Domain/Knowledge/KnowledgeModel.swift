/// A named set of articles. Agent Stacks answer from the collections they name.
public struct KnowledgeCollection: Sendable, Equatable {
    public var id: String
    public var name: String
    public var description: String
    public var articleCount: Int
    public var createdAt: Int64
    public var updatedAt: Int64
}

/// A knowledge-base article: a title, a Markdown body, tags, in one collection.
public struct KnowledgeArticle: Sendable, Equatable {
    public var id: String
    public var collectionID: String
    public var title: String
    public var body: String
    public var tags: [String]
    /// Where an import found it (a relative path); importing the same source again updates the article.
    public var source: String?
    public var createdAt: Int64
    public var updatedAt: Int64
}

/// An article before it is stored (from the API, or parsed from a Markdown file).
public struct ArticleDraft: Sendable, Equatable {
    public var title: String
    public var body: String
    public var tags: [String]
    public var source: String?

    public init(title: String, body: String, tags: [String] = [], source: String? = nil) {
        self.title = title
        self.body = body
        self.tags = tags
        self.source = source
    }
}

/// A section of an article that matched a search, with its BM25 score (higher is better).
public struct PassageHit: Sendable, Equatable {
    public var passageID: Int64
    public var articleID: String
    public var collectionID: String
    public var title: String
    public var heading: String
    public var text: String
    public var score: Double
}

/// What an import did.
public struct ImportSummary: Sendable, Equatable {
    public var created: Int
    public var updated: Int
    public var passages: Int
    public var collectionCreated: Bool
}
