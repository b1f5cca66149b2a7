import Foundation
import SwitchboardDomain

/// Which store the test hosts keep their data in. With SWITCHBOARD_TEST_STORE set to a PostgreSQL
/// URL (scripts/postgres start prints one), every data directory gets a database of its own on that
/// server, created on first use: a host restarted on the same data directory finds its data again,
/// and hosts of different tests never share one. Without it, SQLite in the data directory.
enum TestStore {
    static let server = ProcessInfo.processInfo.environment["SWITCHBOARD_TEST_STORE"].flatMap { $0.isEmpty ? nil : $0 }

    static var isPostgres: Bool { server != nil }

    /// The migrated database every test database is copied from: made once per test process.
    private static let template = Result { try server.map(PostgresServer.migratedTemplate(on:)) }

    /// `serve`'s arguments for a host on this data directory.
    static func arguments(dataDirectory: String) throws -> [String] {
        guard let server else { return [] }
        return ["--store", try database(for: dataDirectory, on: server)]
    }

    /// A connection to the database of the host on this data directory, on either store: what tests
    /// read (or set up) directly where the REST API has no answer.
    static func connection(dataDirectory: String, readOnly: Bool = false) throws -> StoreConnection {
        guard let server else { return try StoreConnection(path: dataDirectory + "/switchboard.sqlite", readOnly: readOnly) }
        let db = try StoreConnection(postgres: try database(for: dataDirectory, on: server))
        if readOnly { try db.execute("SET default_transaction_read_only = on") }
        return db
    }

    /// The URL of the data directory's database, created if missing.
    static func database(for dataDirectory: String, on server: String) throws -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325   // FNV-1a: stable across runs, unlike Hasher
        for byte in dataDirectory.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        // A copy of the migrated template: the host finds its schema there instead of migrating.
        return try PostgresServer.createDatabase("sb_" + String(hash, radix: 16), on: server, template: try template.get())
    }
}

extension TestStore {
    /// Crashes the PostgreSQL server the tests use and starts it again on the same data
    /// (`scripts/postgres restart`: `pg_ctl -m immediate`, then crash recovery). Its port is the URL's.
    /// Spawned and reaped here with waitpid: Foundation's Process did not notice this script end
    /// while the test's other threads were busy.
    static func restartServer(within seconds: TimeInterval = 60) throws {
        guard let server, let port = URLComponents(string: server)?.port else { throw HostError("no PostgreSQL server to restart") }
        let script = HostProcess.packageRoot + "/scripts/postgres"
        let environment = ProcessInfo.processInfo.environment.merging(["SWITCHBOARD_PG_PORT": "\(port)"]) { $1 }.map { "\($0)=\($1)" }
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup(script), strdup("restart"), nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        var pid: pid_t = 0
        guard posix_spawn(&pid, script, &actions, nil, argv, envp) == 0 else { throw HostError("could not run \(script)") }
        let deadline = Date().addingTimeInterval(seconds)
        var status: Int32 = 0
        while waitpid(pid, &status, WNOHANG) == 0 {
            guard Date() < deadline else {
                kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                throw HostError("scripts/postgres restart took over \(Int(seconds)) s")
            }
            usleep(50_000)
        }
        guard status == 0 else { throw HostError("scripts/postgres restart failed (wait status \(status))") }
    }
}
