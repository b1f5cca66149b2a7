import Foundation
import MetaFake
import SwitchboardSupport
import XCTest

/// Messenger and Instagram inbound through the real host: one callback URL for the whole Meta
/// app, every entry of a batch on the instance that claimed its asset, nothing stored without
/// Meta's signature, and each kind of event as users of Chatwoot asked for and did not get.
final class MetaInboundTests: XCTestCase {
    var world: MetaWorld!

    override func setUpWithError() throws {
        world = try MetaWorld()
        try world.addAllChannels()
    }

    override func tearDown() { world?.stop() }

    func testTheSubscriptionHandshakeEchoesTheChallengeOnlyForTheRightToken() throws {
        let hook = MetaWorld.messengerHook
        let ok = try world.host.request("GET", hook + "?hub.mode=subscribe&hub.verify_token=\(MetaWorld.verifyToken)&hub.challenge=1158201444")
        XCTAssertEqual(ok.status, 200, ok.text)
        XCTAssertEqual(ok.text, "1158201444", "exactly the challenge, nothing else")
        XCTAssertEqual(try world.host.request("GET", hook + "?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1").status, 403)
        XCTAssertEqual(try world.host.request("GET", hook + "?hub.mode=unsubscribe&hub.verify_token=\(MetaWorld.verifyToken)&hub.challenge=1").status, 403)
        // Each instance shows operators the URL to paste into the Meta app.
        let status = try world.host.eventually("fb-a's status") { try world.channelStatus("fb-a")["plugin_status"]?["webhook_url"]?.stringValue }
        XCTAssertEqual(status, world.host.baseURL + hook)
    }

    /// Erasure reaches the plugin: the Page's cached profile name and conversation map of the erased customer go.
    func testAnErasedCustomersCachedNameAndConversationMapAreForgotten() throws {
        world.graph.addUser(id: "u-ann", firstName: "Ann", lastName: "Lee", name: nil)
        world.graph.addUser(id: "u-bo", firstName: "Bo", lastName: "Park", name: nil)
        let now = MetaWorld.time()
        for (user, mid) in [("u-ann", "m.e1"), ("u-bo", "m.e2")] {
            let batch = MetaPayloads.messengerBatch([(pageID: MetaWorld.pageA, events: [MetaPayloads.text(from: user, to: MetaWorld.pageA, mid: mid, text: "Hi", timestampMs: now)])])
            XCTAssertEqual(try world.post(batch).status, 200)
        }
        let conversations = try world.conversations(on: "fb-a")
        XCTAssertEqual(conversations.count, 2)
        let ids = conversations.compactMap { $0["id"]?.stringValue }
        let annConversation = try XCTUnwrap(ids.first { (try? world.conversation($0)["contact"]?["display_name"]) == "Ann Lee" })
        let contact = try XCTUnwrap(world.host.request("GET", "/api/v1/conversations/\(annConversation)").json["contact_id"]?.stringValue)
        XCTAssertTrue(try ErasureTests.pluginState(world.host, "fb-a", all: true).contains("name/u-ann"))
        XCTAssertEqual(try world.host.request("POST", "/api/v1/contacts/\(contact)/erase").status, 200)
        try world.host.eventually("Ann forgotten by the plugin") { () -> Bool? in
            let keys = try ErasureTests.pluginState(world.host, "fb-a", all: true)
            return keys.contains("name/u-ann") || keys.contains("conv/\(annConversation)") ? nil : true
        }
        XCTAssertTrue(try ErasureTests.pluginState(world.host, "fb-a", all: true).contains("name/u-bo"), "Bo stays")
    }

