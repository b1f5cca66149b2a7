import CPostgres
import CSQLite

/// One PostgreSQL connection (libpq) with the same operations as `SQLiteDatabase`. Not thread-safe:
/// like an SQLite connection it belongs to one thread at a time (the writer, or a pooled reader).
///
/// Statements are prepared once per connection under a generated name, with SQLite's `?`
/// placeholders rewritten to `$n` (`Placeholders`); parameters travel as text (bytea as binary),
/// typed from their Swift values (int8, float8, text, bytea). Results come back as text and `Row`
/// converts them.
final class PostgresDatabase {
    private var connection: OpaquePointer
    private let conninfo: String
    /// Prepared statements by SQL text and parameter types (a NULL has no type of its own).
    private var statements: [String: String] = [:]
    private var changedRows = 0
    /// What `lastInsertRowID` answers: the id the last INSERT's RETURNING gave.
    private var lastInsertedID: Int64 = 0
    /// Per table an INSERT named: its identity column, or nil for a table without one (asked once).
    private var identityColumns: [String: String?] = [:]
    /// Per INSERT text as the domain wrote it: the text run instead, with `RETURNING` its identity
    /// column (the same text when the table has none).
    private var returning: [String: String] = [:]

    init(conninfo: String) throws {
        self.conninfo = conninfo
        connection = try Self.connect(conninfo)
    }

    deinit { PQfinish(connection) }

