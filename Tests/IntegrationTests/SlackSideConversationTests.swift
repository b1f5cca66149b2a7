import Foundation
import SlackFake
import SwitchboardSupport
import XCTest

/// Slack side conversations through the real host and the loopback Slack: a person, a group DM
/// and a channel, the thread each opens, the replies threaded back, and the customer's
/// conversation never touched.
final class SlackSideConversationTests: XCTestCase {
    var world: SlackWorld!

    override func setUpWithError() throws { world = try SlackWorld() }
    override func tearDown() { world?.stop() }

    func testADirectMessageOpensAThreadRepliesComeBackAndNothingReachesTheCustomer() throws {
        let conversation = try world.customerConversation()
        let agent = try world.host.addAgent("dana")
        XCTAssertEqual(try world.host.request("POST", "/api/v1/conversations/\(conversation)/assign", json: ["agent_id": .string(agent.id)]).status, 200)
        let before = try world.customerView(conversation)

        let started = try world.start(conversation, slack: ["users": [["id": .string(SlackWorld.ann), "name": "Ann Lee"]]], key: agent.key)
        XCTAssertEqual(started.status, 201, started.text)
        let side = try XCTUnwrap(started.json["id"]?.stringValue)
        XCTAssertEqual(started.json["participants"]?.arrayValue?.first?["address"], "slack:user:U0ANN")
        let first = try world.settledFirst(side)
        XCTAssertEqual(first["delivery_status"], "sent")

        // The first message opened a DM with Ann and carries its context: subject, text, who, the link back.
        let opening = try world.post(1)
        XCTAssertEqual(opening.channel, world.slack.directChannel(with: [SlackWorld.ann]))
        XCTAssertNil(opening.threadTS)
        XCTAssertTrue(opening.text.contains("*Parcel 1001*"), opening.text)
        XCTAssertTrue(opening.text.contains("Can someone check parcel 1001?"), opening.text)
        XCTAssertTrue(opening.text.contains("Dana"), opening.text)
        XCTAssertTrue(opening.text.contains("<\(world.host.baseURL)/app/c/\(conversation)|the conversation with cust-1>"),
                      "the customer it is about (the contact has no name: their address): \(opening.text)")
        // "Open in Slack": the directory's link template filled with the message's provider id is its permalink.
        let template = try world.host.eventually("the message link template") { () -> String? in
            try world.host.request("GET", "/api/v1/channels/slack1/side-directory").json["message_link_template"]?.stringValue
        }
        XCTAssertEqual(template.replacingOccurrences(of: "{provider_message_id}", with: first["provider_message_id"]?.stringValue ?? ""),
                       "https://acme.slack.com/archives/\(opening.channel)/p\(opening.ts.replacingOccurrences(of: ".", with: ""))")
        // ... and Slack's own answer (chat.getPermalink), kept on the message: what the panel opens.
        XCTAssertEqual(first["provider_link"]?.stringValue,
                       "https://acme.slack.com/archives/\(opening.channel)/p\(opening.ts.replacingOccurrences(of: ".", with: ""))")

        // Ann answers in the thread: the side conversation gets it under her Slack name.
        let reply = world.slack.reply(to: opening, user: SlackWorld.ann, text: "It left the depot this morning.")
        let attempts = world.events.deliver(reply.body)
        XCTAssertEqual(attempts.map(\.status), [200], attempts.map(\.text).joined())
        let messages = try world.waitForSideMessages(side, count: 2)
        XCTAssertEqual(messages[1]["direction"], "inbound")
        XCTAssertEqual(messages[1]["text"], "It left the depot this morning.")
        XCTAssertEqual(messages[1]["author_name"], "ann")
        XCTAssertEqual(messages[1]["author_id"], "slack:user:U0ANN")
        // Her Slack picture, copied into the host's file store (the web app shows only the host's files).
        let avatar = try XCTUnwrap(messages[1]["author_avatar_url"]?.stringValue, "\(messages[1])")
        XCTAssertTrue(avatar.hasPrefix(world.host.baseURL + "/files/"), avatar)
        let picture = try HTTPClient.perform(HTTPClientRequest(method: "GET", url: avatar, headers: [], body: [], timeoutMs: 5_000))
        XCTAssertEqual(picture.status, 200)
        XCTAssertEqual(Array(picture.body.prefix(4)), [0x89, 0x50, 0x4E, 0x47])

        // The agent's next message goes into the same thread.
        XCTAssertEqual(try world.host.request("POST", "/api/v1/side-conversations/\(side)/messages", json: ["text": "Thanks <3 & more"],
                                              key: agent.key).status, 202)
        let followUp = try world.post(2)
        XCTAssertEqual(followUp.channel, opening.channel)
        XCTAssertEqual(followUp.threadTS, opening.ts)
        XCTAssertEqual(followUp.text, "*Dana*: Thanks &lt;3 &amp; more", "Slack's control characters are escaped")

        // The customer's conversation is untouched and the API channel hands its integrator nothing.
        let after = try world.customerView(conversation)
        XCTAssertEqual(after.messages.count, before.messages.count)
        XCTAssertEqual(after.engagement, before.engagement)
        XCTAssertEqual(after.updatedAt, before.updatedAt)
        XCTAssertEqual(after.pulled.count, 0, "nothing was queued for the customer")
    }