    func testOneSignedBatchNamingTwoPagesLandsOnBothAndAnUnknownPageIsAnsweredButNotStored() throws {
        world.graph.addUser(id: "u-ann", firstName: "Ann", lastName: "Lee", name: nil)
        let now = MetaWorld.time()
        let batch = MetaPayloads.messengerBatch([
            (pageID: MetaWorld.pageA, events: [MetaPayloads.text(from: "u-ann", to: MetaWorld.pageA, mid: "m.a1", text: "Hi, my order?", timestampMs: now),
                                               MetaPayloads.text(from: "u-ann", to: MetaWorld.pageA, mid: "m.a2", text: "It is #1042", timestampMs: now + 1)]),
            (pageID: MetaWorld.pageB, events: [MetaPayloads.text(from: "u-bob-4321", to: MetaWorld.pageB, mid: "m.b1", text: "Outlet hours?", timestampMs: now)]),
            (pageID: "999", events: [MetaPayloads.text(from: "u-eve", to: "999", mid: "m.x1", text: "nobody serves this Page", timestampMs: now)]),
        ])
        let answer = try world.post(batch)
        XCTAssertEqual(answer.status, 200, answer.text)

        let onA = try world.onlyConversation(on: "fb-a")
        XCTAssertEqual(try world.messages(onA).compactMap { $0["text"]?.stringValue }, ["Hi, my order?", "It is #1042"])
        XCTAssertEqual(try world.conversation(onA)["contact"]?["display_name"], "Ann Lee", "the profile's first and last name")
        let onB = try world.onlyConversation(on: "fb-b")
        XCTAssertEqual(try world.messages(onB).first?["text"], "Outlet hours?")
        // No profile for Bob: a labelled name, never a made-up person.
        XCTAssertEqual(try world.conversation(onB)["contact"]?["display_name"], "Messenger user 4321")
        XCTAssertEqual(try world.conversations(on: "ig").count, 0)
        let total = try world.host.request("GET", "/api/v1/conversations").json["conversations"]?.arrayValue?.count
        XCTAssertEqual(total, 2, "the unknown Page's message is stored nowhere")
        let unrouted = try world.host.eventually("the unrouted count") { () -> Int? in
            let counts = try ["fb-a", "fb-b"].map { try world.channelStatus($0)["plugin_status"]?["unrouted_events"]?.intValue ?? 0 }
            let sum = counts.reduce(0, +)
            return sum > 0 ? sum : nil
        }
        XCTAssertEqual(unrouted, 1)

        // Meta resends a batch it thinks failed: nothing twice.
        XCTAssertEqual(try world.post(batch).status, 200)
        XCTAssertEqual(try world.messages(onA).count, 2)
        XCTAssertEqual(try world.messages(onB).count, 1)
    }

    func testInstagramPostsToItsOwnURLAndLandsOnItsInstance() throws {
        let batch = MetaPayloads.instagramBatch([(accountID: MetaWorld.instagram, events: [
            MetaPayloads.text(from: "ig-user-7788", to: MetaWorld.instagram, mid: "ig.m1", text: "Do you ship to Vienna?", timestampMs: MetaWorld.time())])])
        XCTAssertEqual(try world.post(batch, to: MetaWorld.instagramHook).status, 200)
        let conversation = try world.onlyConversation(on: "ig")
        XCTAssertEqual(try world.messages(conversation).first?["text"], "Do you ship to Vienna?")
        XCTAssertEqual(try world.conversation(conversation)["contact"]?["identities"]?.arrayValue?.first?["kind"], "instagram_igsid")
        // The Messenger URL does not take Instagram's batch for its Pages.
        XCTAssertEqual(try world.conversations(on: "fb-a").count, 0)
    }

    func testBadSignaturesAndBadBodiesStoreNothing() throws {
        let body = MetaPayloads.messengerBatch([(pageID: MetaWorld.pageA, events: [
            MetaPayloads.text(from: "u-1", to: MetaWorld.pageA, mid: "m.sig", text: "hello", timestampMs: MetaWorld.time())])])
        let url = world.host.baseURL + MetaWorld.messengerHook
        let forged = try world.graph.postWebhook(body, to: url, appSecret: "not-the-app-secret")
        XCTAssertEqual(forged.status, 401, forged.text)
        let unsigned = try world.host.request("POST", MetaWorld.messengerHook, body: body, headers: [("Content-Type", "application/json")])
        XCTAssertEqual(unsigned.status, 401, unsigned.text)
        XCTAssertEqual(try world.host.request("GET", "/api/v1/conversations").json["conversations"]?.arrayValue?.count, 0)

        XCTAssertEqual(try world.post("{\"object\": \"page\", \"entry\": [").status, 400, "malformed JSON, signed")
        let huge = "{\"object\":\"page\",\"entry\":[],\"pad\":\"" + String(repeating: "x", count: 1_100_000) + "\"}"
        XCTAssertEqual(try world.post(huge).status, 413)
        XCTAssertEqual(try world.post("{\"object\":\"user\",\"entry\":[]}").status, 200, "an object we do not serve: acknowledged, logged")

        // A batch with one broken item stores the others.
        let mixed = MetaPayloads.messengerBatch([(pageID: MetaWorld.pageA, events: [
            ["sender": ["id": "u-2"], "recipient": ["id": .string(MetaWorld.pageA)], "timestamp": "not a time", "message": "not an object"],
            MetaPayloads.text(from: "u-2", to: MetaWorld.pageA, mid: "m.ok", text: "this one is fine", timestampMs: MetaWorld.time())])])
        XCTAssertEqual(try world.post(mixed).status, 200)
        let conversation = try world.onlyConversation(on: "fb-a")
        XCTAssertEqual(try world.messages(conversation).compactMap { $0["text"]?.stringValue }, ["this one is fine"])
    }

