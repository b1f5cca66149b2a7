import Foundation
import SwitchboardSupport
import XCTest

/// Per-node counts from real calls: calls played by the loopback Twilio Voice through the voice
/// channel, then GET …/stats read back from their stored paths.
final class VoiceFlowStatsTests: XCTestCase {
    var world: VoiceWorld!

    override func tearDown() { world?.stop() }

    func testCountsFollowTheCallsPlayedThroughTheFakeTwilio() throws {
        world = try VoiceWorld()
        let texted = try world.call(world.script(["2"]))
        XCTAssertEqual(texted.said.last, "We sent you a text. Goodbye.")
        _ = try world.host.eventually("the text sent") { world.twilio.sent.first }
        let retried = try world.call(world.script(["9", "2"]))
        XCTAssertEqual(retried.said.last, "We sent you a text. Goodbye.")
        let stats = try world.host.eventually("both calls counted") { () -> JSON? in
            let r = try world.host.request("GET", "/api/v1/voice/flows/\(world.flowID)/stats")
            return r.json["nodes"]?["bye_text"]?["ended_here"]?.intValue == 2 ? r.json : nil
        }
        XCTAssertEqual(stats["nodes"]?["welcome"], ["entered": 2, "ended_here": 0])
        XCTAssertEqual(stats["nodes"]?["menu"], ["entered": 3, "ended_here": 0], "the retry entered the menu again")
        XCTAssertEqual(stats["nodes"]?["sms_link"], ["entered": 2, "ended_here": 0])
        XCTAssertEqual(stats["edges"]?["menu:text_me"]?.intValue, 2)
        XCTAssertEqual(stats["edges"]?["menu:no_match"]?.intValue, 1)
        XCTAssertEqual(stats["edges"]?["hours:open"]?.intValue, 2)
        XCTAssertNil(stats["nodes"]?["voicemail"], "no call went there")
    }

    /// `?revision=N` counts only the calls pinned to that revision; an unknown one is a 404, a bad one a 400 naming it.
    func testCountsOfOneRevision() throws {
        world = try VoiceWorld()
        _ = try world.call(world.script(["2"]))
        XCTAssertEqual(try world.host.request("POST", "/api/v1/voice/flows/\(world.flowID)/publish").status, 201)
        _ = try world.call(world.script(["2"]))
        func welcome(_ query: String) throws -> JSON? {
            try world.host.request("GET", "/api/v1/voice/flows/\(world.flowID)/stats\(query)").json["nodes"]?["welcome"]?["entered"]
        }
        _ = try world.host.eventually("both calls counted") { try welcome("") == 2 ? true : nil }
        XCTAssertEqual(try welcome("?revision=1"), 1, "the first call, on revision 1")
        XCTAssertEqual(try welcome("?revision=2"), 1, "the second, on revision 2")
        XCTAssertEqual(try world.host.request("GET", "/api/v1/voice/flows/\(world.flowID)/stats?revision=3").status, 404)
        let bad = try world.host.request("GET", "/api/v1/voice/flows/\(world.flowID)/stats?revision=0")
        XCTAssertEqual(bad.status, 400, bad.text)
        XCTAssertEqual(bad.json["field"]?.stringValue, "revision")
    }
}
