import SwitchboardSupport

/// `switchboard store migrate`: an installation's SQLite file copied into a PostgreSQL database,
/// every table with its ids, BLOBs, timestamps and JSON text as they are, then the identity
/// sequences (and the feed head, where the schema has one) set past the copied ids.
///
/// The source must be closed (no host running on it) and at this binary's schema version; the
/// target gets this binary's schema first. A target that holds data is refused, unless `replace`
/// (its data is lost) or it is the remains of a migrate that did not finish: the target records
/// each run in `store_migrate_runs`, and every run empties the tables and copies them all again,
/// so rerunning after a failure is safe. Each table is copied in one transaction, in foreign-key
/// order, and its row count checked against the source's before the commit.
public enum StoreMigration {
    /// One table's outcome: rows in the source, rows in the target after the copy.
    public struct TableCount: Sendable, Equatable {
        public let table: String
        public let source: Int
        public let copied: Int
    }

    public enum Failure: Error, CustomStringConvertible, Equatable {
        case sourceMissing(String)
        case sourceInUse(path: String, pid: Int32)
        case schemaVersion(found: Int, expected: Int)
        case targetHoldsData([String])
        case schemaMismatch(String)
        case badValue(table: String, column: String, reason: String)
        case countMismatch(table: String, source: Int, copied: Int)

        public var description: String {
            switch self {
            case .sourceMissing(let path): "no SQLite database at \(path)"
            case .sourceInUse(let path, let pid):
                "\(path) is open in process \(pid): stop the host (and anything else using the file) before migrating"
            case .schemaVersion(let found, let expected) where found < expected:
                "the SQLite database is at schema version \(found), this binary's is \(expected): start this version's host on it "
                    + "once (switchboard serve --data DIR) so it upgrades, stop it, then migrate"
            case .schemaVersion(let found, let expected):
                "the SQLite database is at schema version \(found), newer than this binary's (\(expected)): migrate with the newer binary"
            case .targetHoldsData(let tables):
                "the target database holds data (\(tables.prefix(5).joined(separator: ", "))\(tables.count > 5 ? ", …" : "")): "
                    + "migrate into a new, empty database, or add --replace to empty this one first (its data is lost)"
            case .schemaMismatch(let detail): "the two schemas differ: \(detail)"
            case .badValue(let table, let column, let reason): "\(table).\(column): \(reason)"
            case .countMismatch(let table, let source, let copied): "\(table): \(source) rows in the source but \(copied) in the target"
            }
        }
    }

    /// Copies the SQLite file at `sqlitePath` into the PostgreSQL database at `postgresURL`;
    /// `progress` hears each table once it is committed. Returns every table's counts.
    public static func run(sqlitePath: String, postgresURL: String, replace: Bool,
                           progress: (TableCount) -> Void = { _ in }) throws -> [TableCount] {
        guard FileSystem.exists(sqlitePath) else { throw Failure.sourceMissing(sqlitePath) }
        if let pid = SQLiteFileUse.holder(of: sqlitePath) { throw Failure.sourceInUse(path: sqlitePath, pid: pid) }
        // Read-write, so a WAL a crashed host left is recovered, but nothing is written.
        let source = try StoreConnection(path: sqlitePath)
        try source.execute("PRAGMA query_only=ON")
        let version = try source.queryOne("PRAGMA user_version") { Int($0.int(0)) } ?? 0
        guard version == Schema.migrations.count else { throw Failure.schemaVersion(found: version, expected: Schema.migrations.count) }

        let target = try StoreConnection(postgres: postgresURL)
        try Schema.migrate(target)
        try target.execute("CREATE TABLE IF NOT EXISTS store_migrate_runs (source TEXT NOT NULL, started_at BIGINT NOT NULL, finished_at BIGINT)")
        let tables = try MigrationTables(source: source, target: target)

        // Rows the migrations themselves insert (config_versions' scopes at version 0) are not data.
        let holding = try tables.ordered.filter { table in
            let seeded = table.name == "config_versions" ? " WHERE version <> 0" : ""
            return try target.queryOne("SELECT 1 FROM \(table.name)\(seeded) LIMIT 1") { _ in true } ?? false
        }
        let unfinished = try target.queryOne("SELECT finished_at IS NULL FROM store_migrate_runs ORDER BY started_at DESC LIMIT 1") { $0.int(0) == 1 } ?? false
        if !holding.isEmpty && !replace && !unfinished { throw Failure.targetHoldsData(holding.map(\.name)) }

        let started = Clock.nowMillis()
        try target.run("INSERT INTO store_migrate_runs (source, started_at) VALUES (?, ?)", [.text(sqlitePath), .integer(started)])
        try target.execute("TRUNCATE \(tables.ordered.map(\.name).joined(separator: ", ")) RESTART IDENTITY")

        // One read transaction: every table comes from the same state of the source.
        try source.execute("BEGIN")
        defer { try? source.execute("COMMIT") }
        var counts: [TableCount] = []
        for table in tables.ordered {
            let count = try copy(table, from: source, to: target)
            counts.append(count)
            progress(count)
        }
        try target.transaction {
            for table in tables.ordered { try resetIdentity(table, source: source, target: target) }
            try raiseFeedHead(target)
            try target.run("UPDATE store_migrate_runs SET finished_at = ? WHERE started_at = ?", [.integer(Clock.nowMillis()), .integer(started)])
        }
        return counts
    }

    /// Rows per INSERT: many rows per round trip, within PostgreSQL's 65,535 parameters.
    private static func batchRows(columns: Int) -> Int { max(1, min(500, 30_000 / max(columns, 1))) }

