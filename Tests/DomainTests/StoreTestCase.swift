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
        store = try Store(path: directory + "/db.sqlite")
    }

    override func tearDown() {
        store.close()
        try? FileManager.default.removeItem(atPath: directory)
    }
}
