import CSQLite

/// A store failure, with the database's own message. `code` is SQLite's result code; a PostgreSQL
/// failure carries its SQLSTATE too, and a code mapped onto SQLite's (integrity violations are
/// SQLITE_CONSTRAINT), so `isConstraintViolation` means the same on both stores.
public struct StoreError: Error, CustomStringConvertible, Sendable {
    public let code: Int32
    public let message: String
    /// PostgreSQL's SQLSTATE (23505: unique violation, 40P01: deadlock, …); nil on SQLite.
    public let sqlState: String?

    public init(code: Int32, message: String, sqlState: String? = nil) {
        self.code = code
        self.message = message
        self.sqlState = sqlState
    }

    /// PostgreSQL gave up on this transaction because of another one (a deadlock, a serialization
    /// failure, a lock wait past `lock_timeout`): running it again may well succeed.
    public var isTransientConflict: Bool {
        switch sqlState {
        case "40P01", "40001", "55P03": true
        default: false
        }
    }

    public var description: String {
        if let sqlState { return "PostgreSQL error \(sqlState): \(message)" }
        return "SQLite error \(code): \(message)"
    }
    public var isConstraintViolation: Bool { code & 0xFF == SQLITE_CONSTRAINT }
}

/// A value bound to or read from the store.
public enum SQLValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    public static func optional(_ s: String?) -> SQLValue { s.map(SQLValue.text) ?? .null }
    public static func optional(_ i: Int64?) -> SQLValue { i.map(SQLValue.integer) ?? .null }
}

extension SQLValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
}
