import Foundation
import SwitchboardSupport
import XCTest

final class HostFilesTests: XCTestCase {
    private var root = ""

    override func setUpWithError() throws {
        root = NSTemporaryDirectory() + "host-files-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: root) }

    func testAFileAppearsWholeOrNotAtAll() throws {
        for files in [LocalFiles(dataDirectory: root) as any HostFiles, try SharedFiles(directory: root + "/shared", hostID: "host_a")] {
            let size = try files.create("exports/a.zip") { path in try FileSystem.writeAtomically(Array("whole".utf8), to: path) }
            XCTAssertEqual(size, 5)
            XCTAssertEqual(files.read("exports/a.zip"), Array("whole".utf8))
            struct Broken: Error {}
            XCTAssertThrowsError(try files.create("exports/b.zip") { path in
                try FileSystem.writeAtomically(Array("half".utf8), to: path)
                throw Broken()
            })
            XCTAssertNil(files.read("exports/b.zip"), "a failed write leaves nothing under the key")
            XCTAssertTrue(files.remove("exports/a.zip"))
            XCTAssertNil(files.read("exports/a.zip"))
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: root + "/shared/exports"), [], "no temporary files left")
    }

    func testKeysStayUnderTheRoot() throws {
        let files = LocalFiles(dataDirectory: root)
        for key in ["../escape", "exports/../../escape", "", "exports//a", "./a"] {
            XCTAssertThrowsError(try files.create(key) { path in try FileSystem.writeAtomically([1], to: path) }, key)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: (root as NSString).deletingLastPathComponent + "/escape"))
    }

    func testASharedDirectoryThatCannotBeWrittenIsRefusedAtStart() throws {
        try FileSystem.writeAtomically([1], to: root + "/not-a-directory")
        XCTAssertThrowsError(try SharedFiles(directory: root + "/not-a-directory/files", hostID: "host_a"))
    }
}
