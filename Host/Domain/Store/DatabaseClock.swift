/// The database's own clock, in Unix milliseconds: hosts sharing one database compare lease times
/// against one clock, whatever their own clocks say.
extension SQLDialect {
    /// An expression for the database's time now (SQLite has no sub-second unixepoch before 3.42).
    var nowMillis: String {
        switch self {
        case .sqlite: "CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)"
        case .postgres: "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)"
        }
    }
}

extension StoreConnection {
    /// The database's time now, in Unix milliseconds.
    func databaseNowMillis() throws -> Int64 {
        try queryOne("SELECT " + dialect.nowMillis) { $0.int(0) } ?? 0
    }
}
