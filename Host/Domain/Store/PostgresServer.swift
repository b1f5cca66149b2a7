/// Databases on a PostgreSQL server, by URL: what the tests (a database per host or per test) and
/// operators' tooling need around `--store`.
public enum PostgresServer {
    /// The URL of database `name` on the server `url` points at, created if it does not exist.
    /// `name` must be a plain identifier (lower-case letters, digits, underscores).
    public static func createDatabase(_ name: String, on url: String) throws -> String {
        let plain = name.utf8.allSatisfy {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: "_")
        }
        guard plain, !name.isEmpty else { throw StoreError(code: 1, message: "database name \(name) is not a plain identifier") }
        let admin = try StoreConnection(postgres: url)
        do {
            try admin.execute("CREATE DATABASE \(name)")
        } catch let error as StoreError where error.sqlState == "42P04" || error.sqlState == "23505" {
            // It exists (or another process created it at this moment).
        }
        return replacingDatabase(in: url, with: name)
    }

    /// Drops database `name` on the server, closing its open connections.
    public static func dropDatabase(_ name: String, on url: String) throws {
        try StoreConnection(postgres: url).execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }

    /// The URL with its path (the database name) replaced; a query string is kept.
    public static func replacingDatabase(in url: String, with name: String) -> String {
        let query = url.firstIndex(of: "?").map { String(url[$0...]) } ?? ""
        let base = url.firstIndex(of: "?").map { String(url[..<$0]) } ?? url
        let afterScheme = base.firstRange(of: "://").map { $0.upperBound } ?? base.startIndex
        let slash = base[afterScheme...].firstIndex(of: "/") ?? base.endIndex
        return String(base[..<slash]) + "/" + name + query
    }
}
