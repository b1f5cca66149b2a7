import Foundation
import SwitchboardSupport
import TelegramFake
import XCTest

/// Telegram in, through the real host and the plain-C plugin: webhook registration with a secret
/// token, the secret checked, updates in private chats and groups, update_id dedupe, edits,
/// files through getFile, and files over the bots' 20 MB limit.
final class TelegramInboundTests: XCTestCase {
    var world: TelegramWorld!

    override func setUpWithError() throws { world = try TelegramWorld() }
    override func tearDown() { world?.stop() }

    func testTheWebhookIsRegisteredWithASecretAndNeverTheTokenAndTheStatusShowsIt() throws {
        let url = world.telegram.webhookURL
        XCTAssertEqual(url, world.host.baseURL + "/hooks/tg1/updates")
        XCTAssertFalse(url.contains(world.telegram.token), "the bot token never goes into our URL")
        let secret = try XCTUnwrap(world.telegram.webhookSecret)
        XCTAssertEqual(secret.count, 64)
        XCTAssertEqual(world.telegram.allowedUpdates, ["message", "edited_message"])
        let status = try world.host.eventually("plugin_status") { () -> JSON? in
            let s = try world.channelStatus("tg1")["plugin_status"]
            return s?["webhook_registered"]?.boolValue == true ? s : nil
        }
        XCTAssertEqual(status["bot"]?["name"]?.stringValue, "Acme Support")
        XCTAssertEqual(status["bot"]?["username"]?.stringValue, "acme_support_bot")
        XCTAssertEqual(status["webhook_url"]?.stringValue, url)
        XCTAssertEqual(status["pending_update_count"]?.intValue, 0)
        XCTAssertEqual(status["last_error_message"], .null)
        XCTAssertFalse(try world.channelStatus("tg1").serialized.contains(world.telegram.token), "the token is never shown")
    }

    func testAWrongSecretIs403AndStoresNothingMalformedJSONIs400() throws {
        XCTAssertEqual(world.send(1, text: "forged", secret: "not-the-secret").status, 403)
        XCTAssertEqual(world.send(2, text: "no header", secret: "").status, 403)
        XCTAssertEqual(world.telegram.post(body: Array("{\"update_id\": 9, \"message\": ".utf8)).status, 400)
        let noID = world.telegram.post(body: Array("{\"message\": {}}".utf8))
        XCTAssertEqual(noID.status, 400)
        XCTAssertTrue(noID.text.contains("update_id"), noID.text)
        XCTAssertEqual(try world.conversations(on: "tg1").count, 0)
    }

    func testPrivateChatsAndGroupsAreConversationsAndARepeatedUpdateIsStoredOnce() throws {
        let first = world.send(11, text: "Hi, my order is late", updateID: 700)
        XCTAssertEqual(first.status, 200, first.text)
        XCTAssertEqual(world.send(11, text: "Hi, my order is late", updateID: 700).status, 200, "Telegram's retry is acknowledged")
        let ann = try world.conversation(with: 4201)
        let messages = try world.messages(ann)
        XCTAssertEqual(messages.count, 1, "stored once")
        XCTAssertEqual(messages.first?["text"]?.stringValue, "Hi, my order is late")
        XCTAssertEqual(try world.conversation(ann)["contact"]?["display_name"]?.stringValue, "Ann Lee")

        // A group: its own conversation, each line with its member's name.
        XCTAssertEqual(world.send(12, text: "Is the API down?", chat: TelegramWorld.opsGroup, from: TelegramWorld.bob).status, 200)
        XCTAssertEqual(world.send(13, text: "Same here", chat: TelegramWorld.opsGroup, from: TelegramWorld.ann).status, 200)
        let group = try world.conversation(with: -1_001_555_000_111)
        XCTAssertNotEqual(group, ann)
        XCTAssertEqual(try world.messages(group).compactMap { $0["text"]?.stringValue }, ["Bob: Is the API down?", "Ann Lee: Same here"])
        XCTAssertEqual(try world.conversation(group)["contact"]?["display_name"]?.stringValue, "Acme Ops")

        // An edit replaces the stored text, marked edited; Telegram's retry of it changes nothing more.
        let edit: JSONObject = ["edited_message": .object(FakeTelegram.message(11, chat: TelegramWorld.annChat, from: TelegramWorld.ann,
                                                                                  text: "Hi, my order 1001 is late", extra: ["edit_date": 1_733_580_100]))]
        let editID = world.telegram.nextUpdateID()
        XCTAssertEqual(world.telegram.sendUpdate(edit, updateID: editID).status, 200)
        XCTAssertEqual(world.telegram.sendUpdate(edit, updateID: editID).status, 200)
        let edited = try world.messages(ann)
        XCTAssertEqual(edited.count, 1)
        XCTAssertEqual(edited.first?["text"]?.stringValue, "Hi, my order 1001 is late")
        XCTAssertNotEqual(edited.first?["edited_at"], .null)
        // An edit of a message sent before the channel existed: kept as a new message, marked.
        let old: JSONObject = ["edited_message": .object(FakeTelegram.message(2, chat: TelegramWorld.annChat, from: TelegramWorld.ann,
                                                                                 text: "an old question", extra: ["edit_date": 1_733_580_200]))]
        XCTAssertEqual(world.telegram.sendUpdate(old).status, 200)
        XCTAssertEqual(try world.messages(ann).last?["text"]?.stringValue, "(edited) an old question")
    }

