/// Where the two stores' SQL really differs, each spelling once. Call sites pick a whole statement
/// by dialect (`db.dialect == .postgres ? … : …`, both literals, so SQLite's statement cache still
/// finds its text by address) or one of the fragments below. Everything else is written once: in
/// SQL both accept (`ON CONFLICT … DO NOTHING`, `RETURNING`, `IS NOT DISTINCT FROM`), or with the
/// SQLite functions PostgresSchema.prelude defines on PostgreSQL (group_concat, json_extract, json_each).
public enum SQLDialect: Sendable {
    case sqlite, postgres

    /// Starts a read transaction in which every statement sees one committed state.
    var beginReadSnapshot: String {
        switch self {
        case .sqlite: "BEGIN"
        case .postgres: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
        }
    }

    /// The database's clock, in ms since the epoch: lease expiries are set and compared on it, so
    /// hosts whose clocks differ agree (SQLite's is its one host's; julianday keeps milliseconds).
    var nowMillis: String {
        switch self {
        case .sqlite: "CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)"
        case .postgres: "CAST(extract(epoch FROM clock_timestamp()) * 1000 AS BIGINT)"
        }
    }

    /// A case-insensitive LIKE on `column` (SQLite's LIKE folds ASCII case; PostgreSQL's ILIKE does,
    /// under the C collation, which also lifts a NOCASE column's nondeterministic one).
    func like(_ column: String) -> String {
        switch self {
        case .sqlite: "\(column) LIKE"
        case .postgres: "\(column) COLLATE \"C\" ILIKE"
        }
    }
}