    func testAGroupDMAndAChannelEachCarryTheirThreadAndBroadcastRepliesCount() throws {
        let conversation = try world.customerConversation()
        let group = try world.start(conversation, slack: ["users": [.string(SlackWorld.ann), .string(SlackWorld.bo), .string(SlackWorld.cy)]])
        XCTAssertEqual(group.status, 201, group.text)
        let groupSide = try XCTUnwrap(group.json["id"]?.stringValue)
        XCTAssertEqual(try world.settledFirst(groupSide)["delivery_status"], "sent")
        let groupPost = try world.post(1)
        XCTAssertEqual(groupPost.channel, world.slack.directChannel(with: [SlackWorld.ann, SlackWorld.bo, SlackWorld.cy]))
        XCTAssertTrue(groupPost.channel.hasPrefix("G"), "a group DM (mpim)")

        let channel = try world.start(conversation, slack: ["channel": .string(SlackWorld.vendors)], subject: "Refund for order 77")
        XCTAssertEqual(channel.status, 201, channel.text)
        let channelSide = try XCTUnwrap(channel.json["id"]?.stringValue)
        XCTAssertEqual(try world.settledFirst(channelSide)["delivery_status"], "sent")
        let channelPost = try world.post(2)
        XCTAssertEqual(channelPost.channel, SlackWorld.vendors)

        // Bo answers in the group thread, also sending it to the channel (thread_broadcast); Cy in #vendors.
        XCTAssertEqual(world.events.deliver(world.slack.reply(to: groupPost, user: SlackWorld.bo, text: "On it", broadcast: true).body).last?.status, 200)
        XCTAssertEqual(world.events.deliver(world.slack.reply(to: channelPost, user: SlackWorld.cy, text: "Refund approved").body).last?.status, 200)
        let groupMessages = try world.waitForSideMessages(groupSide, count: 2)
        XCTAssertEqual(groupMessages[1]["text"], "On it")
        XCTAssertEqual(groupMessages[1]["author_name"], "bo")
        let channelMessages = try world.waitForSideMessages(channelSide, count: 2)
        XCTAssertEqual(channelMessages[1]["text"], "Refund approved")
        XCTAssertEqual(try world.sideMessages(groupSide).count, 2, "each reply lands in its own side conversation only")
        XCTAssertEqual(try world.customerView(conversation).messages.count, 1)
    }

    func testAPersonFoundByEmailGetsTheDirectMessage() throws {
        let conversation = try world.customerConversation()
        let started = try world.start(conversation, slack: ["users": ["Bo@Acme.example", .string(SlackWorld.bo)]])
        XCTAssertEqual(started.status, 201, started.text)
        XCTAssertEqual(started.json["participants"]?.arrayValue?.first?["address"], "slack:email:bo@acme.example")
        let side = try XCTUnwrap(started.json["id"]?.stringValue)
        XCTAssertEqual(try world.settledFirst(side)["delivery_status"], "sent")
        XCTAssertEqual(try world.post(1).channel, world.slack.directChannel(with: [SlackWorld.bo]), "one DM: the email and the id are the same person")
        XCTAssertTrue(world.slack.received.contains { $0.path == "/api/users.lookupByEmail" && $0.arguments["email"] == "bo@acme.example" })
    }

