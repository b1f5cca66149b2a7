/// One connection to the store's database, on either store: SQLite (the embedded default) or
/// PostgreSQL (`serve --store postgres://…`). The domain writes its SQL once, with `?` placeholders;
/// each backend runs it (PostgreSQL's rewrites the placeholders when it prepares a statement).
/// A final class switching on its backend, so SQLite's hot path pays one predictable branch and
/// no dynamic dispatch. Not thread-safe: a connection belongs to one thread at a time.
public final class StoreConnection: @unchecked Sendable {
    enum Backend {
        case sqlite(SQLiteDatabase)
        case postgres(PostgresDatabase)
    }
    let backend: Backend
    public let dialect: SQLDialect
    /// PostgreSQL: the pending ids of the events the open transaction appended (FeedHead numbers
    /// them before COMMIT; one rolled back to its savepoint is simply no longer there).
    var pendingEventIDs: [Int64] = []

    /// An SQLite database file (created if missing unless `readOnly`).
    public init(path: String, readOnly: Bool = false) throws {
        backend = .sqlite(try SQLiteDatabase(path: path, readOnly: readOnly))
        dialect = .sqlite
    }

    /// A PostgreSQL database by libpq connection string (`postgres://user@host:port/db` or `key=value …`).
    public init(postgres conninfo: String) throws {
        backend = .postgres(try PostgresDatabase(conninfo: conninfo))
        dialect = .postgres
    }

    /// Run one or more statements that take no parameters and return no rows.
    public func execute(_ sql: String) throws {
        switch backend {
        case .sqlite(let db): try db.execute(sql)
        case .postgres(let db): try db.execute(sql)
        }
    }

    /// Run a statement with bindings, returning no rows.
    public func run(_ sql: String, _ values: [SQLValue] = []) throws {
        switch backend {
        case .sqlite(let db): try db.run(sql, values)
        case .postgres(let db): try db.run(sql, values)
        }
    }

    /// Run a query and map each row.
    public func query<T>(_ sql: String, _ values: [SQLValue] = [], _ map: (Row) throws -> T) throws -> [T] {
        switch backend {
        case .sqlite(let db): try db.query(sql, values, map)
        case .postgres(let db): try db.query(sql, values, map)
        }
    }

    public func queryOne<T>(_ sql: String, _ values: [SQLValue] = [], _ map: (Row) throws -> T) throws -> T? {
        switch backend {
        case .sqlite(let db): try db.queryOne(sql, values, map)
        case .postgres(let db): try db.queryOne(sql, values, map)
        }
    }

    /// The id the last INSERT gave its row (SQLite's rowid; on PostgreSQL, the identity column's value).
    public var lastInsertRowID: Int64 {
        switch backend {
        case .sqlite(let db): db.lastInsertRowID
        case .postgres(let db): db.lastInsertRowID
        }
    }

    /// Rows the last statement inserted, updated or deleted.
    public var changes: Int {
        switch backend {
        case .sqlite(let db): db.changes
        case .postgres(let db): db.changes
        }
    }

    /// Run body in a write transaction; roll back if it throws.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// The SQLite database underneath (its WAL hook, checkpoints); nil on PostgreSQL.
    var sqlite: SQLiteDatabase? {
        if case .sqlite(let db) = backend { return db }
        return nil
    }
}
