import Foundation
import SwitchboardDomain
import SwitchboardSupport
import XCTest

final class DomainRulesTests: XCTestCase {
    let sms = OutputLimits(rich: false, files: false, images: false, format: .plain, maxTextLength: 20)

    func testRichCardBecomesATextSummaryOnAPlainChannel() {
        let card = #"{"title":"Order 1234","subtitle":"shipped","fields":[{"label":"ETA","value":"Friday"}],"buttons":[{"title":"Track","url":"https://t.example/1"}]}"#
        let fitted = OutputFitting.fit(text: "", format: .plain, richJSON: card, attachmentsJSON: nil,
                                       limits: OutputLimits(rich: false, files: false, images: false, format: .plain, maxTextLength: 0))
        XCTAssertNil(fitted.richJSON)
        XCTAssertEqual(fitted.text, "Order 1234 — shipped\nETA: Friday\n• Track: https://t.example/1")
    }

    func testMarkdownHTMLAndLength() {
        XCTAssertEqual(OutputFitting.fit(text: "**Hi** [docs](https://d.example)", format: .markdown, richJSON: nil, attachmentsJSON: nil,
                                         limits: OutputLimits(rich: false, files: false, images: false, format: .plain, maxTextLength: 0)).text,
                       "Hi docs (https://d.example)")
        XCTAssertEqual(OutputFitting.fit(text: "<p>a &amp; b</p><p>c</p>", format: .html, richJSON: nil, attachmentsJSON: nil,
                                         limits: OutputLimits(rich: false, files: false, images: false, format: .plain, maxTextLength: 0)).text,
                       "a & b\nc")
        let cut = OutputFitting.fit(text: String(repeating: "x", count: 50), format: .plain, richJSON: nil, attachmentsJSON: nil, limits: sms)
        XCTAssertEqual(cut.text.unicodeScalars.count, 20)
        XCTAssertTrue(cut.text.hasSuffix("…"))
        let rich = OutputFitting.fit(text: "a < b", format: .plain, richJSON: nil, attachmentsJSON: nil,
                                     limits: OutputLimits(rich: true, files: true, images: true, format: .html, maxTextLength: 0))
        XCTAssertEqual(rich.text, "a &lt; b")
        XCTAssertEqual(rich.format, .html)
    }

    func testAttachmentsAChannelCannotCarryBecomeLinks() {
        let files = #"[{"name":"invoice.pdf","url":"https://f.example/i.pdf","content_type":"application/pdf"},{"name":"p.png","url":"https://f.example/p.png","content_type":"image/png"}]"#
        let fitted = OutputFitting.fit(text: "Here", format: .plain, richJSON: nil, attachmentsJSON: files,
                                       limits: OutputLimits(rich: false, files: false, images: true, format: .plain, maxTextLength: 0))
        XCTAssertEqual(fitted.text, "Here\ninvoice.pdf: https://f.example/i.pdf")
        XCTAssertEqual(try JSON.parse(fitted.attachmentsJSON!).arrayValue?.count, 1)
    }

    func testRetryBackoffGrowsWithJitterAndCaps() {
        let policy = RetryPolicy(baseDelayMs: 1000, maxDelayMs: 8000, maxAttempts: 5)
        XCTAssertEqual(policy.delayMs(afterAttempts: 1, random: 0.5), 1000)
        XCTAssertEqual(policy.delayMs(afterAttempts: 3, random: 0.5), 4000)
        XCTAssertEqual(policy.delayMs(afterAttempts: 10, random: 0.5), 8000)
        XCTAssertEqual(policy.delayMs(afterAttempts: 2, random: 0), 1500)
        XCTAssertEqual(policy.delayMs(afterAttempts: 2, random: 0.999), 2499)
        XCTAssertFalse(policy.exhausted(afterAttempts: 4))
        XCTAssertTrue(policy.exhausted(afterAttempts: 5))
    }

    func testEngagementIsOneRuleForEveryChannel() {
        XCTAssertEqual(Engagement.after(.inbound), .pending)
        XCTAssertEqual(Engagement.after(.outbound), .engaged)
    }

    func testConfigSchemaNamesTheFieldAndFillsDefaults() throws {
        let schema = try ConfigSchema(try JSON.parse(#"""
        {"type":"object","additionalProperties":false,"required":["key"],
         "properties":{"key":{"type":"string","minLength":2},"timeout":{"type":"integer","minimum":100,"default":5000},"mode":{"type":"string","enum":["a","b"]}}}
        """#))
        XCTAssertEqual(try schema.validate(["key": "ab"])["timeout"], 5000)
        func field(_ config: JSON) -> String? {
            do { _ = try schema.validate(config); return nil } catch { return error.field }
        }
        XCTAssertEqual(field([:]), "config.key")
        XCTAssertEqual(field(["key": "a"]), "config.key")
        XCTAssertEqual(field(["key": "ab", "timeout": 5]), "config.timeout")
        XCTAssertEqual(field(["key": "ab", "timeout": 150.5]), "config.timeout")
        XCTAssertEqual(field(["key": "ab", "mode": "c"]), "config.mode")
        XCTAssertEqual(field(["key": "ab", "extra": true]), "config.extra")
    }

    func testConversationQueueSerializesPerConversationAndRunsOthersInParallel() {
        let queue = ConversationQueue(threads: 4, staleAfterMs: 60_000)
        defer { queue.stop() }
        let log = Locked<[String: [Int]]>([:])
        let running = Locked<[String: Int]>([:])
        let overlap = Locked(false)
        let done = DispatchSemaphore(value: 0)
        for i in 0..<20 {
            for conversation in ["a", "b", "c"] {
                queue.submit(conversationID: conversation) {
                    let concurrent = running.withLock { r -> Int in r[conversation, default: 0] += 1; return r[conversation]! }
                    if concurrent > 1 { overlap.withLock { $0 = true } }
                    usleep(500)
                    log.withLock { $0[conversation, default: []].append(i) }
                    running.withLock { $0[conversation]! -= 1 }
                    done.signal()
                }
            }
        }
        for _ in 0..<60 { XCTAssertEqual(done.wait(timeout: .now() + 10), .success) }
        XCTAssertFalse(overlap.withLock { $0 }, "two jobs of one conversation ran at once")
        for conversation in ["a", "b", "c"] { XCTAssertEqual(log.withLock { $0[conversation] }, Array(0..<20)) }
    }

    func testAStaleLockIsReleased() {
        let queue = ConversationQueue(threads: 2, staleAfterMs: 200)
        defer { queue.stop() }
        let second = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        queue.submit(conversationID: "x") { _ = release.wait(timeout: .now() + 5) }   // an interrupted turn
        queue.submit(conversationID: "x") { second.signal() }
        XCTAssertEqual(second.wait(timeout: .now() + 3), .success, "the next job ran after the stale lock was broken")
        release.signal()
    }

    func testJSONRoundTripAndErrors() throws {
        let text = #"{"a":[1,2.5,-3e2,true,false,null],"b":"é \"q\" \n \u00e9 \ud83d\ude00","c":{}}"#
        let value = try JSON.parse(text)
        XCTAssertEqual(value["b"]?.stringValue, "é \"q\" \n é 😀")
        XCTAssertEqual(try JSON.parse(value.serialized), value)
        XCTAssertEqual(value["a"]?.arrayValue?[2], -300)
        for bad in ["", "{", "[1,]", "{\"a\" 1}", "\"\\x\"", "01x", "\"\u{01}\"", String(repeating: "[", count: 1000)] {
            XCTAssertThrowsError(try JSON.parse(bad), bad)
        }
    }
}