    func testMediaIsKeptAtOnceUnsentMessagesGoAndEventsAreNotMessages() throws {
        let photo: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 7, count: 300)
        let cdn = world.graph.hostMedia(photo, contentType: "image/png", ttlSeconds: 300)
        let now = MetaWorld.time()
        XCTAssertEqual(try world.post(MetaPayloads.messengerBatch([(pageID: MetaWorld.pageA, events: [
            MetaPayloads.attachment(from: "u-1", to: MetaWorld.pageA, mid: "m.photo", type: "image", url: cdn, timestampMs: now),
            MetaPayloads.text(from: "u-1", to: MetaWorld.pageA, mid: "m.oops", text: "my card number is 4111…", timestampMs: now + 1),
            MetaPayloads.quickReply(from: "u-1", to: MetaWorld.pageA, mid: "m.qr", text: "Yes", payload: "CONFIRM_ORDER", timestampMs: now + 2),
            MetaPayloads.unsupported(from: "u-1", to: MetaWorld.pageA, mid: "m.unsup", timestampMs: now + 3),
        ])])).status, 200)
        let conversation = try world.onlyConversation(on: "fb-a")
        var messages = try world.messages(conversation)
        XCTAssertEqual(messages.count, 4)
        // The photo is in the host's file store: Meta's CDN link would expire.
        let attachment = try XCTUnwrap(messages[0]["attachments"]?.arrayValue?.first)
        let stored = try XCTUnwrap(attachment["url"]?.stringValue)
        XCTAssertFalse(stored.hasPrefix(world.graph.baseURL), stored)
        let fetched = try HTTPClient.perform(HTTPClientRequest(method: "GET", url: stored, headers: [], body: [], timeoutMs: 5_000))
        XCTAssertEqual(fetched.status, 200)
        XCTAssertEqual(fetched.body, photo)
        XCTAssertEqual(messages[2]["rich"]?["quick_reply"]?["payload"], "CONFIRM_ORDER", "\(messages[2])")
        XCTAssertTrue(messages[3]["text"]?.stringValue?.contains("unsupported") == true, "a visible placeholder: \(messages[3])")

        // The customer unsends the card number; a reaction is an event on the conversation, not a message.
        XCTAssertEqual(try world.post(MetaPayloads.messengerBatch([(pageID: MetaWorld.pageA, events: [
            MetaPayloads.unsent(from: "u-1", to: MetaWorld.pageA, mid: "m.oops", timestampMs: now + 10),
            MetaPayloads.reaction(from: "u-1", to: MetaWorld.pageA, mid: "m.photo", reaction: "love", emoji: "❤️"),
        ])])).status, 200)
        messages = try world.messages(conversation)
        XCTAssertEqual(messages.count, 4)
        let unsent = try XCTUnwrap(messages.first { $0["provider_message_id"] == "m.oops" })
        XCTAssertEqual(unsent["text"], "")
        XCTAssertNotEqual(unsent["deleted_at"], .null)
        let events = try world.host.request("GET", "/api/v1/conversations/\(conversation)/events").json["events"]?.arrayValue ?? []
        let reaction = try XCTUnwrap(events.first { $0["type"] == "message.reaction" })
        XCTAssertEqual(reaction["data"]?["emoji"], "❤️")
    }

    func testAStoryMentionKeepsOnlyMetasLinkAndOpensTheWindow() throws {
        let cdn = world.graph.hostMedia(Array(repeating: 1, count: 64), contentType: "video/mp4", ttlSeconds: 86_400)
        let mentionedAt = MetaWorld.time(hoursAgo: 2)
        XCTAssertEqual(try world.post(MetaPayloads.instagramBatch([(accountID: MetaWorld.instagram, events: [
            MetaPayloads.storyMention(from: "ig-9", to: MetaWorld.instagram, mid: "ig.story", cdnURL: cdn, timestampMs: mentionedAt)])]),
            to: MetaWorld.instagramHook).status, 200)
        let conversation = try world.onlyConversation(on: "ig")
        let message = try XCTUnwrap(try world.messages(conversation).first)
        XCTAssertEqual(message["rich"]?["story"]?["url"]?.stringValue, cdn, "\(message)")
        XCTAssertEqual(message["attachments"], [], "story media is never stored")
        XCTAssertFalse(world.graph.received.contains { $0.method == "GET" && cdn.hasSuffix($0.path) }, "nor even fetched")
        XCTAssertNotEqual(message["rich"]?["story"]?["expires_at"], .null)
        XCTAssertEqual(try world.conversation(conversation)["reply_window"]?["state"], "open", "a story mention opens the window")
    }
}
