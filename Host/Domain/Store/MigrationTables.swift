/// A column `store migrate` copies: its name, its PostgreSQL type (values are cast to it) and how
/// the SQLite side selects it (`rowid` for the FTS table's key, which is no column there).
struct MigrationColumn {
    let name: String
    let targetType: String
    let sourceExpression: String
}

struct MigrationTable {
    let name: String
    let columns: [MigrationColumn]
    /// The SQLite table has a rowid (not WITHOUT ROWID): pages by it.
    let hasRowID: Bool
    /// The PostgreSQL identity column, whose sequence is set past the copied ids.
    let identityColumn: String?
}

/// The tables both databases have, matched column by column, parents before the tables whose
/// foreign keys point at them. FTS5's own shadow tables are SQLite's index, not data: PostgreSQL
/// keeps the index inside knowledge_fts (a generated tsvector), so only its columns are copied.
struct MigrationTables {
    let ordered: [MigrationTable]

    /// Tables of the target that are not the installation's data: the migrations' record, the runs
    /// of this command, and PostgreSQL's event feed head (one row, raised after the copy: FeedHead).
    static let bookkeeping: Set<String> = ["schema_migrations", "store_migrate_runs", "feed_head"]

    init(source: StoreConnection, target: StoreConnection) throws {
        let sourceTables = try source.query("SELECT name, type, COALESCE(sql, '') FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'") {
            (name: $0.text(0), sql: $0.text(2))
        }
        let virtual = sourceTables.filter { $0.sql.uppercased().hasPrefix("CREATE VIRTUAL TABLE") }.map(\.name)
        let data = sourceTables.filter { table in !virtual.contains { table.name.hasPrefix($0 + "_") } }
        let targetNames = Set(try target.query(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'") { $0.text(0) })
            .subtracting(Self.bookkeeping)
        let sourceNames = Set(data.map(\.name))
        if let missing = sourceNames.subtracting(targetNames).sorted().first { throw StoreMigration.Failure.schemaMismatch("no table \(missing) in PostgreSQL") }
        if let missing = targetNames.subtracting(sourceNames).sorted().first { throw StoreMigration.Failure.schemaMismatch("no table \(missing) in SQLite") }

        var tables: [String: MigrationTable] = [:]
        for table in data {
            tables[table.name] = try Self.match(table.name, withoutRowID: table.sql.uppercased().contains("WITHOUT ROWID"), source, target)
        }
        let references = try target.query(
            "SELECT conrelid::regclass::text, confrelid::regclass::text FROM pg_constraint WHERE contype = 'f' AND conrelid <> confrelid") {
            (child: $0.text(0), parent: $0.text(1))
        }
        ordered = Self.parentsFirst(tables, references)
    }

    private static func match(_ name: String, withoutRowID: Bool, _ source: StoreConnection, _ target: StoreConnection) throws -> MigrationTable {
        let sourceColumns = try source.query("SELECT name FROM pragma_table_info(?)", [.text(name)]) { $0.text(0) }
        // Generated columns (knowledge_fts.document) are PostgreSQL's to compute.
        let targetColumns = try target.query(
            """
            SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attidentity <> '' FROM pg_attribute a
            WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '' ORDER BY a.attnum
            """, [.text(name)]) { (name: $0.text(0), type: $0.text(1), identity: $0.int(2) == 1) }
        var columns: [MigrationColumn] = []
        for column in targetColumns {
            if sourceColumns.contains(column.name) {
                columns.append(MigrationColumn(name: column.name, targetType: column.type, sourceExpression: "\"\(column.name)\""))
            } else if column.name == "rowid" {
                columns.append(MigrationColumn(name: column.name, targetType: column.type, sourceExpression: "rowid"))
            } else {
                throw StoreMigration.Failure.schemaMismatch("no column \(name).\(column.name) in SQLite")
            }
        }
        if let extra = sourceColumns.first(where: { column in !targetColumns.contains { $0.name == column } }) {
            throw StoreMigration.Failure.schemaMismatch("no column \(name).\(extra) in PostgreSQL")
        }
        return MigrationTable(name: name, columns: columns, hasRowID: !withoutRowID, identityColumn: targetColumns.first(where: \.identity)?.name)
    }

    /// A topological order (names sorted within a level, so runs print alike).
    private static func parentsFirst(_ tables: [String: MigrationTable], _ references: [(child: String, parent: String)]) -> [MigrationTable] {
        var parents: [String: Set<String>] = [:]
        for reference in references where tables[reference.child] != nil && tables[reference.parent] != nil {
            parents[reference.child, default: []].insert(reference.parent)
        }
        var ordered: [MigrationTable] = [], placed = Set<String>()
        var left = tables.keys.sorted()
        while !left.isEmpty {
            let ready = left.filter { parents[$0, default: []].isSubset(of: placed) }
            // A cycle cannot come from this schema; should one appear, copy the rest as listed.
            let next = ready.isEmpty ? left : ready
            for name in next { ordered.append(tables[name]!); placed.insert(name) }
            left.removeAll { placed.contains($0) }
        }
        return ordered
    }
}
