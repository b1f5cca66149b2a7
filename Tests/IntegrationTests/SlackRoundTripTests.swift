import Foundation
import SlackFake
import SwitchboardSupport
import XCTest

/// The round trip of one side message through the real host and the loopback Slack: an agent's
/// message posted over REST → the side delivery worker → the plugin → chat.postMessage in the
/// thread → a person's reply, signed as Slack signs it → the Events endpoint → stored (the 200
/// comes after the commit). Prints p50/p99; every reply must have been stored.
///
///     SLACK_ROUNDTRIP_N=300 swift test --skip-build --filter SlackRoundTripTests
final class SlackRoundTripTests: XCTestCase {
    func testRoundTripOfASideMessageThroughSlack() throws {
        let count = Int(ProcessInfo.processInfo.environment["SLACK_ROUNDTRIP_N"] ?? "") ?? 40
        let world = try SlackWorld()
        defer { world.stop() }
        let conversation = try world.customerConversation()
        let side = try XCTUnwrap(try world.start(conversation, slack: ["channel": .string(SlackWorld.vendors)]).json["id"]?.stringValue)
        XCTAssertEqual(try world.settledFirst(side)["delivery_status"], "sent")
        let opening = try world.post(1)

        var samplesMs: [Double] = []
        for n in 1...count {
            let started = Clock.monotonicNanos()
            let posted = try world.host.request("POST", "/api/v1/side-conversations/\(side)/messages", json: ["text": .string("update \(n)")])
            XCTAssertEqual(posted.status, 202, posted.text)
            let post = try waitForPost(world, number: n + 1)
            XCTAssertEqual(post.threadTS, opening.ts)
            let answer = world.events.sendOnce(world.slack.reply(to: opening, user: SlackWorld.cy, text: "ack \(n)").body)
            XCTAssertEqual(answer.status, 200, answer.text)
            XCTAssertTrue(answer.text.contains(side), answer.text)
            samplesMs.append(Double(Clock.monotonicNanos() - started) / 1_000_000)
        }
        XCTAssertEqual(try world.sideMessages(side).count, 1 + 2 * count, "every message and every reply stored")
        samplesMs.sort()
        func percentile(_ p: Double) -> Double { samplesMs[min(samplesMs.count - 1, Int((p * Double(samplesMs.count)).rounded(.up)) - 1)] }
        print(String(format: "slack round trip: n %d p50 %.1f ms p99 %.1f ms max %.1f ms", count, percentile(0.50), percentile(0.99), samplesMs.last ?? 0))
    }

    /// Polls the fake tightly: the figure is the host's latency, not a polling interval.
    private func waitForPost(_ world: SlackWorld, number: Int) throws -> FakeSlack.Post {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            let posts = world.slack.posts
            if posts.count >= number { return posts[number - 1] }
            usleep(200)
        }
        throw HostError("Slack post \(number) never arrived")
    }
}
