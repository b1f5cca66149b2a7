@testable import MetaPlatform
import PluginKit
import XCTest

/// What a Meta message is stored as; story media is only ever referenced, never fetched.
final class InboundContentTests: XCTestCase {
    let messenger = MetaProduct(pluginID: "messenger", version: "1", webhookObject: "page", assetKind: "facebook_page",
                                assetConfigField: "page_id", identityKind: "messenger_psid", maxTextLength: 2000,
                                profileFields: "first_name,last_name,name", assetNameField: "name", statusNameKey: "page_name",
                                displayWord: "Messenger")
    let t: Int64 = 1_700_000_000_000

    func testTextWithAQuickReplyAReplyAndAReferral() {
        var message = MetaMessage(mid: "m", text: "Yes please")
        message.quickReplyPayload = "YES"
        message.replyToMID = "m.0"
        message.referral = ["ref": "sbswitch.token", "source": "SHORTLINK"]
        let content = InboundContent.compose(message, product: messenger, timestampMs: t)
        XCTAssertEqual(content.text, "Yes please")
        XCTAssertEqual(content.rich, ["quick_reply": ["payload": "YES"], "reply_to": ["mid": "m.0"],
                                      "referral": ["ref": "sbswitch.token", "source": "SHORTLINK"]])
        XCTAssertTrue(content.downloads.isEmpty)
    }

    func testMediaIsDownloadedAndOtherAttachmentsStayVisible() {
        var message = MetaMessage(mid: "m")
        message.attachments = [MetaAttachment(type: "image", url: "https://cdn/a.jpg"), MetaAttachment(type: "fallback", url: "https://x.example", title: "Article"),
                               MetaAttachment(type: "ig_reel", url: "https://cdn/reel"), MetaAttachment(type: "template")]
        let content = InboundContent.compose(message, product: messenger, timestampMs: t)
        XCTAssertEqual(content.downloads, [MetaAttachment(type: "image", url: "https://cdn/a.jpg")])
        XCTAssertEqual(content.text, "Article: https://x.example\n[unsupported Messenger message type: ig_reel]: https://cdn/reel\n"
                       + "[unsupported Messenger message type: template]")
        XCTAssertNil(content.richJSON)
    }

    func testAStoryMentionKeepsOnlyTheURLAndWhenItExpires() throws {
        var message = MetaMessage(mid: "m")
        message.attachments = [MetaAttachment(type: "story_mention", url: "https://cdn/story.jpg")]
        let content = InboundContent.compose(message, product: messenger, timestampMs: t)
        XCTAssertTrue(content.downloads.isEmpty, "story media is never downloaded")
        XCTAssertEqual(content.text, "Mentioned you in their story")
        XCTAssertEqual(content.rich["story"], ["kind": "mention", "url": "https://cdn/story.jpg", "expires_at": .string(Clock.iso8601(t + 86_400_000))])
        XCTAssertEqual(Clock.parseISO8601(try XCTUnwrap(content.rich["story"]?["expires_at"]?.stringValue)), t + 86_400_000)
    }

    func testAStoryReplyKeepsTheCustomersTextAndTheStory() {
        var message = MetaMessage(mid: "m", text: "Love it")
        message.replyToStory = ["id": "st", "url": "https://cdn/s.mp4"]
        let content = InboundContent.compose(message, product: messenger, timestampMs: t)
        XCTAssertEqual(content.text, "Love it")
        XCTAssertEqual(content.rich["story"]?["kind"], "reply")
        XCTAssertEqual(content.rich["story"]?["id"], "st")
        message.text = ""
        XCTAssertEqual(InboundContent.compose(message, product: messenger, timestampMs: t).text, "Replied to your story")
    }

    func testUnsupportedAndEmptyMessagesGetAVisiblePlaceholder() {
        var message = MetaMessage(mid: "m")
        message.isUnsupported = true
        XCTAssertEqual(InboundContent.compose(message, product: messenger, timestampMs: t).text, "[unsupported Messenger message type: unsupported]")
        XCTAssertEqual(InboundContent.compose(MetaMessage(mid: "m"), product: messenger, timestampMs: t).text,
                       "[unsupported Messenger message type: empty]")
    }

    func testPostbacksAndReferrals() {
        let tapped = InboundContent.postback(Postback(title: "Track order", payload: "TRACK"))
        XCTAssertEqual(tapped.text, "Track order")
        XCTAssertEqual(tapped.richJSON, #"{"postback":{"title":"Track order","payload":"TRACK"}}"#)
        XCTAssertEqual(InboundContent.postback(Postback(title: "", payload: "TRACK")).text, "TRACK")
        let opened = InboundContent.referral(["ref": "sbswitch.abc", "source": "SHORTLINK"])
        XCTAssertEqual(opened.text, "Opened the conversation from shortlink (ref: sbswitch.abc)")
        XCTAssertEqual(opened.rich["referral"]?["ref"], "sbswitch.abc")
    }

    func testMediaPlaceholdersAndFileNames() {
        let image = MetaAttachment(type: "image", url: "https://cdn.example/v/t1/photo_123.jpg?stp=x&oh=y")
        XCTAssertEqual(InboundMedia.fileName(image, index: 0), "photo_123.jpg")
        XCTAssertEqual(InboundMedia.fileName(MetaAttachment(type: "audio", url: "https://cdn/x?y"), index: 1), "audio-2")
        XCTAssertEqual(InboundMedia.placeholder(image, name: "photo_123.jpg", error: "HTTP 403"),
                       ["name": "photo_123.jpg", "content_type": "image/*", "url": .string(image.url!), "expired": false, "error": "HTTP 403"])
    }
}
