import Foundation
import SwitchboardDomain

/// Where a transport test's store keeps its data: `db.sqlite` in the test's scratch directory, or,
/// with SWITCHBOARD_TEST_STORE set (scripts/postgres start), a PostgreSQL database named after that
/// directory, a copy of the migrated template. The same directory gives the same database, so a
/// second Store on it is a second "host" on the same data.
enum TestStoreLocation {
    static let server = ProcessInfo.processInfo.environment["SWITCHBOARD_TEST_STORE"].flatMap { $0.isEmpty ? nil : $0 }
    private static let template = Result { try server.map(PostgresServer.migratedTemplate(on:)) }

    static func at(_ directory: String) throws -> StoreLocation {
        guard let server, let template = try template.get() else { return .sqlite(directory + "/db.sqlite") }
        // The directory's name ends in a UUID: lower-case letters, digits and underscores make it a plain identifier.
        let folder = (directory as NSString).lastPathComponent.lowercased()
        let name = "sbt_" + String(folder.map { $0.isLetter || $0.isNumber ? $0 : "_" }.suffix(59))
        return .postgres(try PostgresServer.createDatabase(name, on: server, template: template))
    }
}
