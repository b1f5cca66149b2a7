@testable import MetaPlatform
import PluginKit
import XCTest

/// Every entry and every item of a post is read; a broken item costs only itself.
final class WebhookBatchTests: XCTestCase {
    let batch = #"""
    {"object":"page","entry":[
      {"id":"111","time":1700000000000,"messaging":[
        {"sender":{"id":"9001"},"recipient":{"id":"111"},"timestamp":1700000000001,
         "message":{"mid":"m.1","text":"hello","quick_reply":{"payload":"YES"},"reply_to":{"mid":"m.0"}}},
        {"sender":{"id":"9001"},"recipient":{"id":"111"},"timestamp":1700000000002,"message":{"text":"no mid"}},
        {"sender":{"id":"9001"},"recipient":{"id":"111"},"timestamp":1700000000003,
         "message":{"mid":"m.2","attachments":[{"type":"image","payload":{"url":"https://cdn/x.jpg"}},{"type":"fallback","title":"A link"}]}},
        {"sender":{"id":"9001"},"recipient":{"id":"111"},"timestamp":1700000000004,"delivery":{"mids":["m.a","m.b"],"watermark":1700000000000}},
        {"sender":{"id":"9001"},"recipient":{"id":"111"},"timestamp":1700000000005,"read":{"watermark":1700000000004}},
        {"sender":{"id":"9001"},"recipient":{"id":"111"},"timestamp":1700000000006,
         "reaction":{"mid":"m.z","action":"react","reaction":"love","emoji":"❤"}}]},
      {"id":"222","time":1700000000000,
       "messaging":[
        {"sender":{"id":"222"},"recipient":{"id":"7007"},"timestamp":1700000000007,
         "message":{"mid":"m.echo","text":"from the inbox","is_echo":true,"app_id":263902037430900}},
        {"sender":{"id":"7007"},"recipient":{"id":"222"},"timestamp":1700000000008,"message":{"mid":"m.gone","is_deleted":true}},
        {"sender":{"id":"7007"},"recipient":{"id":"222"},"timestamp":1700000000009,
         "postback":{"mid":"m.pb","title":"Start","payload":"GET_STARTED"}},
        {"sender":{"id":"7007"},"recipient":{"id":"222"},"timestamp":1700000000010,"referral":{"ref":"sbswitch.abc","source":"SHORTLINK","type":"OPEN_THREAD"}},
        {"sender":{"id":"7007"},"recipient":{"id":"222"},"timestamp":1700000000011,"optin":{"ref":"x"}},
        "not an object"],
       "standby":[{"sender":{"id":"7007"},"recipient":{"id":"222"},"timestamp":1700000000012,"message":{"mid":"m.sb","text":"standby"}}]},
      {"time":1}]}
    """#

    func testAMultiEntryBatchIsReadWholeAndBrokenItemsAreListed() throws {
        let parsed = try WebhookBatch.parse(Array(batch.utf8))
        XCTAssertEqual(parsed.object, "page")
        XCTAssertEqual(parsed.entries.map(\.assetID), ["111", "222"])
        XCTAssertEqual(parsed.entries[0].events.count, 5, "the message without a mid is skipped, the rest kept")
        XCTAssertEqual(parsed.entries[1].events.count, 5, "four messaging items and one standby item")
        XCTAssertEqual(parsed.problems.count, 4, parsed.problems.joined(separator: "\n"))
        XCTAssertTrue(parsed.problems.contains { $0.contains("messaging[1]") && $0.contains("mid") })
        XCTAssertTrue(parsed.problems.contains { $0.contains("optin") })
        XCTAssertTrue(parsed.problems.contains { $0.contains("entry 2") })

        let first = parsed.entries[0].events
        guard case .message(let hello) = first[0].kind else { return XCTFail("\(first[0])") }
        XCTAssertEqual(hello.mid, "m.1")
        XCTAssertEqual(hello.text, "hello")
        XCTAssertEqual(hello.quickReplyPayload, "YES")
        XCTAssertEqual(hello.replyToMID, "m.0")
        XCTAssertEqual(first[0].timestampMs, 1_700_000_000_001)
        guard case .message(let media) = first[1].kind else { return XCTFail() }
        XCTAssertEqual(media.attachments, [MetaAttachment(type: "image", url: "https://cdn/x.jpg"), MetaAttachment(type: "fallback", title: "A link")])
        XCTAssertEqual(first[2].kind, .delivery(mids: ["m.a", "m.b"], watermarkMs: 1_700_000_000_000))
        XCTAssertEqual(first[3].kind, .read(watermarkMs: 1_700_000_000_004, mid: nil))
        XCTAssertEqual(first[4].kind, .reaction(Reaction(mid: "m.z", action: "react", reaction: "love", emoji: "❤")))

        let second = parsed.entries[1].events
        guard case .message(let echo) = second[0].kind else { return XCTFail() }
        XCTAssertTrue(echo.isEcho)
        XCTAssertEqual(echo.appID, "263902037430900")
        XCTAssertEqual(second[0].customerID, "7007", "an echo's customer is its recipient")
        guard case .message(let gone) = second[1].kind else { return XCTFail() }
        XCTAssertTrue(gone.isDeleted)
        XCTAssertEqual(second[2].kind, .postback(Postback(mid: "m.pb", title: "Start", payload: "GET_STARTED")))
        XCTAssertEqual(second[3].kind, .referral(["ref": "sbswitch.abc", "source": "SHORTLINK", "type": "OPEN_THREAD"]))
        XCTAssertTrue(second[4].standby)
        XCTAssertFalse(second[3].standby)
    }

    func testInstagramReadsNameTheMessageAndStoryRepliesAreKept() throws {
        let body = #"""
        {"object":"instagram","entry":[{"id":"17841","time":1,"messaging":[
          {"sender":{"id":"5"},"recipient":{"id":"17841"},"timestamp":2,"read":{"mid":"m.r"}},
          {"sender":{"id":"5"},"recipient":{"id":"17841"},"timestamp":3,
           "message":{"mid":"m.s","text":"nice","reply_to":{"story":{"id":"st.1","url":"https://cdn/story.mp4"}}}}]}]}
        """#
        let parsed = try WebhookBatch.parse(Array(body.utf8))
        XCTAssertEqual(parsed.object, "instagram")
        XCTAssertEqual(parsed.entries[0].events[0].kind, .read(watermarkMs: nil, mid: "m.r"))
        guard case .message(let reply) = parsed.entries[0].events[1].kind else { return XCTFail() }
        XCTAssertEqual(reply.replyToStory, ["id": "st.1", "url": "https://cdn/story.mp4"])
    }

    func testMalformedAndOversizedBodiesAreRefusedWithTheirStatus() {
        for body in ["not json", "[]", #"{"object":"page"}"#, #"{"entry":[]}"#] {
            XCTAssertThrowsError(try WebhookBatch.parse(Array(body.utf8)), body) { error in
                XCTAssertEqual((error as? WebhookBatch.Failure)?.status, 400)
            }
        }
        let huge = [UInt8](repeating: 0x20, count: WebhookBatch.maxBodyBytes + 1)
        XCTAssertThrowsError(try WebhookBatch.parse(huge)) { XCTAssertEqual(($0 as? WebhookBatch.Failure)?.status, 413) }
    }

    func testAnUnknownObjectStillParses() throws {
        let parsed = try WebhookBatch.parse(Array(#"{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[]}]}"#.utf8))
        XCTAssertEqual(parsed.object, "whatsapp_business_account")
        XCTAssertEqual(parsed.entries.first?.events, [])
    }
}
