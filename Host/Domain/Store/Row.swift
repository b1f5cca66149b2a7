import CPostgres
import CSQLite

/// The current row of a query, on either store. Column numbers start at 0.
public struct Row {
    enum Source {
        /// A stepping SQLite statement: valid until it steps again.
        case sqlite(Statement)
        /// One row of a PostgreSQL result (text format).
        case postgres(PostgresResult, Int32)
    }
    let source: Source

    init(statement: Statement) { source = .sqlite(statement) }
    init(_ result: PostgresResult, _ row: Int32) { source = .postgres(result, row) }

    public func int(_ column: Int32) -> Int64 {
        switch source {
        case .sqlite(let statement): return sqlite3_column_int64(statement.raw, column)
        case .postgres:
            let text = self.text(column)
            if let value = Int64(text) { return value }
            // Booleans (a comparison's result) are 0 and 1, as on SQLite; a numeric (sum, avg) truncates.
            if text == "t" { return 1 }
            if text == "f" { return 0 }
            return Double(text).map { Int64(exactly: $0.rounded(.towardZero)) ?? 0 } ?? 0
        }
    }

    public func double(_ column: Int32) -> Double {
        switch source {
        case .sqlite(let statement): return sqlite3_column_double(statement.raw, column)
        case .postgres: return Double(text(column)) ?? 0
        }
    }

    public func isNull(_ column: Int32) -> Bool {
        switch source {
        case .sqlite(let statement): return sqlite3_column_type(statement.raw, column) == SQLITE_NULL
        case .postgres(let result, let row): return PQgetisnull(result.raw, row, column) == 1
        }
    }

    public func optionalInt(_ column: Int32) -> Int64? { isNull(column) ? nil : int(column) }

    public func text(_ column: Int32) -> String {
        switch source {
        case .sqlite(let statement):
            guard let p = sqlite3_column_text(statement.raw, column) else { return "" }
            let count = Int(sqlite3_column_bytes(statement.raw, column))
            return String(decoding: UnsafeBufferPointer(start: p, count: count), as: UTF8.self)
        case .postgres(let result, let row):
            guard column < PQnfields(result.raw), let p = PQgetvalue(result.raw, row, column) else { return "" }
            let count = Int(PQgetlength(result.raw, row, column))
            return p.withMemoryRebound(to: UInt8.self, capacity: count) {
                String(decoding: UnsafeBufferPointer(start: $0, count: count), as: UTF8.self)
            }
        }
    }

    public func optionalText(_ column: Int32) -> String? { isNull(column) ? nil : text(column) }

    /// The column's value with its SQLite storage class (what `store migrate` copies as it is); on
    /// PostgreSQL, text (or bytes for bytea), since results arrive as text.
    public func value(_ column: Int32) -> SQLValue {
        if isNull(column) { return .null }
        switch source {
        case .sqlite(let statement):
            switch sqlite3_column_type(statement.raw, column) {
            case SQLITE_INTEGER: return .integer(int(column))
            case SQLITE_FLOAT: return .real(double(column))
            case SQLITE_BLOB: return .blob(blob(column))
            default: return .text(text(column))
            }
        case .postgres(let result, _):
            return PQftype(result.raw, column) == 17 ? .blob(blob(column)) : .text(text(column))
        }
    }

    public func blob(_ column: Int32) -> [UInt8] {
        switch source {
        case .sqlite(let statement):
            guard let p = sqlite3_column_blob(statement.raw, column) else { return [] }
            return Array(UnsafeRawBufferPointer(start: p, count: Int(sqlite3_column_bytes(statement.raw, column))))
        case .postgres(let result, let row):
            guard column < PQnfields(result.raw), let p = PQgetvalue(result.raw, row, column) else { return [] }
            let count = Int(PQgetlength(result.raw, row, column))
            guard PQftype(result.raw, column) == 17 else {   // not bytea: the text's bytes, as SQLite gives them
                return p.withMemoryRebound(to: UInt8.self, capacity: count) { Array(UnsafeBufferPointer(start: $0, count: count)) }
            }
            var length = 0
            guard let bytes = p.withMemoryRebound(to: UInt8.self, capacity: count, { PQunescapeBytea($0, &length) }) else { return [] }
            defer { PQfreemem(bytes) }
            return Array(UnsafeBufferPointer(start: bytes, count: length))
        }
    }
}
