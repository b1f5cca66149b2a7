@testable import SwitchboardTransport
import SwitchboardSupport
import XCTest

/// The manifest's "admin_operations" (ABI 1.3): what the host may call, checked before any plugin
/// code runs.
final class AdminOperationManifestTests: XCTestCase {
    func manifest(_ operations: String) throws(ManifestError) -> PluginManifest {
        try PluginManifest(json: """
            {"id": "p", "name": "P", "version": "1", "abi": {"major": 1, "minor": 3}, "library": "libp.so",
             "identity_kinds": ["phone"], "capabilities": {"content": ["text"], "format": "plain"},
             "config_schema": {"type": "object"}, "admin_operations": \(operations)}
            """)
    }

    func refusal(_ operations: String) -> String? {
        do { _ = try manifest(operations); return nil } catch { return error.message }
    }

    func testDeclaredOperationsAreReadAndWrongOnesRefused() throws {
        let m = try manifest(#"[{"name": "numbers.search", "scope": "plugin", "summary": "Search"}, {"name": "number.release", "scope": "instance", "after": "remove_instance"}]"#)
        XCTAssertEqual(m.adminOperations.map(\.name), ["numbers.search", "number.release"])
        XCTAssertEqual(m.adminOperation("numbers.search")?.scope, .plugin)
        XCTAssertEqual(m.adminOperation("number.release")?.after, .removeInstance)
        XCTAssertEqual(m.adminOperation("number.release")?.summary, "")
        XCTAssertNil(m.adminOperation("number.steal"))
        XCTAssertEqual(try manifest("[]").adminOperations, [])

        XCTAssertEqual(refusal(#"{"name": "x"}"#), "\"admin_operations\" must be an array")
        XCTAssertEqual(refusal(#"[{"name": "Numbers Search", "scope": "plugin"}]"#), "admin_operations[0].name must be 1-64 characters of a-z, 0-9, '.', '_' or '-'")
        XCTAssertEqual(refusal(#"[{"name": "a", "scope": "plugin"}, {"name": "a", "scope": "instance"}]"#), "admin_operations[1].name: \"a\" is declared twice")
        XCTAssertEqual(refusal(#"[{"name": "a", "scope": "account"}]"#), "admin_operations[0].scope must be plugin or instance")
        XCTAssertEqual(refusal(#"[{"name": "a", "scope": "instance", "after": "explode"}]"#), "admin_operations[0].after must be none or remove_instance")
        XCTAssertEqual(refusal(#"[{"name": "a", "scope": "plugin", "after": "remove_instance"}]"#), "admin_operations[0].after: remove_instance needs scope instance")
    }
}
