import Foundation
@testable import SwitchboardDomain
import SwitchboardSupport
import XCTest

/// The PostgreSQL side of the seam and of `store migrate`, against a server (SWITCHBOARD_TEST_STORE,
/// scripts/postgres start): an interrupted migration runs again, ids continue after the copied ones,
/// an INSERT's id comes back with it, and reads wait for a connection when the pool is full.
final class StoreMigrationTests: XCTestCase {
    private var databases: [(server: String, name: String)] = []
    private var directory = NSTemporaryDirectory() + "store-migration-" + UUID().uuidString

    override func setUpWithError() throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDown() {
        for database in databases { try? PostgresServer.dropDatabase(database.name, on: database.server) }
        try? FileManager.default.removeItem(atPath: directory)
    }

    private func database() throws -> String {
        guard let server = ProcessInfo.processInfo.environment["SWITCHBOARD_TEST_STORE"], !server.isEmpty else {
            throw XCTSkip("SWITCHBOARD_TEST_STORE is not set (scripts/postgres start)")
        }
        let name = "sbt_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        databases.append((server, name))
        return try PostgresServer.createDatabase(name, on: server)
    }

    private func message(_ who: String, _ id: String) -> InboundMessage {
        InboundMessage(channelInstanceID: "email1", identity: Identity(kind: "email", value: "\(who)@example.com"), providerMessageID: id, text: "hello \(id)")
    }

    func testAnInterruptedMigrationRunsAgainAndIdsContinue() throws {
        let url = try database()
        let path = directory + "/switchboard.sqlite"
        let sqlite = try Store(path: path)
        let first = try sqlite.ingest(message("ann", "m1"))
        _ = try sqlite.ingest(message("bob", "m2"))
        let last = try sqlite.ingest(message("ann", "m3"))
        sqlite.close()

        // A value PostgreSQL cannot hold stops the run in the messages table, after the tables before it committed.
        let source = try StoreConnection(path: path)
        try source.run("UPDATE messages SET text = CAST(X'610062' AS TEXT) WHERE id = ?", [.integer(last.messageID)])
        XCTAssertThrowsError(try StoreMigration.run(sqlitePath: path, postgresURL: url, replace: false)) { error in
            XCTAssertEqual(error as? StoreMigration.Failure, .badValue(table: "messages", column: "text", reason: "text with a NUL character"))
        }
        let target = try StoreConnection(postgres: url)
        XCTAssertEqual(try target.queryOne("SELECT COUNT(*) FROM contacts") { $0.int(0) }, 2, "the tables before it are in")
        XCTAssertEqual(try target.queryOne("SELECT COUNT(*) FROM messages") { $0.int(0) }, 0, "the failed table rolled back")

        // Fixed at the source, the same command (no --replace) starts over and completes.
        try source.run("UPDATE messages SET text = 'fixed' WHERE id = ?", [.integer(last.messageID)])
        let counts = try StoreMigration.run(sqlitePath: path, postgresURL: url, replace: false)
        XCTAssertEqual(counts.first { $0.table == "messages" }, StoreMigration.TableCount(table: "messages", source: 3, copied: 3))
        XCTAssertTrue(counts.allSatisfy { $0.source == $0.copied })
        XCTAssertThrowsError(try StoreMigration.run(sqlitePath: path, postgresURL: url, replace: false)) { error in
            guard case .targetHoldsData(let tables)? = error as? StoreMigration.Failure else { return XCTFail("\(error)") }
            XCTAssertTrue(tables.contains("messages"), "\(tables)")
        }

        // On PostgreSQL the copied ids stand and new rows continue after them.
        let postgres = try Store(location: .postgres(url))
        defer { postgres.close() }
        XCTAssertEqual(try postgres.messages(conversationID: first.conversationID).map(\.text), ["hello m1", "fixed"])
        let next = try postgres.ingest(message("carl", "m4"))
        XCTAssertEqual(next.messageID, last.messageID + 1)
        XCTAssertEqual(try postgres.ingest(message("ann", "m1")).messageID, first.messageID, "a provider retry is still a duplicate")

        // A source at another schema version is refused with the way forward.
        try source.execute("PRAGMA user_version = \(Schema.migrations.count - 1)")
        XCTAssertThrowsError(try StoreMigration.run(sqlitePath: path, postgresURL: url, replace: true)) { error in
            XCTAssertTrue("\(error)".contains("start this version's host on it once"), "\(error)")
        }
    }

    /// The id of an INSERT into a table with an identity column comes back with the statement; an
    /// insert that a conflict skipped leaves the previous id, as SQLite's last_insert_rowid does.
    func testAnInsertReturnsItsIdLikeSQLite() throws {
        let db = try StoreConnection(postgres: try database())
        try db.execute("CREATE TABLE t (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, k TEXT UNIQUE)")
        try db.execute("CREATE TABLE u (k TEXT PRIMARY KEY)")
        try db.run("INSERT INTO t (k) VALUES (?)", ["a"])
        try db.run("INSERT INTO t (k) VALUES (?)", ["b"])
        XCTAssertEqual(db.lastInsertRowID, 2)
        try db.run("INSERT INTO t (k) VALUES (?) ON CONFLICT DO NOTHING", ["a"])
        XCTAssertEqual(db.changes, 0)
        XCTAssertEqual(db.lastInsertRowID, 2)
        try db.run("INSERT INTO u (k) VALUES (?)", ["x"])
        XCTAssertEqual(db.lastInsertRowID, 2, "a table without an identity column gives none")
        try db.run("INSERT INTO t (id, k) VALUES (?, ?)", [.integer(40), "c"])
        XCTAssertEqual(db.lastInsertRowID, 40)
    }

    /// With one read connection, a second read waits for the first to finish and uses the same connection.
    func testReadsWaitForAConnectionWhenThePoolIsFull() throws {
        let store = try Store(location: .postgres(try database()), maxReaders: 1)
        defer { store.close() }
        let holding = Completion(), done = Completion()
        let firstPID = Locked<Int64>(0)
        Thread.detachNewThread {
            try? store.read { db in
                firstPID.withLock { $0 = (try? db.queryOne("SELECT pg_backend_pid()") { $0.int(0) }) ?? 0 }
                holding.fire()
                Clock.sleep(milliseconds: 400)
            }
            done.fire()
        }
        holding.wait()
        let started = Clock.monotonicMillis()
        let secondPID = try store.read { db in try db.queryOne("SELECT pg_backend_pid()") { $0.int(0) } }
        XCTAssertGreaterThanOrEqual(Clock.monotonicMillis() - started, 250, "the read waited for the busy connection")
        XCTAssertEqual(secondPID, firstPID.withLock { $0 })
        done.wait()
    }
}
