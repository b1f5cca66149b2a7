import SwitchboardDomain
import SwitchboardSupport

extension Help {
    static let store = """
    usage: switchboard store migrate --from sqlite:PATH --to postgres://… [--replace]

      migrate   copy an installation's SQLite store into a PostgreSQL database (then run
                `switchboard serve --store postgres://…` on it, with the same data directory)
        --from sqlite:PATH   the SQLite file (sqlite:./data/switchboard.sqlite), or the data directory
        --to URL             the PostgreSQL database (postgres://user:password@host:port/database); it gets
                             this version's schema, and must hold no data
        --replace            empty a target that holds data first (its data is lost)

    Stop the host first (the command refuses a file a process has open) and back the data directory
    up. The source must be at this binary's schema version. Every table is copied with its ids in one
    transaction and its row count checked; an interrupted run can simply be run again.
    """
}

/// `switchboard store …`: work on the store itself, with the host stopped (no running host is asked).
enum StoreCommands {
    static func store(_ args: Arguments) throws {
        if args.wantsHelp || args.positional.count < 2 { print(Help.store); return }
        guard args.positional[1] == "migrate" else { throw CLIError("unknown store subcommand \(args.positional[1])\n\n\(Help.store)") }
        guard let from = args.option("from") else { throw CLIError("--from is required: sqlite:PATH (the data directory's switchboard.sqlite)") }
        guard let to = args.option("to"), case .postgres(let url)? = StoreLocation.postgres(url: to) else {
            throw CLIError("--to must be a postgres:// or postgresql:// connection URL")
        }
        let path = sqlitePath(from)
        var header = true   // once the checks passed and the first table is in
        let counts = try StoreMigration.run(sqlitePath: path, postgresURL: url, replace: args.flag("replace")) { count in
            if header { print(Commands.pad(["TABLE", "SOURCE", "COPIED"])); header = false }
            print(Commands.pad([count.table, String(count.source), String(count.copied)]))
        }
        let rows = counts.reduce(0) { $0 + $1.copied }
        print("migrated \(counts.count) tables, \(rows) rows, from \(path); every count verified")
    }

    /// `--from`'s file: `sqlite:PATH` or a bare path; a directory means its switchboard.sqlite.
    static func sqlitePath(_ from: String) -> String {
        let path = from.hasPrefix("sqlite:") ? String(from.dropFirst("sqlite:".count)) : from
        // Only a directory can hold a file: for a file's path this finds nothing (ENOTDIR).
        return FileSystem.exists(path + "/switchboard.sqlite") ? path + "/switchboard.sqlite" : path
    }
}
