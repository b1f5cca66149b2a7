import Foundation
import SwitchboardSupport
import TwilioFake
import XCTest

/// A voice instance must name a published flow: a call must find a flow to answer it.
final class VoiceInstanceTests: XCTestCase {
    var world: VoiceWorld!

    override func tearDown() { world?.stop() }

    func testAnInstanceNamingAnUnknownOrUnpublishedFlowIsRefusedAndNothingStored() throws {
        world = try VoiceWorld()
        let draftOnly = try world.created("/api/v1/voice/flows", ["name": "Not yet"])
        for (flow, why) in [("flw_nosuchflow", "no IVR flow"), (draftOnly, "is not published")] {
            let refused = try world.host.request("POST", "/api/v1/channels", json: [
                "id": "voice2", "plugin_id": "voice",
                "config": world.account(["phone_number": .string(VoiceWorld.secondNumber), "flow_id": .string(flow)])])
            XCTAssertEqual(refused.status, 400, refused.text)
            XCTAssertEqual(refused.json["field"]?.stringValue, "config.flow_id", refused.text)
            XCTAssertTrue(refused.json["message"]?.stringValue?.contains(why) ?? false, refused.text)
            XCTAssertEqual(try world.host.request("GET", "/api/v1/channels/voice2").status, 404, "nothing stored")
        }
        // A new configuration is checked the same way.
        let repointed = try world.host.request("PATCH", "/api/v1/channels/voice1", json: [
            "config": world.account(["phone_number": .string(VoiceWorld.number), "flow_id": .string(draftOnly)])])
        XCTAssertEqual(repointed.status, 400, repointed.text)
        XCTAssertEqual(repointed.json["field"]?.stringValue, "config.flow_id")
        // Enabling checks again; the instance's flow is published, so it comes back.
        XCTAssertEqual(try world.host.request("POST", "/api/v1/channels/voice1/disable").status, 200)
        let enabled = try world.host.request("POST", "/api/v1/channels/voice1/enable")
        XCTAssertEqual(enabled.status, 200, enabled.text)
    }
}
