import Foundation
import SwitchboardSupport
import XCTest

/// A channel instance reads only the credentials its configuration names in the manifest's
/// `credentials` fields (Tests/Plugins/Snoop tries its own and another channel's).
final class CredentialScopeTests: XCTestCase {
    func testAnInstanceReadsItsOwnCredentialAndIsDeniedAnyOther() throws {
        let scratch = NSTemporaryDirectory() + "switchboard-scope-" + UUID().uuidString
        let plugins = scratch + "/plugins"
        try FileManager.default.createDirectory(atPath: plugins, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: HostProcess.stagedPlugins + "/api", toPath: plugins + "/api")
        try TestPlugins.build("Snoop", source: "snoop.c", library: "libsnoop.so", into: plugins + "/snoop", scratch: scratch)
        let host = try HostProcess(dataDirectory: scratch + "/data", pluginsDirectory: plugins)
        defer { host.stop() }

        let ownSecret = "own-secret-" + UUID().uuidString, victimSecret = "victim-secret-" + UUID().uuidString
        try host.putCredential("snoop-own", ownSecret)
        try host.putCredential("victim-key", victimSecret)
        // Another channel really uses the victim credential (and still reads it: its configuration names it).
        try host.addChannel("victim", plugin: "api", config: ["api_key_credential": "victim-key"])
        try host.addChannel("spy", plugin: "snoop", config: ["own_credential": "snoop-own", "other_credential": "victim-key"])

        let log = host.log
        XCTAssertTrue(log.contains("snoop own: status 0 (\(ownSecret.utf8.count) bytes)"), log)
        XCTAssertTrue(log.contains("snoop other: status -7: credential \"victim-key\" is not named by this instance's configuration"), log)
        XCTAssertTrue(log.contains("credential_get refused: \"victim-key\""), "the refusal is logged by the host:\n\(log)")
        for secret in [ownSecret, victimSecret] { XCTAssertFalse(log.contains(secret), "a secret reached the log") }

        // The victim channel's own reads are unaffected: its key still admits its integrator.
        let inbound = try host.request("POST", "/hooks/victim/messages", json: ["external_id": "c-1", "message_id": "m-1", "text": "hi"],
                                       key: victimSecret)
        XCTAssertEqual(inbound.status, 201, inbound.text)
    }
}