    func testTheAppsOwnPostsTopLevelMessagesAndUntrackedThreadsAreIgnored() throws {
        let conversation = try world.customerConversation()
        let side = try XCTUnwrap(try world.start(conversation, slack: ["channel": .string(SlackWorld.vendors)]).json["id"]?.stringValue)
        _ = try world.settledFirst(side)
        let opening = try world.post(1)

        let ignored = [
            world.slack.ownPost(opening),                                                     // the app's own post, as bot_message
            world.slack.ownReply(to: opening, text: "posted by the app"),                     // the app's own reply, by bot_id
            world.slack.topLevelMessage(channel: SlackWorld.vendors, user: SlackWorld.cy, text: "lunch?"),
            world.slack.reply(to: FakeSlack.Post(channel: SlackWorld.vendors, ts: "1700000000.000100", threadTS: nil, text: "someone else's"),
                              user: SlackWorld.cy, text: "a thread no side conversation started"),
        ]
        for event in ignored {
            let answer = world.events.sendOnce(event.body)
            XCTAssertEqual(answer.status, 200, answer.text)
            XCTAssertTrue(answer.text.contains("ignored"), answer.text)
        }
        XCTAssertEqual(try world.sideMessages(side).count, 1)
        XCTAssertEqual(try world.customerView(conversation).messages.count, 1)
    }

    func testAnEditChangesTheStoredReplyAndADeletionRemovesItsContent() throws {
        let conversation = try world.customerConversation()
        let side = try XCTUnwrap(try world.start(conversation, slack: ["users": [.string(SlackWorld.ann)]]).json["id"]?.stringValue)
        _ = try world.settledFirst(side)
        let opening = try world.post(1)
        let reply = world.slack.reply(to: opening, user: SlackWorld.ann, text: "Tuesday")
        XCTAssertEqual(world.events.sendOnce(reply.body).status, 200)
        _ = try world.waitForSideMessages(side, count: 2)
        XCTAssertEqual(world.events.sendOnce(world.slack.edit(reply, in: opening, user: SlackWorld.ann, oldText: "Tuesday", newText: "Wednesday").body).status, 200)
        let edited = try world.host.eventually("the edit") { () -> JSON? in
            let m = try world.sideMessages(side)
            return m.count == 2 && m[1]["text"] == "Wednesday" ? m[1] : Optional<JSON>.none
        }
        XCTAssertNotEqual(edited["edited_at"], .null)
        XCTAssertEqual(edited["deleted_at"], .null)
        XCTAssertEqual(world.events.sendOnce(world.slack.delete(reply, in: opening, user: SlackWorld.ann, text: "Wednesday").body).status, 200)
        let deleted = try world.host.eventually("the deletion") { () -> JSON? in
            let m = try world.sideMessages(side)
            return m.count == 2 && m[1]["deleted_at"] != .null ? m[1] : Optional<JSON>.none
        }
        XCTAssertEqual(deleted["text"], "", "a deleted reply's words are gone from Switchboard too")
        XCTAssertEqual(try world.sideMessages(side).count, 2, "no notices: the reply itself changed")
        XCTAssertEqual(try world.customerView(conversation).messages.count, 1, "nothing reaches the customer conversation")
    }

    func testAFileSharedInTheThreadIsDownloadedWithTheBotTokenIntoTheFileStore() throws {
        let conversation = try world.customerConversation()
        let side = try XCTUnwrap(try world.start(conversation, slack: ["users": [.string(SlackWorld.ann)]]).json["id"]?.stringValue)
        _ = try world.settledFirst(side)
        let opening = try world.post(1)
        let bytes = Array("%PDF-1.4 proof of delivery".utf8)
        let url = world.slack.addFile(id: "F0POD", name: "pod.pdf", contentType: "application/pdf", bytes: bytes)
        let event = world.slack.reply(to: opening, user: SlackWorld.ann, text: "Signed proof attached",
                                      files: [(id: "F0POD", name: "pod.pdf", contentType: "application/pdf", url: url, size: bytes.count)])
        XCTAssertEqual(world.events.sendOnce(event.body).status, 200)
        let message = try world.waitForSideMessages(side, count: 2)[1]
        XCTAssertEqual(message["text"], "Signed proof attached")
        let attachment = try XCTUnwrap(message["attachments"]?.arrayValue?.first, "\(message)")
        XCTAssertEqual(attachment["name"], "pod.pdf")
        XCTAssertEqual(attachment["content_type"], "application/pdf")
        let stored = try XCTUnwrap(attachment["url"]?.stringValue)
        XCTAssertTrue(stored.hasPrefix(world.host.baseURL), "in the host's own store, not Slack's private URL: \(stored)")
        let fetched = try HTTPClient.perform(HTTPClientRequest(method: "GET", url: stored, timeoutMs: 5_000))
        XCTAssertEqual(fetched.body, bytes)
        XCTAssertTrue(world.slack.received.contains { $0.path.hasPrefix("/files/F0POD") && $0.header("Authorization") == "Bearer \(world.slack.botToken)" })
    }
}
