import Foundation
import SwitchboardDomain
import XCTest

/// A test case with a fresh store in its own temporary folder, removed afterwards.
class StoreTestCase: XCTestCase {
    var store: Store!
    var directory: String!

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "switchboard-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if let server = ProcessInfo.processInfo.environment["SWITCHBOARD_TEST_STORE"], !server.isEmpty {
            // A fresh PostgreSQL database per test (scripts/postgres start), dropped afterwards.
            let name = "sbt_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            postgres = (server, name)
            store = try Store(location: .postgres(try PostgresServer.createDatabase(name, on: server)))
        } else {
            store = try Store(path: directory + "/db.sqlite")
        }
    }

    /// The server and database of a test on PostgreSQL.
    private var postgres: (server: String, database: String)?

    override func tearDown() {
        store.close()
        if let postgres { try? PostgresServer.dropDatabase(postgres.database, on: postgres.server) }
        try? FileManager.default.removeItem(atPath: directory)
    }
}
