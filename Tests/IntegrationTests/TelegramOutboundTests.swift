import Foundation
import SwitchboardSupport
import TelegramFake
import XCTest

/// Telegram out: Markdown as Telegram's HTML, long replies split at 4,096, files uploaded as
/// multipart, reply keyboards, typing, and Telegram's 429 retry_after honoured.
final class TelegramOutboundTests: XCTestCase {
    var world: TelegramWorld!

    override func setUpWithError() throws { world = try TelegramWorld() }
    override func tearDown() { world?.stop() }

    private func annConversation() throws -> String {
        XCTAssertEqual(world.send(1, text: "hello").status, 200)
        return try world.conversation(with: 4201)
    }

    private func reply(_ conversation: String, _ body: JSON) throws -> Int {
        let r = try world.host.request("POST", "/api/v1/conversations/\(conversation)/messages", json: body)
        XCTAssertEqual(r.status, 202, r.text)
        return try XCTUnwrap(r.json["id"]?.intValue)
    }

    func testMarkdownLongTextsKeyboardsAndTyping() throws {
        let conversation = try annConversation()
        let id = try reply(conversation, ["text": "**Good news**: your order is [on its way](https://acme.example/t?o=1&x=2) <3", "format": "markdown"])
        XCTAssertEqual(try world.settled(conversation, id)["delivery_status"], "sent")
        let first = try XCTUnwrap(world.telegram.sent.last)
        XCTAssertEqual(first.chatID, "4201")
        XCTAssertEqual(first.parseMode, "HTML")
        XCTAssertEqual(first.text, "<strong>Good news</strong>: your order is <a href=\"https://acme.example/t?o=1&amp;x=2\">on its way</a> &lt;3")

        let long = (0..<500).map { "word\($0 % 10)" }.joined(separator: " ") + " " + String(repeating: "é", count: 2_000)
        let longID = try reply(conversation, ["text": .string(long)])
        XCTAssertEqual(try world.settled(conversation, longID)["delivery_status"], "sent")
        let parts = world.telegram.sent.suffix(2)
        XCTAssertEqual(world.telegram.sent.count, 3)
        XCTAssertTrue(parts.allSatisfy { $0.text.utf16.count <= 4096 })
        XCTAssertEqual(parts.map(\.text).joined(), long, "nothing lost at the split")

        let choice = try reply(conversation, ["text": "Which size?", "rich": ["buttons": [["title": "Small"], ["title": "Large"]]]])
        XCTAssertEqual(try world.settled(conversation, choice)["delivery_status"], "sent")
        XCTAssertEqual(world.telegram.sent.last?.replyMarkup?["keyboard"], [[["text": "Small"]], [["text": "Large"]]])

        XCTAssertLessThan(try world.host.request("POST", "/api/v1/conversations/\(conversation)/typing").status, 300)
        let action = try world.host.eventually("sendChatAction") { world.telegram.chatActions.first }
        XCTAssertEqual(action.chatID, "4201")
        XCTAssertEqual(action.action, "typing")
    }

    func testFilesAreUploadedAsMultipart() throws {
        let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0] + Array(repeating: 9, count: 3_000)
        world.telegram.addFile(id: "PH-1", bytes: jpeg, path: "photos/file_9.jpg")
        XCTAssertEqual(world.send(2, extra: ["photo": [["file_id": "PH-1", "file_unique_id": "u", "width": 9, "height": 9]]]).status, 200)
        let conversation = try world.conversation(with: 4201)
        let stored = try XCTUnwrap(try world.messages(conversation).first?["attachments"]?.arrayValue?.first)
        let id = try reply(conversation, ["text": "Is this the box?", "attachments": [stored]])
        XCTAssertEqual(try world.settled(conversation, id)["delivery_status"], "sent")
        let upload = try XCTUnwrap(world.telegram.sent.last)
        XCTAssertEqual(upload.method, "sendPhoto")
        XCTAssertEqual(upload.file?.bytes, jpeg, "the bytes went to Telegram: it need not reach the host")
        XCTAssertEqual(world.telegram.calls.last { $0.method == "sendPhoto" }?.contentType.hasPrefix("multipart/form-data; boundary="), true)
        XCTAssertEqual(world.telegram.sent.dropLast().last?.text, "Is this the box?")
    }

    func testA429IsWaitedOutForRetryAfterThenSent() throws {
        let conversation = try annConversation()
        world.telegram.rateLimitNext(1, method: "sendMessage", retryAfterSeconds: 1)
        let started = Clock.nowMillis()
        let id = try reply(conversation, ["text": "thanks for waiting"])
        XCTAssertEqual(try world.settled(conversation, id, timeout: 15)["delivery_status"], "sent")
        XCTAssertGreaterThanOrEqual(Clock.nowMillis() - started, 900, "not before retry_after")
        XCTAssertEqual(world.telegram.calls.filter { $0.method == "sendMessage" }.count, 2)
        XCTAssertEqual(world.telegram.sent.filter { $0.text == "thanks for waiting" }.count, 1)
    }
}
