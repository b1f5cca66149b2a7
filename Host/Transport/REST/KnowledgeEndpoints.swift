import SwitchboardDomain
import SwitchboardSupport

/// /api/v1/knowledge/…: collections, articles (CRUD and bulk import) and passage search.
/// Admins manage the knowledge base; any key may search it (agents use it as Sidekick does).
struct KnowledgeEndpoints {
    let store: Store
    static let maxImport = 5000

    var routes: [Route] {
        let base = "/api/v1/knowledge"
        return [
            Route(method: "GET", pattern: base + "/collections", access: .admin, handler: listCollections),
            Route(method: "POST", pattern: base + "/collections", access: .admin, handler: createCollection),
            Route(method: "DELETE", pattern: base + "/collections/{id}", access: .admin, handler: deleteCollection),
            Route(method: "GET", pattern: base + "/articles", access: .admin, handler: listArticles),
            Route(method: "POST", pattern: base + "/articles", access: .admin, handler: createArticle),
            Route(method: "GET", pattern: base + "/articles/{id}", access: .admin, handler: getArticle),
            Route(method: "PATCH", pattern: base + "/articles/{id}", access: .admin, handler: updateArticle),
            Route(method: "DELETE", pattern: base + "/articles/{id}", access: .admin, handler: deleteArticle),
            Route(method: "POST", pattern: base + "/import", access: .admin, handler: importArticles),
            Route(method: "GET", pattern: base + "/search", access: .any, handler: search),
        ]
    }

    func listCollections(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        .json(200, ["collections": .array(try storeCall { try store.collections() }.map(Self.present))])
    }

    func createCollection(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let body = try r.jsonBody()
        guard let id = try optionalString(body, "id") else { throw .badRequest("id", "is required") }
        let name = try optionalString(body, "name")
        let description = try optionalString(body, "description") ?? ""
        return .json(201, Self.present(try domainCall { try store.createCollection(id: id, name: name, description: description) }))
    }

    func deleteCollection(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        guard try domainCall({ try store.deleteCollection(id: r.parameter("id")) }) else { throw .notFound("no collection \(r.parameter("id"))") }
        return HTTPResponse(status: 204)
    }

    func listArticles(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let limit = try r.intQuery("limit", default: 100, range: 1...1000)
        let items = try storeCall { try store.articles(collectionID: r.http.queryValue("collection"), after: r.http.queryValue("after"), limit: limit) }
        return .json(200, ["articles": .array(items.map { Self.present($0, body: false) }),
                           "next_after": items.count == limit ? .from(items.last?.id) : .null])
    }

    func getArticle(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        guard let article = try storeCall({ try store.article(id: r.parameter("id")) }) else { throw .notFound("no article \(r.parameter("id"))") }
        return .json(200, Self.present(article, body: true))
    }

    func createArticle(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let body = try r.jsonBody()
        guard let collection = try optionalString(body, "collection"), !collection.isEmpty else { throw .badRequest("collection", "is required") }
        let draft = ArticleDraft(title: try optionalString(body, "title") ?? "", body: try optionalString(body, "body") ?? "",
                                 tags: try Self.tags(body["tags"], field: "tags"), source: try optionalString(body, "source"))
        return .json(201, Self.present(try domainCall { try store.createArticle(draft, collectionID: collection) }, body: true))
    }

    func updateArticle(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let body = try r.jsonBody()
        let tags: [String]? = body["tags"] == nil ? nil : try Self.tags(body["tags"], field: "tags")
        let title = try optionalString(body, "title"), text = try optionalString(body, "body")
        let article = try domainCall {
            try store.updateArticle(id: r.parameter("id"), title: title, body: text, tags: tags)
        }
        return .json(200, Self.present(article, body: true))
    }

    func deleteArticle(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        guard try storeCall({ try store.deleteArticle(id: r.parameter("id")) }) else { throw .notFound("no article \(r.parameter("id"))") }
        return HTTPResponse(status: 204)
    }

    /// Articles as {title, body} or as Markdown files ({markdown, source}: title and tags from front
    /// matter or the first heading), into a collection created when missing. Sources already
    /// imported are updated, so the same folder can be imported again.
    func importArticles(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let body = try r.jsonBody()
        guard let collection = try optionalString(body, "collection"), !collection.isEmpty else { throw .badRequest("collection", "is required") }
        guard let items = body["articles"]?.arrayValue, !items.isEmpty, items.count <= Self.maxImport else {
            throw .badRequest("articles", "must be an array of 1 to \(Self.maxImport) articles")
        }
        var drafts: [ArticleDraft] = []
        for (i, item) in items.enumerated() {
            let field = "articles[\(i)]"
            guard let object = item.objectValue else { throw .badRequest(field, "must be an object") }
            let source = try optionalString(object, "source")
            if let markdown = try optionalString(object, "markdown") {
                guard let source, !source.isEmpty else { throw .badRequest(field + ".source", "is required with markdown (the file's path)") }
                drafts.append(MarkdownArticle.parse(markdown, source: source))
            } else {
                drafts.append(ArticleDraft(title: try optionalString(object, "title") ?? "", body: try optionalString(object, "body") ?? "",
                                           tags: try Self.tags(object["tags"], field: field + ".tags"), source: source))
            }
        }
        let name = try optionalString(body, "collection_name")
        let summary = try domainCall { try store.importArticles(drafts, collectionID: collection, collectionName: name) }
        return .json(200, ["collection": .string(collection), "collection_created": .bool(summary.collectionCreated),
                           "created": .from(summary.created), "updated": .from(summary.updated), "passages": .from(summary.passages)])
    }

    func search(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        guard let q = r.http.queryValue("q"), !q.isEmpty else { throw .badRequest("q", "is required") }
        let limit = try r.intQuery("limit", default: 5, range: 1...50)
        let collections = (r.http.queryValue("collection") ?? "").split(separator: ",").map(String.init)
        let hits = try storeCall { try store.searchKnowledge(q, collections: collections, limit: limit) }
        return .json(200, ["query": .string(q), "passages": .array(hits.map(StackSidekickJSON.passage))])
    }

    static func tags(_ value: JSON?, field: String) throws(APIError) -> [String] {
        guard let value, !value.isNull else { return [] }
        guard let items = value.arrayValue, items.allSatisfy({ $0.stringValue != nil }) else { throw .badRequest(field, "must be an array of strings") }
        return items.compactMap(\.stringValue)
    }

    static func present(_ c: KnowledgeCollection) -> JSON {
        ["id": .string(c.id), "name": .string(c.name), "description": .string(c.description), "article_count": .from(c.articleCount),
         "created_at": .string(Clock.iso8601(c.createdAt)), "updated_at": .string(Clock.iso8601(c.updatedAt))]
    }

    static func present(_ a: KnowledgeArticle, body: Bool) -> JSON {
        var object: JSONObject = ["id": .string(a.id), "collection": .string(a.collectionID), "title": .string(a.title),
                                  "tags": .array(a.tags.map(JSON.string)), "source": .from(a.source),
                                  "created_at": .string(Clock.iso8601(a.createdAt)), "updated_at": .string(Clock.iso8601(a.updatedAt))]
        if body { object["body"] = .string(a.body) }
        return .object(object)
    }
}
