import Foundation
import XCTest

/// The agents' web app and the web chat widget in a real browser: runs Tests/Browser/inbox_test.py
/// and Tests/Browser/widget_test.py (Selenium driving headless Chromium against the real host
/// binary), so their results count in the suite's totals. Screenshots and figures land in
/// artifacts/browser/ (the widget's in artifacts/browser/widget/). Needs Debian's chromium, chromium-driver
/// and python3-selenium (scripts/setup installs them); without them the test is skipped, unless
/// SWITCHBOARD_REQUIRE_BROWSER=1 (scripts/test sets it), which makes their absence a failure.
final class BrowserTests: XCTestCase {
    /// Debian's interpreter: python3-selenium is installed for it, whatever python3 comes first on PATH.
    static let python = "/usr/bin/python3"
    static let budgetSeconds: TimeInterval = 300

    func testInboxInChromium() throws {
        try runInChromium("inbox_test.py", log: "artifacts/browser/test.log")
    }

    /// The widget embedded in a shop page: pre-chat, send, a live reply, unread badge, reload, switch to email.
    func testWebChatWidgetInChromium() throws {
        try runInChromium("widget_test.py", log: "artifacts/browser/widget/test.log")
    }

    /// Runs one script of Tests/Browser, its output in `log` (relative to the package).
    private func runInChromium(_ script: String, log relativeLog: String) throws {
        if let missing = Self.missingTools() {
            let message = "the browser test needs \(missing): run scripts/setup"
            if ProcessInfo.processInfo.environment["SWITCHBOARD_REQUIRE_BROWSER"] == "1" { return XCTFail(message) }
            throw XCTSkip(message)
        }
        let log = HostProcess.packageRoot + "/" + relativeLog
        try FileManager.default.createDirectory(atPath: (log as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let output = try XCTUnwrap(FileHandle(forWritingAtPath: log))
        defer { try? output.close() }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.python)
        process.arguments = ["-u", HostProcess.packageRoot + "/Tests/Browser/" + script]
        var environment = ProcessInfo.processInfo.environment
        environment["SWITCHBOARD_BINARY"] = HostProcess.binary
        environment["SWITCHBOARD_TEST_PLUGINS"] = HostProcess.stagedPlugins
        process.environment = environment
        process.standardOutput = output
        process.standardError = output
        try process.run()
        // The script bounds every wait and stops what it starts; this bound is for a script that hangs anyway.
        let deadline = Date().addingTimeInterval(Self.budgetSeconds)
        while process.isRunning && Date() < deadline { usleep(100_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGINT)   // the script's cleanup runs on KeyboardInterrupt
            let grace = Date().addingTimeInterval(20)
            while process.isRunning && Date() < grace { usleep(100_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            XCTFail("the browser test ran over \(Int(Self.budgetSeconds)) s")
        }
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        // The steps and figures, in the suite's output.
        print(text.split(separator: "\n").filter { $0.hasPrefix("  PASS") || $0.hasPrefix("  FAIL") || $0.hasPrefix("browser") }.joined(separator: "\n"))
        XCTAssertEqual(process.terminationStatus, 0, "browser test failed (\(relativeLog)):\n\(text.suffix(6000))")
    }

    /// What is missing to run the browser test, or nil.
    static func missingTools() -> String? {
        var missing: [String] = []
        if !FileManager.default.isExecutableFile(atPath: python) { missing.append("python3") }
        if !["/usr/bin/chromium", "/usr/bin/chromium-browser"].contains(where: FileManager.default.isExecutableFile) { missing.append("chromium") }
        if !FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver") { missing.append("chromium-driver") }
        if missing.isEmpty {
            let probe = Process()
            probe.executableURL = URL(fileURLWithPath: python)
            probe.arguments = ["-c", "import selenium"]
            probe.standardOutput = FileHandle.nullDevice
            probe.standardError = FileHandle.nullDevice
            if (try? probe.run()) == nil { return "python3-selenium" }
            probe.waitUntilExit()
            if probe.terminationStatus != 0 { missing.append("python3-selenium") }
        }
        return missing.isEmpty ? nil : missing.joined(separator: ", ")
    }
}
