import SwitchboardSupport

/// A handbook procedure: named steps a human agent follows, attached to the topics it is for.
/// Sidekick shows the procedure of the conversation's detected topic.
public struct Procedure: Sendable, Equatable {
    public var id: String
    public var name: String
    public var topics: [String]
    public var steps: [String]
    public var createdAt: Int64
    public var updatedAt: Int64

    public init(id: String, name: String, topics: [String], steps: [String], createdAt: Int64 = 0, updatedAt: Int64 = 0) {
        self.id = id
        self.name = name
        self.topics = topics
        self.steps = steps
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// Parse the REST body; `id` comes from the path or the body.
    public static func parse(_ object: JSONObject, id pathID: String? = nil) throws(WorkflowError) -> Procedure {
        let f = DefinitionFields(object)
        try f.allowOnly(["id", "name", "topics", "steps", "created_at", "updated_at"])
        let id: String
        if let pathID { id = pathID } else { id = try f.string("id", required: true)! }
        if let bodyID = try f.string("id"), bodyID != id { throw .invalid(field: "id", reason: "differs from the id in the path") }
        guard DefinitionFields.isValidID(id) else { throw .invalid(field: "id", reason: "must be 1-64 characters of a-z, 0-9, '-' or '_'") }
        return Procedure(id: id, name: try f.string("name", required: true, maxLength: 200)!,
                         topics: try f.strings("topics", maxCount: 50, maxLength: 100) ?? [],
                         steps: try f.strings("steps", required: true, maxCount: 100, maxLength: 2000)!)
    }

    public var json: JSON {
        ["id": .string(id), "name": .string(name), "topics": .array(topics.map(JSON.string)), "steps": .array(steps.map(JSON.string)),
         "created_at": .string(Clock.iso8601(createdAt)), "updated_at": .string(Clock.iso8601(updatedAt))]
    }
}

extension Store {
    static func procedure(_ r: Row) -> Procedure {
        func list(_ column: Int32) -> [String] { (try? JSON.parse(r.text(column)))?.arrayValue?.compactMap(\.stringValue) ?? [] }
        return Procedure(id: r.text(0), name: r.text(1), topics: list(2), steps: list(3), createdAt: r.int(4), updatedAt: r.int(5))
    }

    static let procedureColumns = "id, name, topics, steps, created_at, updated_at"

    /// Create or replace a procedure; returns it and whether it was created.
    public func putProcedure(_ p: Procedure) throws -> (Procedure, created: Bool) {
        try write { db in
            let now = Clock.nowMillis()
            let existed = try db.queryOne("SELECT 1 FROM procedures WHERE id = ?", [.text(p.id)], { _ in true }) != nil
            try db.run(
                """
                INSERT INTO procedures (\(Self.procedureColumns)) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET name = excluded.name, topics = excluded.topics, steps = excluded.steps, updated_at = excluded.updated_at
                """, [.text(p.id), .text(p.name), .text(JSON.array(p.topics.map(JSON.string)).serialized),
                      .text(JSON.array(p.steps.map(JSON.string)).serialized), .integer(now), .integer(now)])
            let stored = try db.queryOne("SELECT \(Self.procedureColumns) FROM procedures WHERE id = ?", [.text(p.id)], Self.procedure)!
            return (stored, !existed)
        }
    }

    public func procedures() throws -> [Procedure] {
        try read { db in try db.query("SELECT \(Self.procedureColumns) FROM procedures ORDER BY id", [], Self.procedure) }
    }

    public func procedure(id: String) throws -> Procedure? {
        try read { db in try db.queryOne("SELECT \(Self.procedureColumns) FROM procedures WHERE id = ?", [.text(id)], Self.procedure) }
    }

    /// The procedure for a topic (the first by id when several claim it).
    public func procedure(topic: String) throws -> Procedure? {
        try read { db in
            try db.queryOne(
                "SELECT \(Self.procedureColumns) FROM procedures WHERE EXISTS (SELECT 1 FROM json_each(procedures.topics) WHERE value = ?) ORDER BY id LIMIT 1",
                [.text(topic)], Self.procedure)
        }
    }

    public func deleteProcedure(id: String) throws -> Bool {
        try write { db in
            try db.run("DELETE FROM procedures WHERE id = ?", [.text(id)])
            return db.changes > 0
        }
    }
}
