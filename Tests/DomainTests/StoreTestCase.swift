import Foundation
import SwitchboardDomain
import XCTest

/// A test case with a fresh store in its own temporary folder, removed afterwards. With
/// SWITCHBOARD_TEST_STORE set (scripts/postgres start), the store is a fresh PostgreSQL database instead.
class StoreTestCase: XCTestCase {
    var store: Store!
    var directory: String!
    /// Where `store` keeps its data: `openStore()` opens another Store there (a second "host", or a restart).
    private(set) var location: StoreLocation!

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "switchboard-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if let server = Self.server {
            // A fresh PostgreSQL database per test (scripts/postgres start), a copy of the migrated
            // template (the migrations run once per server, not per test), dropped afterwards.
            let name = "sbt_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            postgres = (server, name)
            location = .postgres(try PostgresServer.createDatabase(name, on: server, template: try Self.template.get()))
        } else {
            location = .sqlite(directory + "/db.sqlite")
        }
        store = try openStore()
    }

    /// Another Store on this test's database, with its own connections: what a second host (or
    /// the same host after a restart) sees.
    func openStore() throws -> Store {
        try Store(location: location)
    }

    private static let server = ProcessInfo.processInfo.environment["SWITCHBOARD_TEST_STORE"].flatMap { $0.isEmpty ? nil : $0 }
    /// The migrated database each test's is copied from: made once per test process.
    private static let template = Result { try server.map(PostgresServer.migratedTemplate(on:)) }

    /// The server and database of a test on PostgreSQL.
    private var postgres: (server: String, database: String)?

    override func tearDown() {
        store.close()
        if let postgres { try? PostgresServer.dropDatabase(postgres.database, on: postgres.server) }
        try? FileManager.default.removeItem(atPath: directory)
    }
}
