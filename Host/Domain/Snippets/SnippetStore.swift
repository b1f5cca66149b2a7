import SwitchboardSupport

extension Store {
    static let snippetColumns = "id, name, body, created_at, updated_at"

    static func snippet(_ r: Row) -> Snippet {
        Snippet(id: r.text(0), name: r.text(1), body: r.text(2), createdAt: r.int(3), updatedAt: r.int(4))
    }

    /// Every snippet by name (ignoring case), or those whose name starts with `namePrefix`.
    public func snippets(namePrefix: String? = nil) throws -> [Snippet] {
        try read { db in
            guard let namePrefix, !namePrefix.isEmpty else {
                return try db.query("SELECT \(Self.snippetColumns) FROM snippets ORDER BY name COLLATE NOCASE, id", [], Self.snippet)
            }
            return try db.query("SELECT \(Self.snippetColumns) FROM snippets WHERE \(db.dialect.like("name")) ? ESCAPE '\\' ORDER BY name COLLATE NOCASE, id",
                                [.text(Self.likeEscaped(namePrefix) + "%")], Self.snippet)
        }
    }

    public func snippet(id: String) throws -> Snippet? {
        try read { db in try db.queryOne("SELECT \(Self.snippetColumns) FROM snippets WHERE id = ?", [.text(id)], Self.snippet) }
    }

    public func createSnippet(name: String, body: String) throws -> Snippet {
        try Snippet.validate(name: name, body: body)
        return try write { db in
            try Self.checkSnippetNameFree(name, except: nil, db: db)
            let now = Clock.nowMillis()
            let snippet = Snippet(id: Identifier.make("snp"), name: name, body: body, createdAt: now, updatedAt: now)
            try db.run("INSERT INTO snippets (\(Self.snippetColumns)) VALUES (?, ?, ?, ?, ?)",
                       [.text(snippet.id), .text(name), .text(body), .integer(now), .integer(now)])
            return snippet
        }
    }

    /// Change the name, the body or both (nil keeps it).
    public func updateSnippet(id: String, name: String?, body: String?) throws -> Snippet {
        try Snippet.validate(name: name, body: body)
        return try write { db in
            guard var snippet = try db.queryOne("SELECT \(Self.snippetColumns) FROM snippets WHERE id = ?", [.text(id)], Self.snippet)
            else { throw SnippetError.notFound(id) }
            if let name {
                try Self.checkSnippetNameFree(name, except: id, db: db)
                snippet.name = name
            }
            if let body { snippet.body = body }
            snippet.updatedAt = Clock.nowMillis()
            try db.run("UPDATE snippets SET name = ?, body = ?, updated_at = ? WHERE id = ?",
                       [.text(snippet.name), .text(snippet.body), .integer(snippet.updatedAt), .text(id)])
            return snippet
        }
    }

    /// False when there was no such snippet.
    public func deleteSnippet(id: String) throws -> Bool {
        try write { db in
            try db.run("DELETE FROM snippets WHERE id = ?", [.text(id)])
            return db.changes > 0
        }
    }

    static func checkSnippetNameFree(_ name: String, except id: String?, db: StoreConnection) throws {
        if try db.queryOne("SELECT 1 FROM snippets WHERE name = ? COLLATE NOCASE AND id != ?", [.text(name), .text(id ?? "")], { _ in true }) != nil {
            throw SnippetError.nameTaken(name)
        }
    }

    /// What the placeholders stand for in a conversation the viewer may see (nil otherwise).
    /// `agent.name` is the agent's name when the caller acts as an agent, else `callerName`.
    public func snippetValues(conversationID: String, visibleTo viewer: Viewer, agentID: String?, callerName: String?) throws -> SnippetValues? {
        let visible = viewer.conversationCondition("c")
        return try read { db in
            guard let row = try db.queryOne(
                """
                SELECT c.id, c.fields, c.priority, k.display_name, k.attributes FROM conversations c
                JOIN contacts k ON k.id = c.contact_id WHERE c.id = ? AND \(visible.sql)
                """, [.text(conversationID)] + visible.values,
                { (id: $0.text(0), fields: $0.text(1), priority: $0.text(2), name: $0.optionalText(3), attributes: $0.text(4)) })
            else { return nil }
            let agentName = try agentID.flatMap { id in try db.queryOne("SELECT name FROM agents WHERE id = ?", [.text(id)], { $0.text(0) }) }
            return SnippetValues(contactName: row.name, contactAttributes: ContactAttributes.parse(row.attributes),
                                 agentName: agentName ?? callerName, conversationID: row.id,
                                 conversationFields: (try? JSON.parse(row.fields))?.objectValue ?? JSONObject(),
                                 conversationPriority: row.priority)
        }
    }

    /// A snippet's text for a conversation: `SnippetError.notFound` or `.conversationNotFound` when either is unknown or not visible.
    public func renderSnippet(id: String, conversationID: String, visibleTo viewer: Viewer, agentID: String?,
                              callerName: String?) throws -> (text: String, missing: [String]) {
        guard let snippet = try snippet(id: id) else { throw SnippetError.notFound(id) }
        guard let values = try snippetValues(conversationID: conversationID, visibleTo: viewer, agentID: agentID, callerName: callerName)
        else { throw SnippetError.conversationNotFound(conversationID) }
        // Bodies were checked when saved; a body that no longer parses (an older rule) is refused, not sent half-filled.
        do { return try SnippetTemplate.parse(snippet.body).render(values) } catch {
            throw SnippetError.invalidField("body", "snippet \(id): \(error.description)")
        }
    }
}
