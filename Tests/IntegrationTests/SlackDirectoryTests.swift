import Foundation
import SlackFake
import SwitchboardSupport
import XCTest

/// The directory agents pick Slack people and channels from: read by the plugin with users.list
/// and conversations.list (every page), published in plugin_status, handed to agents by the host.
final class SlackDirectoryTests: XCTestCase {
    var world: SlackWorld!

    override func setUpWithError() throws { world = try SlackWorld() }
    override func tearDown() { world?.stop() }

    func directory(key: String? = nil, users count: Int) throws -> JSON {
        try world.host.eventually("a directory of \(count) people", timeout: 15) { () -> JSON? in
            let d = try world.host.request("GET", "/api/v1/channels/slack1/side-directory", key: key).json
            return d["users"]?.arrayValue?.count == count ? d : Optional<JSON>.none
        }
    }

    func testAgentsGetThePeopleAndChannelsTheAppCanReachEveryPageOfThem() throws {
        let agent = try world.host.addAgent("dana")
        let first = try directory(key: agent.key, users: 3)
        XCTAssertEqual(first["available"], true)
        XCTAssertEqual(first["users"]?.arrayValue?.compactMap { $0["id"]?.stringValue }.sorted(), [SlackWorld.ann, SlackWorld.bo, SlackWorld.cy],
                       "people only: not the app's bot user, not Slackbot")
        let ann = first["users"]?.arrayValue?.first { $0["id"]?.stringValue == SlackWorld.ann }
        XCTAssertEqual(ann?["email"], "ann@acme.example")
        XCTAssertEqual(ann?["real_name"], "Ann Lee")
        let channels = first["channels"]?.arrayValue ?? []
        XCTAssertEqual(channels.compactMap { $0["id"]?.stringValue }, [SlackWorld.random, SlackWorld.vendors], "a private channel without the app is invisible")
        XCTAssertEqual(channels.first { $0["id"]?.stringValue == SlackWorld.random }?["member"], false)

        // 250 more people: more than one page of 200; a reconfiguration reads the directory again.
        for n in 0..<250 { world.slack.addUser(id: "U1\(1000 + n)", name: "p\(n)", realName: "Person \(n)", email: "p\(n)@acme.example") }
        try world.host.putCredential("slack-bot-2", world.slack.botToken)
        XCTAssertEqual(try world.host.request("PATCH", "/api/v1/channels/slack1", json: ["config": world.config(token: "slack-bot-2")]).status, 200)
        let paged = try directory(key: agent.key, users: 253)
        XCTAssertEqual(paged["truncated"], false)
        XCTAssertGreaterThanOrEqual(world.slack.received.filter { $0.path == "/api/users.list" && $0.arguments["cursor"] != nil }.count, 1)

        // Integrator keys face customers: no directory. A channel without side conversations: 404.
        let integrator = try world.host.request("POST", "/api/v1/api-keys", json: ["name": "crm", "role": "integrator", "channel_instance_ids": ["crm"]])
        let crm = try XCTUnwrap(integrator.json["key"]?.stringValue)
        XCTAssertEqual(try world.host.request("GET", "/api/v1/channels/slack1/side-directory", key: crm).status, 403)
        XCTAssertEqual(try world.host.request("GET", "/api/v1/channels/crm/side-directory").status, 404)
    }

    func testAnAgentsRefreshReadsTheDirectoryAgainAtOnceButNotOnEveryClick() throws {
        let agent = try world.host.addAgent("dana")
        _ = try directory(key: agent.key, users: 3)
        world.slack.addUser(id: "U0EVE", name: "eve", realName: "Eve Stone", email: "eve@acme.example")
        let reads = { self.world.slack.received.filter { $0.path == "/api/users.list" }.count }
        let before = reads()
        let asked = try world.host.request("POST", "/api/v1/channels/slack1/side-directory/refresh", key: agent.key)
        XCTAssertEqual(asked.status, 202, asked.text)
        XCTAssertEqual(asked.json["requested"], true)
        let fresh = try directory(key: agent.key, users: 4)
        XCTAssertTrue(fresh["users"]?.arrayValue?.contains { $0["id"] == "U0EVE" } == true, "the new person, without waiting 10 minutes")
        let after = reads()
        XCTAssertGreaterThan(after, before)
        // A second click right away costs Slack nothing more.
        XCTAssertEqual(try world.host.request("POST", "/api/v1/channels/slack1/side-directory/refresh", key: agent.key).status, 202)
        usleep(500_000)
        XCTAssertEqual(reads(), after)
        // Integrators cannot; a channel that carries no side conversations has no directory.
        let integrator = try world.host.request("POST", "/api/v1/api-keys", json: ["name": "crm", "role": "integrator", "channel_instance_ids": ["crm"]])
        let crm = try XCTUnwrap(integrator.json["key"]?.stringValue, integrator.text)
        XCTAssertEqual(try world.host.request("POST", "/api/v1/channels/slack1/side-directory/refresh", key: crm).status, 403)
        XCTAssertEqual(try world.host.request("POST", "/api/v1/channels/crm/side-directory/refresh").status, 404)
    }

    func testARateLimitedDirectoryReadComesBackAfterRetryAfter() throws {
        _ = try directory(users: 3)
        world.slack.addUser(id: "U0DEE", name: "dee", realName: "Dee Ray", email: "dee@acme.example")
        world.slack.rateLimitNext(1, method: "users.list", retryAfterSeconds: 2)
        try world.host.putCredential("slack-bot-2", world.slack.botToken)
        let started = Date()
        XCTAssertEqual(try world.host.request("PATCH", "/api/v1/channels/slack1", json: ["config": world.config(token: "slack-bot-2")]).status, 200)
        usleep(1_500_000)
        XCTAssertEqual(try world.host.request("GET", "/api/v1/channels/slack1/side-directory").json["users"]?.arrayValue?.count, 3,
                       "the old directory stays while Slack says to wait")
        _ = try directory(users: 4)
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(started), 2.9, "the check after the reconfiguration (1 s), then Retry-After (2 s)")
    }
}
