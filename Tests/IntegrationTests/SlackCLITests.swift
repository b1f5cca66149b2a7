import Foundation
import SlackFake
import SwitchboardSupport
import XCTest

/// `switchboard side …` with a Slack target: started, answered in Slack, read and replied to from
/// the command line, as an email one is.
final class SlackCLITests: XCTestCase {
    func testTheCLIStartsReadsAndRepliesToASlackSideConversation() throws {
        let world = try SlackWorld()
        defer { world.stop() }
        XCTAssertTrue(try HostProcess.cli(["side", "--help"]).output.contains("usage: switchboard side"))
        let conversation = try world.customerConversation()

        let refused = try HostProcess.cli(["side", "start", conversation, "--subject", "x", "--text", "y"], host: world.host)
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.output.contains("--slack-users"), refused.output)
        let bad = try HostProcess.cli(["side", "start", conversation, "--channel", "slack1", "--subject", "x", "--text", "y", "--slack-users", "ann"], host: world.host)
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.output.contains("400") && bad.output.contains("not a Slack user id"), bad.output)

        let started = try HostProcess.cli(["side", "start", conversation, "--channel", "slack1", "--subject", "Parcel 1001", "--text", "Where is it?",
                                   "--slack-users", "\(SlackWorld.ann),\(SlackWorld.bo)"], host: world.host)
        XCTAssertEqual(started.status, 0, started.output)
        let side = try XCTUnwrap(started.output.split(separator: " ").dropFirst(3).first.map(String.init))
        XCTAssertEqual(try world.settledFirst(side)["delivery_status"], "sent")
        let opening = try world.post(1)
        XCTAssertEqual(opening.channel, world.slack.directChannel(with: [SlackWorld.ann, SlackWorld.bo]))
        XCTAssertEqual(world.events.sendOnce(world.slack.reply(to: opening, user: SlackWorld.bo, text: "At the depot").body).status, 200)
        _ = try world.waitForSideMessages(side, count: 2)

        let listed = try HostProcess.cli(["side", "list", conversation], host: world.host)
        XCTAssertTrue(listed.output.contains(side) && listed.output.contains("Parcel 1001") && listed.output.contains("slack:user:U0ANN"), listed.output)
        let shown = try HostProcess.cli(["side", "show", side], host: world.host)
        XCTAssertTrue(shown.output.contains("> Dana") || shown.output.contains("[sent]"), shown.output)
        XCTAssertTrue(shown.output.contains("< bo: At the depot"), shown.output)
        XCTAssertEqual(try HostProcess.cli(["side", "reply", side, "--text", "Thanks"], host: world.host).status, 0)
        XCTAssertEqual(try world.post(2).threadTS, opening.ts)
    }
}
