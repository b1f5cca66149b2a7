import Glibc

/// Databases on a PostgreSQL server, by URL: what the tests (a database per host or per test) and
/// operators' tooling need around `--store`.
public enum PostgresServer {
    /// The URL of database `name` on the server `url` points at, created if it does not exist.
    /// `name` must be a plain identifier (lower-case letters, digits, underscores).
    /// With `template`, a copy of that database (one made by `migratedTemplate`).
    public static func createDatabase(_ name: String, on url: String, template: String? = nil) throws -> String {
        for identifier in [name] + (template.map { [$0] } ?? []) where !isPlain(identifier) {
            throw StoreError(code: 1, message: "database name \(identifier) is not a plain identifier")
        }
        let admin = try StoreConnection(postgres: url)
        // PostgreSQL copies a template only while nobody is connected to it: a session that just
        // closed may still be ending (55006), so a few tries, briefly apart.
        for attempt in 1...20 {
            do {
                try admin.execute("CREATE DATABASE \(name)" + (template.map { " TEMPLATE \($0)" } ?? ""))
                break
            } catch let error as StoreError where error.sqlState == "42P04" || error.sqlState == "23505" {
                break   // It exists (or another process created it at this moment).
            } catch let error as StoreError where error.sqlState == "55006" && attempt < 20 {
                usleep(50_000)
            }
        }
        return replacingDatabase(in: url, with: name)
    }

    /// The name of a database on the server with every migration applied and nothing else, created
    /// (and migrated) if missing: creating a database from it skips the migrations, which is what
    /// makes a fresh database per test cheap. Named by the migrations' text, so a changed schema
    /// gets a template of its own; several processes making it at once migrate it once (the
    /// migrations' advisory lock).
    public static func migratedTemplate(on url: String) throws -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325   // FNV-1a: stable across processes, unlike Hasher
        for byte in (Schema.migrations + [PostgresSchema.prelude]).joined(separator: "\u{0}").utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        let name = "sb_template_" + String(hash, radix: 16)
        let template = try StoreConnection(postgres: try createDatabase(name, on: url))
        try Schema.migrate(template)
        return name
    }

    /// Drops database `name` on the server, closing its open connections.
    public static func dropDatabase(_ name: String, on url: String) throws {
        try StoreConnection(postgres: url).execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }

    private static func isPlain(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: "_")
        }
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
