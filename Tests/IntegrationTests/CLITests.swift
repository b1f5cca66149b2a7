import Foundation
import SwitchboardSupport
import XCTest

/// The operator's CLI against a running host.
final class CLITests: XCTestCase {
    func run(_ arguments: [String], host: HostProcess? = nil) throws -> (status: Int32, output: String) {
        try HostProcess.cli(arguments, host: host)
    }

    func testOperatorManagesChannelsAndPluginsFromTheCLI() throws {
        for command in ["serve", "plugins", "channels", "credentials", "keys"] {
            let help = try run([command, "--help"])
            XCTAssertEqual(help.status, 0)
            XCTAssertTrue(help.output.contains("usage: switchboard \(command)"), help.output)
        }
        XCTAssertEqual(try run(["bogus"]).status, 1)

        let host = try HostProcess(plugins: ["api"])
        defer { host.stop() }
        XCTAssertEqual(try run(["credentials", "set", "k", "--secret", "s3cret"], host: host).status, 0)
        let added = try run(["channels", "add", "crm", "--plugin", "api", "--config", #"{"api_key_credential":"k"}"#], host: host)
        XCTAssertEqual(added.status, 0, added.output)
        XCTAssertTrue(added.output.contains("running"), added.output)
        let bad = try run(["channels", "add", "crm2", "--plugin", "api", "--config", #"{"api_key_credential":"nope"}"#], host: host)
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.output.contains("config.api_key_credential"), bad.output)
        XCTAssertEqual(try run(["channels", "disable", "crm"], host: host).output, "channel crm: disabled\n")
        XCTAssertTrue(try run(["channels", "list"], host: host).output.contains("disabled"))
        XCTAssertEqual(try run(["channels", "enable", "crm"], host: host).output, "channel crm: running\n")
        XCTAssertEqual(try run(["plugins", "disable", "api"], host: host).status, 0)
        XCTAssertTrue(try run(["plugins", "list"], host: host).output.contains("no"))
        XCTAssertEqual(try run(["plugins", "enable", "api"], host: host).status, 0)
        let upgraded = try run(["plugins", "upgrade", "api"], host: host)
        XCTAssertEqual(upgraded.status, 0, upgraded.output)
        let key = try run(["keys", "create", "--name", "crm", "--role", "integrator", "--channels", "crm"], host: host)
        XCTAssertTrue(key.output.hasPrefix("sbk_"), key.output)
        let keyID = try XCTUnwrap(try run(["keys", "list"], host: host).output.split(separator: "\n").first { $0.hasSuffix("\tcrm") }?
            .split(separator: "\t").first.map(String.init))
        let rotated = try run(["keys", "rotate", keyID, "--overlap", "0"], host: host)
        XCTAssertEqual(rotated.status, 0, rotated.output)
        let newKey = String(rotated.output.prefix { $0 != "\n" })
        XCTAssertTrue(newKey.hasPrefix("sbk_") && rotated.output.contains("the old key works until"), rotated.output)
        XCTAssertEqual(try host.request("GET", "/api/v1/conversations", key: newKey).status, 200)
        XCTAssertEqual(try host.request("GET", "/api/v1/conversations", key: key.output.trimmingCharacters(in: .whitespacesAndNewlines)).status, 401)
        XCTAssertEqual(try host.request("GET", "/api/v1/channels/crm").json["state"]?.stringValue, "running")
    }
}
