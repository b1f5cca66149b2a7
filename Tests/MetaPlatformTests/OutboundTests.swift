@testable import MetaPlatform
import PluginKit
import XCTest

/// The window decides the messaging type; rich content becomes quick replies or text.
final class OutboundTests: XCTestCase {
    func testTheWindowChoosesTheMessagingType() {
        XCTAssertEqual(MessagingType.choose(window: .open, authorKind: "stack"), .response)
        XCTAssertEqual(MessagingType.choose(window: .open, authorKind: "agent"), .response, "no tag inside 24 h")
        XCTAssertEqual(MessagingType.choose(window: .none, authorKind: "agent"), .response, "an older host: let Meta judge")
        XCTAssertEqual(MessagingType.choose(window: .humanOnly, authorKind: "agent"), .humanAgent)
        XCTAssertNil(MessagingType.choose(window: .humanOnly, authorKind: "stack"), "a bot never gets HUMAN_AGENT")
        XCTAssertNil(MessagingType.choose(window: .humanOnly, authorKind: "system"))
    }

    func testTheSendBodies() {
        XCTAssertEqual(MessageRequest.message(to: "42", type: .response, MessageRequest.text("hi")).serialized,
                       #"{"recipient":{"id":"42"},"messaging_type":"RESPONSE","message":{"text":"hi"}}"#)
        XCTAssertEqual(MessageRequest.message(to: "42", type: .humanAgent, MessageRequest.attachment(type: "image", attachmentID: "99")).serialized,
                       #"{"recipient":{"id":"42"},"messaging_type":"MESSAGE_TAG","tag":"HUMAN_AGENT","message":{"attachment":{"type":"image","payload":{"attachment_id":"99"}}}}"#)
        XCTAssertEqual(MessageRequest.senderAction(to: "42", "typing_on").serialized, #"{"recipient":{"id":"42"},"sender_action":"typing_on"}"#)
        XCTAssertEqual(MessageRequest.text("Pick", quickReplies: [QuickReply(title: "Yes", payload: "Y")]).serialized,
                       #"{"text":"Pick","quick_replies":[{"content_type":"text","title":"Yes","payload":"Y"}]}"#)
        XCTAssertEqual(["image/png", "video/mp4", "audio/ogg", "application/pdf", "IMAGE/JPEG"].map { MessageRequest.attachmentType(contentType: $0) },
                       ["image", "video", "audio", "file", "image"])
    }

    func testASimpleChoiceBecomesQuickReplies() {
        let plan = RichReply.plan(text: "", richJSON: #"{"title":"Was this helpful?","buttons":[{"title":"Yes","payload":"Y"},"No"]}"#, maxTextLength: 2000)
        XCTAssertEqual(plan.text, "Was this helpful?")
        XCTAssertEqual(plan.quickReplies, [QuickReply(title: "Yes", payload: "Y"), QuickReply(title: "No", payload: "No")])
        let withText = RichReply.plan(text: "Choose a size", richJSON: #"{"choices":[{"label":"S","value":"s"},{"label":"M","value":"m"}]}"#, maxTextLength: 2000)
        XCTAssertEqual(withText.text, "Choose a size")
        XCTAssertEqual(withText.quickReplies.map(\.payload), ["s", "m"])
    }

    func testWhatQuickRepliesCannotCarryBecomesText() {
        let link = RichReply.plan(text: "See", richJSON: #"{"buttons":[{"title":"Track","url":"https://t.example/1"}]}"#, maxTextLength: 2000)
        XCTAssertEqual(link, RichReply(text: "See\n\n• Track: https://t.example/1", quickReplies: []))
        let long = RichReply.plan(text: "", richJSON: #"{"options":["A label far longer than twenty"]}"#, maxTextLength: 2000)
        XCTAssertEqual(long, RichReply(text: "• A label far longer than twenty", quickReplies: []))
        let many = RichReply.plan(text: "", richJSON: "{\"options\":[" + (1...14).map { "\"\($0)\"" }.joined(separator: ",") + "]}", maxTextLength: 2000)
        XCTAssertTrue(many.quickReplies.isEmpty, "more than 13 options")
        XCTAssertEqual(many.text.split(separator: "\n").count, 14)
        let card = RichReply.plan(text: "", richJSON: #"{"title":"Order 7","fields":[{"label":"Status","value":"shipped"}],"buttons":["OK"]}"#, maxTextLength: 2000)
        XCTAssertEqual(card, RichReply(text: "Order 7\nStatus: shipped\n• OK", quickReplies: []))
        XCTAssertEqual(RichReply.plan(text: "abcdef", richJSON: #"{"text":"ghijkl"}"#, maxTextLength: 8).text, "abcdef\n…", "cut to the limit")
        XCTAssertEqual(RichReply.plan(text: "plain", richJSON: "", maxTextLength: 10), RichReply(text: "plain", quickReplies: []))
    }

    func testAReplyGoesAsItsTextThenOneMessagePerFile() {
        let message = OutboundMessage(conversationID: "c", messageID: 1, idempotencyKey: "k", identityKind: "messenger_psid", identityValue: "42",
                                      text: "Here you go", attachmentsJSON: #"[{"name":"a.png","content_type":"image/png","url":"u1"},{"name":"b.pdf","url":"u2"},{"name":"no url"}]"#)
        XCTAssertEqual(OutboundDelivery.parts(message, maxTextLength: 2000),
                       [.text("Here you go", []), .file(url: "u1", name: "a.png", contentType: "image/png"),
                        .file(url: "u2", name: "b.pdf", contentType: nil)])
        var filesOnly = message
        filesOnly.text = ""
        XCTAssertEqual(OutboundDelivery.parts(filesOnly, maxTextLength: 2000).count, 2, "no empty text message")
    }
}

/// Delivery bookkeeping is forgotten after a week, whichever form it was written in.
final class StatePruningTests: XCTestCase {
    func testOnlyOldEntriesExpire() {
        let now: Int64 = 1_800_000_000_000
        let week = StatePruning.maxAgeMs
        XCTAssertTrue(StatePruning.isExpired(Array(String(now - week - 1).utf8), nowMs: now))
        XCTAssertFalse(StatePruning.isExpired(Array(String(now - 1000).utf8), nowMs: now))
        XCTAssertTrue(StatePruning.isExpired(Array(#"{"next":2,"first":"m","at":\#(now - week - 1)}"#.utf8), nowMs: now))
        XCTAssertFalse(StatePruning.isExpired(Array(#"{"next":2,"first":"m","at":\#(now)}"#.utf8), nowMs: now))
        XCTAssertFalse(StatePruning.isExpired(Array("garbage".utf8), nowMs: now), "unknown form: kept")
    }
}
