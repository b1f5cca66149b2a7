import Foundation
import SwitchboardSupport
import XCTest

/// `switchboard knowledge …` and `switchboard stacks …` against a running host.
final class StackCLITests: XCTestCase {
    func run(_ arguments: [String], host: HostProcess? = nil) throws -> (status: Int32, output: String) {
        try HostProcess.cli(arguments, host: host)
    }

    func testOperatorImportsAFolderAndPutsAStack() throws {
        for command in ["knowledge", "stacks"] {
            XCTAssertTrue(try run([command, "--help"]).output.contains("usage: switchboard \(command)"))
        }
        let folder = NSTemporaryDirectory() + "kb-" + UUID().uuidString
        let fm = FileManager.default
        try fm.createDirectory(atPath: folder + "/shipping", withIntermediateDirectories: true)
        try "---\ntitle: Where is my order?\ntags: [shipping]\n---\n## Tracking\n\nEvery parcel has a tracking link.".write(toFile: folder + "/shipping/where.md", atomically: true, encoding: .utf8)
        try "# Refunds\n\nRefunds take five days.".write(toFile: folder + "/refunds.md", atomically: true, encoding: .utf8)
        try "Returns are free for 30 days.".write(toFile: folder + "/returns-policy.markdown", atomically: true, encoding: .utf8)
        try "not an article".write(toFile: folder + "/notes.txt", atomically: true, encoding: .utf8)

        let host = try HostProcess(plugins: ["api"])
        defer { host.stop() }
        let imported = try run(["knowledge", "import", folder, "--collection", "help", "--name", "Help centre"], host: host)
        XCTAssertEqual(imported.status, 0, imported.output)
        XCTAssertEqual(imported.output, "collection help: 3 articles created, 0 updated, 3 passages indexed\n")
        XCTAssertEqual(try run(["knowledge", "import", folder, "--collection", "help"], host: host).output,
                       "collection help: 0 articles created, 3 updated, 3 passages indexed\n", "importing again updates")
        XCTAssertTrue(try run(["knowledge", "collections"], host: host).output.contains("3 articles"))
        let titles = try host.request("GET", "/api/v1/knowledge/articles?collection=help").json["articles"]?.arrayValue?.compactMap { $0["title"]?.stringValue }
        XCTAssertEqual(Set(titles ?? []), ["Where is my order?", "Refunds", "Returns policy"])
        XCTAssertTrue(try run(["knowledge", "search", "tracking link"], host: host).output.contains("Where is my order? › Tracking"))

        let file = folder + "/stack.json"
        try #"{"id": "support", "name": "Support", "collections": ["help"], "topics": [{"name": "shipping", "examples": ["where is my parcel"]}]}"#
            .write(toFile: file, atomically: true, encoding: .utf8)
        let put = try run(["stacks", "put", file], host: host)
        XCTAssertEqual(put.output, "stack support stored (engine builtin, 1 topics)\n")
        try #"{"id": "bad", "name": "Bad", "collections": ["faq"]}"#.write(toFile: file, atomically: true, encoding: .utf8)
        let refused = try run(["stacks", "put", file], host: host)
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.output.contains("collections[0]: no knowledge collection faq"), refused.output)
        XCTAssertTrue(try run(["stacks", "list"], host: host).output.contains("support"))
        XCTAssertTrue(try run(["stacks", "usage", "support"], host: host).output.hasPrefix("DAY"))

        // Draft mode from the CLI: --drafts with --stack, refused without one.
        try host.putCredential("api-key", "integrator-secret")
        XCTAssertEqual(try run(["channels", "add", "api1", "--plugin", "api", "--config", #"{"api_key_credential": "api-key"}"#,
                                "--stack", "support", "--drafts"], host: host).status, 0)
        XCTAssertEqual(try host.request("GET", "/api/v1/channels/api1").json["binding"], ["kind": "stack", "ref": "support", "mode": "draft"])
        let lonely = try run(["channels", "configure", "api1", "--drafts"], host: host)
        XCTAssertEqual(lonely.status, 1)
        XCTAssertTrue(lonely.output.contains("--drafts goes with --stack STACK"), lonely.output)
        XCTAssertEqual(try run(["channels", "configure", "api1", "--team", "none-yet"], host: host).status, 0)
        XCTAssertEqual(try host.request("PATCH", "/api/v1/channels/api1", json: ["binding": ["kind": "team", "mode": "draft"]]).json["field"],
                       "binding.mode", "draft applies to a stack binding only")
        XCTAssertEqual(try run(["stacks", "remove", "support"], host: host).output, "stack support removed\n")
    }
}
