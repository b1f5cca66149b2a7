import Foundation
import SwitchboardSupport
import XCTest

/// The plugin author guide's walk-through (docs/plugin-author-guide.md §20), run verbatim: the SDK,
/// both templates scaffolded, built and packed in a temporary directory outside the repository,
/// loaded into the real host, a signed webhook in on each and a reply delivered out to the
/// template's fake provider. If the guide and the product drift apart, this fails.
final class GuideWalkthroughTests: XCTestCase {
    /// The first ```sh block after the walk-through's heading, exactly as the guide prints it.
    static func walkthrough() throws -> String {
        let guide = try String(contentsOfFile: HostProcess.packageRoot + "/docs/plugin-author-guide.md", encoding: .utf8)
        guard let heading = guide.range(of: "## 20. Walk-through"),
              let open = guide.range(of: "```sh\n", range: heading.upperBound..<guide.endIndex),
              let close = guide.range(of: "\n```", range: open.upperBound..<guide.endIndex) else {
            throw HostError("no walk-through block in the guide")
        }
        return String(guide[open.upperBound..<close.lowerBound])
    }

    func testTheGuidesWalkthroughRunsVerbatim() throws {
        let block = try Self.walkthrough()
        let work = NSTemporaryDirectory() + "switchboard-walkthrough-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        XCTAssertFalse(work.hasPrefix(HostProcess.packageRoot + "/"), "outside the repository")
        // The block as a script; the wrapper only stops what it started in the background.
        try block.write(toFile: work + "/walkthrough.sh", atomically: true, encoding: .utf8)
        let log = work + "/walkthrough.log"
        FileManager.default.createFile(atPath: log, contents: nil)
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: log))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", "trap 'kill $(jobs -p) 2>/dev/null; wait' EXIT; . \"$WORK/walkthrough.sh\""]
        var environment = ProcessInfo.processInfo.environment
        environment["WORK"] = work
        environment["PATH"] = (HostProcess.binary as NSString).deletingLastPathComponent + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        process.environment = environment
        process.standardOutput = handle
        process.standardError = handle
        let started = Date()
        try process.run()
        // Bounded: the Swift template compiles PluginKit once (minutes on a shared machine).
        while process.isRunning && Date().timeIntervalSince(started) < 1_200 { usleep(200_000) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        try handle.close()
        let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        print("walk-through: \(Int(Date().timeIntervalSince(started))) s")
        XCTAssertEqual(process.terminationStatus, 0, output)
        XCTAssertTrue(output.contains("check: OK: exports only switchboard_plugin_v1, needs only libc.so.6"), output)
        XCTAssertTrue(output.contains("harness: 6 passed, 0 failed"), output)
        XCTAssertEqual(output.components(separatedBy: "e2e: OK").count, 3, "both plugins' tests/e2e.sh passed: \(output)")
        XCTAssertTrue(output.contains("200 {\"status\":\"stored\"}"), output)   // the C plugin's answer
        XCTAssertTrue(output.contains("200 {\"status\":\"stored\"}") && output.components(separatedBy: "\"status\":\"stored\"").count == 3,
                      "both plugins stored the customer's message: \(output)")
        // The fake provider's list, printed last: both replies, addressed to each customer.
        let list = try XCTUnwrap(output.split(separator: "\n").last { $0.hasPrefix("[") })
        let sent = try XCTUnwrap(try JSON.parse(String(list)).arrayValue)
        XCTAssertEqual(Set(sent.compactMap { $0["to"]?.stringValue }), ["ann", "bob"], output)
        XCTAssertTrue(sent.allSatisfy { $0["text"]?.stringValue == "Hi, how can we help?" }, output)
    }
}