    func testFilesAreFetchedIntoTheHostAndFilesOverTwentyMegabytesAreNoted() throws {
        let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0] + Array(repeating: 7, count: 2_000)
        world.telegram.addFile(id: "PH-big", bytes: jpeg, path: "photos/file_1.jpg")
        let photo: JSON = [["file_id": "PH-small", "file_unique_id": "s", "width": 90, "height": 90, "file_size": 100],
                           ["file_id": "PH-big", "file_unique_id": "b", "width": 800, "height": 800, "file_size": .number(Double(jpeg.count))]]
        XCTAssertEqual(world.send(21, extra: ["photo": photo, "caption": "the damaged box"]).status, 200)
        let ann = try world.conversation(with: 4201)
        let stored = try XCTUnwrap(try world.messages(ann).first)
        XCTAssertEqual(stored["text"]?.stringValue, "the damaged box")
        let attachment = try XCTUnwrap(stored["attachments"]?.arrayValue?.first)
        XCTAssertEqual(attachment["content_type"]?.stringValue, "image/jpeg")
        let url = try XCTUnwrap(attachment["url"]?.stringValue)
        let download = try HTTPClient.perform(HTTPClientRequest(url: url.hasPrefix("http") ? url : world.host.baseURL + url))
        XCTAssertEqual(download.body, jpeg, "the file itself is in the host's store")
        XCTAssertEqual(world.telegram.calls.filter { $0.method == "getFile" }.map { $0.parameters["file_id"] }, ["PH-big"])

        // 25 MB said up front: not even asked for; stored with a note.
        let big: JSONObject = ["file_id": "DOC-25", "file_unique_id": "d", "file_name": "scan.pdf", "mime_type": "application/pdf", "file_size": 26_214_400]
        XCTAssertEqual(world.send(22, extra: ["document": .object(big)]).status, 200)
        // No size in the update, and getFile says "file is too big": the same note.
        world.telegram.addFile(id: "VID-30", bytes: [1, 2, 3], size: 31_457_280)
        XCTAssertEqual(world.send(23, extra: ["video": ["file_id": "VID-30", "file_unique_id": "v", "width": 1, "height": 1, "duration": 60]]).status, 200)
        let notes = try world.host.eventually("three messages") { () -> [JSON]? in
            let m = try world.messages(ann)
            return m.count == 3 ? m : nil
        }
        XCTAssertTrue(notes[1]["text"]?.stringValue?.contains("\"scan.pdf\" (25.0 MB) is too large to fetch") == true, notes[1].serialized)
        XCTAssertTrue(notes[2]["text"]?.stringValue?.contains("too large to fetch") == true, notes[2].serialized)
        XCTAssertFalse(world.telegram.calls.contains { $0.parameters["file_id"] == "DOC-25" })
    }
}