    private static func connect(_ conninfo: String) throws -> OpaquePointer {
        guard let connection = PQconnectdb(conninfo) else { throw StoreError(code: SQLITE_CANTOPEN, message: "libpq: out of memory") }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(connection)).trimmingTrailingSpace
            PQfinish(connection)
            throw StoreError(code: SQLITE_CANTOPEN, message: "cannot connect to PostgreSQL: \(message)", sqlState: "08001")
        }
        // Notices (a skipped CREATE … IF NOT EXISTS) are not errors: not printed on the host's stderr.
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
        return connection
    }

    /// Run one or more statements without parameters (migrations, transaction control).
    func execute(_ sql: String) throws {
        let result = try check(PQexec(connection, Self.transactionControl(sql) ?? sql), sql)
        changedRows = Int(String(cString: PQcmdTuples(result.raw))) ?? 0
    }

    func run(_ sql: String, _ values: [SQLValue]) throws {
        if values.isEmpty, let control = Self.transactionControl(sql) { return try execute(control) }
        let text = try withReturnedID(sql)
        let result = try executePrepared(text, values)
        changedRows = Int(String(cString: PQcmdTuples(result.raw))) ?? 0
        // No row back (ON CONFLICT DO NOTHING skipped it): the id stays the previous one, as SQLite's does.
        if text != sql, PQntuples(result.raw) > 0, let id = Int64(String(cString: PQgetvalue(result.raw, PQntuples(result.raw) - 1, 0))) {
            lastInsertedID = id
        }
    }

    /// An INSERT into a table with an identity (or sequence-defaulted) column gets `RETURNING` that column, so the new id
    /// comes back with the insert itself (SQLite's last_insert_rowid, in the same round trip).
    private func withReturnedID(_ sql: String) throws -> String {
        if let text = returning[sql] { return text }
        let words = sql.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "(" }).prefix(3)
        guard words.count == 3, words[words.startIndex].uppercased() == "INSERT", words[words.startIndex + 1].uppercased() == "INTO",
              !sql.uppercased().contains("RETURNING") else { return sql }
        let table = String(words[words.startIndex + 2])
        if identityColumns[table] == nil {
            // An identity column, or one whose default is a sequence (events.id: FeedHead's pending ids).
            identityColumns[table] = .some(try queryOne(
                """
                SELECT a.attname FROM pg_attribute a
                LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped
                  AND (a.attidentity <> '' OR pg_get_expr(d.adbin, d.adrelid) LIKE 'nextval(%')
                ORDER BY a.attnum LIMIT 1
                """,
                [.text(table)], { $0.text(0) }))
        }
        var text = sql
        if let column = identityColumns[table] ?? nil {
            while let last = text.last, last.isWhitespace || last == ";" { text.removeLast() }
            text += " RETURNING \(column)"
        }
        returning[sql] = text
        return text
    }

    func query<T>(_ sql: String, _ values: [SQLValue], _ map: (Row) throws -> T) throws -> [T] {
        let result = try executePrepared(sql, values)
        changedRows = Int(String(cString: PQcmdTuples(result.raw))) ?? 0
        let count = PQntuples(result.raw)
        var rows: [T] = []
        rows.reserveCapacity(Int(count))
        for index in 0..<count { rows.append(try map(Row(result, index))) }
        return rows
    }

    func queryOne<T>(_ sql: String, _ values: [SQLValue], _ map: (Row) throws -> T) throws -> T? {
        let result = try executePrepared(sql, values)
        changedRows = Int(String(cString: PQcmdTuples(result.raw))) ?? 0
        return PQntuples(result.raw) > 0 ? try map(Row(result, 0)) : nil
    }

    /// The id the last INSERT (through `run`) gave its row from an identity column, in this session.
    var lastInsertRowID: Int64 { lastInsertedID }

    var changes: Int { changedRows }

    /// SQLite's transaction statements as PostgreSQL spells them (a writer's BEGIN takes no lock
    /// up front there: rows lock as they are written); nil for any other statement.
    private static func transactionControl(_ sql: String) -> String? {
        switch sql {
        case "BEGIN IMMEDIATE", "BEGIN EXCLUSIVE", "BEGIN DEFERRED": "BEGIN"
        case "BEGIN", "COMMIT", "ROLLBACK", "END": sql
        default:
            sql.hasPrefix("SAVEPOINT ") || sql.hasPrefix("RELEASE ") || sql.hasPrefix("ROLLBACK TO ") ? sql : nil
        }
    }

    private func executePrepared(_ sql: String, _ values: [SQLValue]) throws -> PostgresResult {
        let types = values.map(Self.type(of:))
        let name = try prepared(sql, types: types)
        let count = values.count
        var buffers: [UnsafeMutablePointer<CChar>?] = []
        var lengths: [Int32] = []
        var formats: [Int32] = []
        buffers.reserveCapacity(count)
        defer { for buffer in buffers { buffer?.deallocate() } }
        for value in values {
            let bytes: [UInt8]?
            switch value {
            case .null: bytes = nil
            case .integer(let v): bytes = Array(String(v).utf8)
            case .real(let v): bytes = Array(Self.text(of: v).utf8)
            case .text(let v): bytes = Array(v.utf8)
            case .blob(let v): bytes = v
            }
            guard let bytes else { buffers.append(nil); lengths.append(0); formats.append(0); continue }
            let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count + 1)
            bytes.withUnsafeBufferPointer { source in
                buffer.withMemoryRebound(to: UInt8.self, capacity: bytes.count + 1) { target in
                    if let base = source.baseAddress { target.update(from: base, count: bytes.count) }
                    target[bytes.count] = 0
                }
            }
            buffers.append(buffer)
            lengths.append(Int32(bytes.count))
            if case .blob = value { formats.append(1) } else { formats.append(0) }
        }
        let raw = buffers.map { UnsafePointer($0) }
        return try check(PQexecPrepared(connection, name, Int32(count), raw, lengths, formats, 0), sql)
    }

    /// The statement's name on this connection, preparing it on first use. Parameters are typed
    /// from the values. If PostgreSQL refuses that, two more tries: a NULL typed as text (alone it
    /// cannot say its type, in `? IS NULL`), then every type left to PostgreSQL (a text value
    /// compared with a number, a function that takes int4).
    private func prepared(_ sql: String, types: [Oid]) throws -> String {
        let key = types.isEmpty ? sql : sql + "\u{0}" + types.map(String.init).joined(separator: ",")
        if let name = statements[key] { return name }
        let name = "sb\(statements.count + 1)"
        let (text, parameterCount) = Placeholders.postgres(sql)
        let typed = types + [Oid](repeating: 0, count: max(0, parameterCount - types.count))
        var attempts = [typed]
        for fallback in [typed.map { $0 == 0 ? 25 : $0 }, typed.map { _ in 0 }] where !attempts.contains(fallback) {
            attempts.append(fallback)
        }
        // Inside a transaction a refused PREPARE would abort it: each try runs in a savepoint there.
        let inTransaction = PQtransactionStatus(connection) == PQTRANS_INTRANS
        var firstError: Error?
        for declared in attempts {
            if inTransaction { try execute("SAVEPOINT sb_prepare") }
            do {
                try check(PQprepare(connection, name, text, Int32(declared.count), declared), sql)
                if inTransaction { try execute("RELEASE sb_prepare") }
                statements[key] = name
                return name
            } catch let error as StoreError where error.sqlState?.hasPrefix("42") == true {
                if inTransaction { try execute("ROLLBACK TO sb_prepare"); try execute("RELEASE sb_prepare") }
                firstError = firstError ?? error
            }
        }
        throw firstError!
    }

    private static func type(of value: SQLValue) -> Oid {
        switch value {
        case .null: 0
        case .integer: 20     // int8
        case .real: 701       // float8
        case .text: 25        // text
        case .blob: 17        // bytea
        }
    }

    private static func text(of value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        return "\(value)"
    }

    /// The result, or its error as a StoreError. A lost connection is opened again for the next
    /// statement (its prepared statements with it); this one fails.
    @discardableResult
    private func check(_ raw: OpaquePointer?, _ sql: String) throws -> PostgresResult {
        guard let raw else { throw failure(nil, sql) }
        let result = PostgresResult(raw)
        switch PQresultStatus(raw) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY: return result
        default: throw failure(raw, sql)
        }
    }

    private func failure(_ raw: OpaquePointer?, _ sql: String) -> StoreError {
        let sqlState = raw.flatMap { PQresultErrorField($0, Int32(UInt8(ascii: "C"))) }.map { String(cString: $0) }
        let message = raw.map { String(cString: PQresultErrorMessage($0)) } ?? String(cString: PQerrorMessage(connection))
        if PQstatus(connection) == CONNECTION_BAD {
            PQreset(connection)
            statements.removeAll()
        }
        let code: Int32
        switch sqlState {
        case "23505": code = SQLITE_CONSTRAINT | (8 << 8)       // SQLITE_CONSTRAINT_UNIQUE
        case "23503": code = SQLITE_CONSTRAINT | (3 << 8)       // SQLITE_CONSTRAINT_FOREIGNKEY
        case "23502": code = SQLITE_CONSTRAINT | (5 << 8)       // SQLITE_CONSTRAINT_NOTNULL
        case .some(let s) where s.hasPrefix("23"): code = SQLITE_CONSTRAINT
        case "40001", "40P01", "55P03": code = SQLITE_BUSY
        case .some(let s) where s.hasPrefix("08"): code = SQLITE_IOERR
        default: code = SQLITE_ERROR
        }
        return StoreError(code: code, message: message.trimmingTrailingSpace, sqlState: sqlState ?? "08006")
    }
}

/// A libpq result, cleared when the last row read from it is gone.
final class PostgresResult {
    let raw: OpaquePointer
    init(_ raw: OpaquePointer) { self.raw = raw }
    deinit { PQclear(raw) }
}

extension String {
    fileprivate var trimmingTrailingSpace: String {
        var s = self
        while let last = s.last, last.isWhitespace { s.removeLast() }
        return s
    }
}
