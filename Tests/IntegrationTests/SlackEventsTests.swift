import Foundation
import SlackFake
import SwitchboardSupport
import XCTest

/// The Slack Events API endpoint in the real host: the URL handshake, Slack's signature and
/// replay window, retries deduplicated on event_id (and never dropped for being retries), and
/// what plugin_status tells the operator.
final class SlackEventsTests: XCTestCase {
    var world: SlackWorld!

    override func setUpWithError() throws { world = try SlackWorld() }
    override func tearDown() { world?.stop() }

    /// A side conversation with Ann and its opening post.
    func openThread() throws -> (side: String, opening: FakeSlack.Post) {
        let conversation = try world.customerConversation()
        let side = try XCTUnwrap(try world.start(conversation, slack: ["users": [.string(SlackWorld.ann)]]).json["id"]?.stringValue)
        XCTAssertEqual(try world.settledFirst(side)["delivery_status"], "sent")
        return (side, try world.post(1))
    }

    func testURLVerificationIsAnsweredWithTheChallenge() throws {
        let answer = world.events.sendOnce(FakeSlack.urlVerification(challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"))
        XCTAssertEqual(answer.status, 200)
        XCTAssertEqual((try JSON.parse(Array(answer.text.utf8)))["challenge"], "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P")
        // Unsigned, it is refused like anything else.
        let forged = world.events.sendOnce(FakeSlack.urlVerification(challenge: "x"), signature: "v0=" + String(repeating: "0", count: 64))
        XCTAssertEqual(forged.status, 401)
    }

    func testBadSignaturesStaleTimestampsAndMalformedBodiesAreRefusedWithNothingStored() throws {
        let (side, opening) = try openThread()
        let reply = world.slack.reply(to: opening, user: SlackWorld.ann, text: "the real one")
        let forger = SlackEventSender(url: world.events.url, signingSecret: "not-the-signing-secret")
        XCTAssertEqual(forger.sendOnce(reply.body).status, 401, "signed with another secret")
        let stale = Clock.nowMillis() / 1000 - 301
        let staleSignature = SlackEventSender.signature(body: Array(reply.body.utf8), timestamp: String(stale), secret: SlackWorld.signingSecret)
        XCTAssertEqual(world.events.sendOnce(reply.body, timestamp: stale, signature: staleSignature).status, 401, "correctly signed, six minutes old")
        XCTAssertEqual(world.events.sendOnce(reply.body, signature: "").status, 401, "no signature")
        let tampered = reply.body.replacingOccurrences(of: "the real one", with: "the forged one")
        let signedOriginal = SlackEventSender.signature(body: Array(reply.body.utf8), timestamp: String(Clock.nowMillis() / 1000),
                                                        secret: SlackWorld.signingSecret)
        XCTAssertEqual(world.events.sendOnce(tampered, signature: signedOriginal).status, 401, "a body other than the one signed")
        let malformed = world.events.sendOnce("{\"type\": \"event_callback\", ")
        XCTAssertEqual(malformed.status, 400, malformed.text)
        XCTAssertEqual(world.events.sendOnce("{\"type\": \"event_callback\", \"event\": {}}").status, 400, "no event_id")
        XCTAssertEqual(try world.sideMessages(side).count, 1, "nothing stored")

        // The refusals marked nothing as handled: the genuine delivery of the same event is stored.
        XCTAssertEqual(world.events.sendOnce(reply.body).status, 200)
        XCTAssertEqual(try world.waitForSideMessages(side, count: 2)[1]["text"], "the real one")
    }

    func testRetriesAreDeduplicatedOnEventIDButNeverDroppedForBeingRetries() throws {
        let (side, opening) = try openThread()
        let first = world.slack.reply(to: opening, user: SlackWorld.ann, text: "first")
        XCTAssertEqual(world.events.sendOnce(first.body).status, 200)
        // Slack did not get the answer in time and retries twice: acknowledged, stored once.
        for retry in 1...2 {
            let again = world.events.sendOnce(first.body, retryNum: retry, retryReason: "http_timeout")
            XCTAssertEqual(again.status, 200, again.text)
        }
        // Slack gives up waiting on a delivery the host did store (3 s in Slack; 1 ms here) and retries: stored once.
        let slow = world.slack.reply(to: opening, user: SlackWorld.ann, text: "answered too late")
        let impatient = SlackEventSender(url: world.events.url, signingSecret: SlackWorld.signingSecret, timeoutMs: 1)
        // (A host this fast may still answer inside 1 ms: either way the event is stored and Slack retries.)
        let gaveUp = impatient.sendOnce(slow.body).status
        XCTAssertTrue(gaveUp == 0 || gaveUp == 200, "timed out, or answered at once: \(gaveUp)")
        XCTAssertEqual(try world.waitForSideMessages(side, count: 3)[2]["text"], "answered too late")
        XCTAssertEqual(world.events.sendOnce(slow.body, retryNum: 1, retryReason: "http_timeout").status, 200)
        // An event whose first delivery never arrived, seen only as Slack's third retry: stored.
        let late = world.slack.reply(to: opening, user: SlackWorld.ann, text: "only seen as a retry")
        XCTAssertEqual(world.events.sendOnce(late.body, retryNum: 3, retryReason: "http_error").status, 200)
        let messages = try world.waitForSideMessages(side, count: 4)
        XCTAssertEqual(messages.map { $0["text"]?.stringValue ?? "" },
                       ["Can someone check parcel 1001?", "first", "answered too late", "only seen as a retry"])
        usleep(300_000)
        XCTAssertEqual(try world.sideMessages(side).count, 4)
    }

    func testPluginStatusShowsTheRequestURLTheWorkspaceAndTheAppManifest() throws {
        let status = try world.host.eventually("slack1's status") { () -> JSON? in
            let s = try world.host.request("GET", "/api/v1/channels/slack1").json["plugin_status"]
            return s?["team_id"] != nil ? s : Optional<JSON>.none
        }
        let requestURL = world.host.baseURL + "/hooks/slack1/events"
        XCTAssertEqual(status["request_url"]?.stringValue, requestURL)
        XCTAssertEqual(status["auth_ok"], true)
        XCTAssertEqual(status["team_id"]?.stringValue, world.slack.teamID)
        XCTAssertEqual(status["team"], "Acme")
        XCTAssertEqual(status["bot_user"], "switchboard")
        XCTAssertEqual(status["bot_user_id"]?.stringValue, world.slack.botUserID)
        // The manifest shown is the one shipped in the plugin's folder, with this request URL in it.
        let shipped = try String(contentsOfFile: HostProcess.packageRoot + "/Plugins/Slack/slack-app-manifest.json", encoding: .utf8)
        let expected = try JSON.parse(Array(shipped.replacingOccurrences(of: "https://switchboard.example.com/hooks/<instance>/events",
                                                                          with: requestURL).utf8))
        XCTAssertEqual(status["app_manifest"], expected)

        // A revoked token is refused at the next reconfiguration, naming the setting, and the old one stays.
        world.slack.revokeToken()
        try world.host.putCredential("slack-bot-2", world.slack.botToken)
        let refused = try world.host.request("PATCH", "/api/v1/channels/slack1", json: ["config": world.config(token: "slack-bot-2")])
        XCTAssertEqual(refused.status, 400, refused.text)
        XCTAssertTrue(refused.text.contains("bot_token_credential") && refused.text.contains("token_revoked"), refused.text)
        XCTAssertEqual(try world.host.request("GET", "/api/v1/channels/slack1").json["config"]?["bot_token_credential"], "slack-bot")
    }

    func testAWorkspaceIsServedByOneInstance() throws {
        let second = try world.host.request("POST", "/api/v1/channels", json: ["id": "slack2", "plugin_id": "slack", "config": world.config()])
        XCTAssertEqual(second.status, 409, second.text)
        XCTAssertEqual(second.json["field"], "config.bot_token_credential")
        XCTAssertTrue(second.text.contains("slack1"), second.text)
    }
}
