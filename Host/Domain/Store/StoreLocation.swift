/// Where the store keeps its data: an SQLite file (the embedded default) or a PostgreSQL database.
public enum StoreLocation: Sendable, Equatable {
    case sqlite(String)
    /// A libpq connection string: `postgres://user:password@host:port/database?…` or `key=value …`.
    case postgres(String)

    /// `--store`'s value: a postgres:// or postgresql:// URL; nil for anything else.
    public static func postgres(url: String) -> StoreLocation? {
        url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") ? .postgres(url) : nil
    }
}

extension Store {
    /// The SQL dialect of this store's connections.
    public var dialect: SQLDialect {
        if case .postgres = location { return .postgres }
        return .sqlite
    }
}