    private static func copy(_ table: MigrationTable, from source: StoreConnection, to target: StoreConnection) throws -> TableCount {
        let sourceCount = Int(try source.queryOne("SELECT COUNT(*) FROM \(table.name)") { $0.int(0) } ?? 0)
        let selected = table.columns.map(\.sourceExpression).joined(separator: ", ")
        let copied = try target.transaction { () throws -> Int in
            // Keyset paging on rowid where the table has one (the long tables); a WITHOUT ROWID table by offset.
            var after: Int64 = .min, offset = 0
            let page = batchRows(columns: table.columns.count)
            while true {
                let rows: [(rowid: Int64, values: [SQLValue])]
                if table.hasRowID {
                    rows = try source.query("SELECT rowid, \(selected) FROM \(table.name) WHERE rowid > ? ORDER BY rowid LIMIT ?",
                                            [.integer(after), .integer(Int64(page))]) { row in
                        (row.int(0), (1...table.columns.count).map { row.value(Int32($0)) })
                    }
                } else {
                    rows = try source.query("SELECT \(selected) FROM \(table.name) LIMIT ? OFFSET ?", [.integer(Int64(page)), .integer(Int64(offset))]) { row in
                        (0, (0..<table.columns.count).map { row.value(Int32($0)) })
                    }
                }
                if rows.isEmpty { break }
                try insert(rows.map(\.values), into: table, target)
                after = rows.last!.rowid
                offset += rows.count
            }
            let copied = Int(try target.queryOne("SELECT COUNT(*) FROM \(table.name)") { $0.int(0) } ?? 0)
            guard copied == sourceCount else { throw Failure.countMismatch(table: table.name, source: sourceCount, copied: copied) }
            return copied
        }
        return TableCount(table: table.name, source: sourceCount, copied: copied)
    }

    /// One multi-row INSERT. Every value travels as text, cast to its column's PostgreSQL type, so a
    /// batch's statement is prepared once whatever mix of storage classes SQLite's rows hold.
    private static func insert(_ rows: [[SQLValue]], into table: MigrationTable, _ target: StoreConnection) throws {
        let tuple = "(" + table.columns.map { "CAST(? AS \($0.targetType))" }.joined(separator: ", ") + ")"
        var values: [SQLValue] = []
        values.reserveCapacity(rows.count * table.columns.count)
        for row in rows {
            for (column, value) in zip(table.columns, row) { values.append(try text(value, for: column, in: table.name)) }
        }
        try target.run("INSERT INTO \(table.name) (\(table.columns.map(\.name).joined(separator: ", "))) VALUES "
                       + Array(repeating: tuple, count: rows.count).joined(separator: ", "), values)
    }

    /// A value in the text form PostgreSQL reads for the column's type (bytea as `\x` and hex).
    private static func text(_ value: SQLValue, for column: MigrationColumn, in table: String) throws -> SQLValue {
        switch value {
        case .null: return .null
        case .integer(let v): return .text(String(v))
        case .real(let v): return .text(v.isNaN ? "NaN" : v.isInfinite ? (v < 0 ? "-Infinity" : "Infinity") : "\(v)")
        case .text(let v) where column.targetType == "bytea": return .text(hex(Array(v.utf8)))
        case .text(let v):
            guard !v.utf8.contains(0) else { throw Failure.badValue(table: table, column: column.name, reason: "text with a NUL character") }
            return .text(v)
        case .blob(let v) where column.targetType == "bytea": return .text(hex(v))
        case .blob(let v):
            guard let text = String(validating: v, as: UTF8.self), !v.contains(0) else {
                throw Failure.badValue(table: table, column: column.name, reason: "binary data in a \(column.targetType) column")
            }
            return .text(text)
        }
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = [UInt8(ascii: "\\"), UInt8(ascii: "x")]
        out.reserveCapacity(2 + bytes.count * 2)
        for byte in bytes { out.append(digits[Int(byte >> 4)]); out.append(digits[Int(byte & 0x0F)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// The table's identity sequence continues after the highest id copied, or after the highest
    /// id SQLite ever gave (an AUTOINCREMENT table never reuses one, even once its row is gone).
    private static func resetIdentity(_ table: MigrationTable, source: StoreConnection, target: StoreConnection) throws {
        guard let column = table.identityColumn else { return }
        let copied = try target.queryOne("SELECT COALESCE(MAX(\(column)), 0) FROM \(table.name)") { $0.int(0) } ?? 0
        let issued = try source.queryOne("SELECT seq FROM sqlite_sequence WHERE name = ?", [.text(table.name)]) { $0.int(0) } ?? 0
        let last = max(copied, issued)
        // setval(…, 1, false): the next id is 1, as in a table that never had a row.
        try target.run("SELECT setval(pg_get_serial_sequence(?, ?)::regclass, ?, CAST(? AS boolean))",
                       [.text(table.name), .text(column), .integer(max(last, 1)), .text(last > 0 ? "true" : "false")])
    }

    /// A schema with a feed head (the last event id handed out, for several hosts) must continue
    /// right after the copied events: its counters become the highest event id (a replaced
    /// target's old head would leave a gap in the feed).
    private static func raiseFeedHead(_ target: StoreConnection) throws {
        let counters = try target.query(
            """
            SELECT a.attname FROM pg_attribute a
            WHERE a.attrelid = to_regclass('feed_head') AND a.attnum > 0 AND NOT a.attisdropped
              AND format_type(a.atttypid, a.atttypmod) = 'bigint'
              AND NOT EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = a.attrelid AND i.indisprimary AND a.attnum = ANY(i.indkey))
            """) { $0.text(0) }
        for counter in counters {
            try target.execute("UPDATE feed_head SET \(counter) = (SELECT COALESCE(MAX(id), 0) FROM events)")
        }
    }
}
