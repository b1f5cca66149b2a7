import CSQLite
import SwitchboardSupport

private let SQLITE_TRANSIENT = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// One SQLite connection with a cache of prepared statements (StoreConnection's SQLite backend).
/// Not thread-safe: each connection belongs to one thread at a time (the writer, or a pooled reader).
final class SQLiteDatabase {
    let handle: OpaquePointer
    private var statements: [StatementKey: Statement] = [:]
    /// Statements by the address of their SQL text, direct-mapped: a string literal's text stays at
    /// one address, so the statements a write runs every time are found without hashing their text
    /// (which showed in the writer's profile). A slot is only trusted when its statement's SQL equals
    /// the text asked for (immediate for the same literal), so a string reusing an address cannot alias.
    private var byAddress = [(address: UInt, statement: Statement?)](repeating: (0, nil), count: 64)

    init(path: String, readOnly: Bool = false) throws {
        var db: OpaquePointer?
        let flags = (readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)) | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            if let db { sqlite3_close_v2(db) }
            throw StoreError(code: rc, message: "\(path): \(message)")
        }
        handle = db
        sqlite3_busy_timeout(db, 5000)
    }

    deinit {
        byAddress.removeAll()
        statements.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Run one or more statements that return no rows.
    func execute(_ sql: String) throws {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        if rc != SQLITE_OK {
            let message = errorMessage.map { String(cString: $0) } ?? "unknown"
            sqlite3_free(errorMessage)
            throw StoreError(code: rc, message: message)
        }
    }

    /// A cached prepared statement, reset and with bindings cleared.
    func prepare(_ sql: String) throws -> Statement {
        let address = Self.address(of: sql)
        let slot = Int(truncatingIfNeeded: address >> 4) & (byAddress.count - 1)
        if address != 0, byAddress[slot].address == address, let cached = byAddress[slot].statement, cached.sql == sql {
            cached.reset()
            return cached
        }
        let statement: Statement
        if let cached = statements[StatementKey(sql)] {
            cached.reset()
            statement = cached
        } else {
            var raw: OpaquePointer?
            let rc = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &raw, nil)
            guard rc == SQLITE_OK, let raw else { throw lastError(rc) }
            statement = Statement(raw, sql: sql, connection: self)
            statements[StatementKey(sql)] = statement
        }
        if address != 0 { byAddress[slot] = (address, statement) }
        return statement
    }

    /// Where the text's UTF-8 lives, or 0 for a string short enough to be stored inline (its bytes
    /// are copied wherever the String value goes, so they have no address of their own).
    private static func address(of sql: String) -> UInt {
        guard sql.utf8.count > 15 else { return 0 }
        return sql.utf8.withContiguousStorageIfAvailable { UInt(bitPattern: $0.baseAddress) } ?? 0
    }

    /// Run a statement with bindings, returning no rows.
    func run(_ sql: String, _ values: [SQLValue] = []) throws {
        let statement = try prepare(sql)
        try statement.bind(values)
        while try statement.step() {}
    }

    /// Run a query and map each row.
    func query<T>(_ sql: String, _ values: [SQLValue] = [], _ map: (Row) throws -> T) throws -> [T] {
        let statement = try prepare(sql)
        try statement.bind(values)
        var rows: [T] = []
        while try statement.step() { rows.append(try map(Row(statement: statement))) }
        return rows
    }

    func queryOne<T>(_ sql: String, _ values: [SQLValue] = [], _ map: (Row) throws -> T) throws -> T? {
        let statement = try prepare(sql)
        try statement.bind(values)
        defer { statement.reset() }
        return try statement.step() ? try map(Row(statement: statement)) : nil
    }

    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }
    var changes: Int { Int(sqlite3_changes(handle)) }

    func lastError(_ rc: Int32) -> StoreError {
        StoreError(code: sqlite3_extended_errcode(handle), message: String(cString: sqlite3_errmsg(handle)))
    }
}

/// The statement cache's key: the SQL text, hashed by its length and its ends only. Every write
/// looks up several statements of a few hundred bytes each; hashing all of them showed in the
/// writer's profile. A connection caches a few dozen distinct statements, so the rare collision
/// costs one full comparison.
struct StatementKey: Hashable {
    let sql: String

    init(_ sql: String) { self.sql = sql }

    static func == (a: StatementKey, b: StatementKey) -> Bool { a.sql == b.sql }

    func hash(into hasher: inout Hasher) {
        var text = sql
        text.withUTF8 { utf8 in
            hasher.combine(utf8.count)
            hasher.combine(bytes: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: utf8.prefix(48))))
            hasher.combine(bytes: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: utf8.suffix(48))))
        }
    }
}

final class Statement {
    let raw: OpaquePointer
    let sql: String
    unowned let connection: SQLiteDatabase

    init(_ raw: OpaquePointer, sql: String, connection: SQLiteDatabase) {
        self.raw = raw
        self.sql = sql
        self.connection = connection
    }

    deinit { sqlite3_finalize(raw) }

    func reset() {
        sqlite3_reset(raw)
        sqlite3_clear_bindings(raw)
    }

    func bind(_ values: [SQLValue]) throws {
        for (i, value) in values.enumerated() {
            let index = Int32(i + 1)
            let rc: Int32
            switch value {
            case .null: rc = sqlite3_bind_null(raw, index)
            case .integer(let v): rc = sqlite3_bind_int64(raw, index, v)
            case .real(let v): rc = sqlite3_bind_double(raw, index, v)
            case .text(let v): rc = Self.bindText(raw, index, v)
            case .blob(let v):
                rc = v.withUnsafeBytes { sqlite3_bind_blob(raw, index, $0.baseAddress, Int32($0.count), SQLITE_TRANSIENT) }
            }
            if rc != SQLITE_OK { throw connection.lastError(rc) }
        }
    }

    /// Binds the string's own UTF-8 bytes with their length (SQLite copies them): passing the
    /// String as a C string would first copy it into a NUL-terminated array.
    private static func bindText(_ raw: OpaquePointer, _ index: Int32, _ value: String) -> Int32 {
        var text = value
        return text.withUTF8 { utf8 in
            // An empty buffer may have no address, and a NULL pointer would bind SQL NULL.
            guard let base = utf8.baseAddress, !utf8.isEmpty else { return sqlite3_bind_text(raw, index, "", 0, SQLITE_TRANSIENT) }
            return base.withMemoryRebound(to: CChar.self, capacity: utf8.count) {
                sqlite3_bind_text(raw, index, $0, Int32(utf8.count), SQLITE_TRANSIENT)
            }
        }
    }

    /// True when a row is available; false when done.
    func step() throws -> Bool {
        let rc = sqlite3_step(raw)
        if rc == SQLITE_ROW { return true }
        if rc == SQLITE_DONE { return false }
        let error = connection.lastError(rc)
        sqlite3_reset(raw)
        throw error
    }
}
