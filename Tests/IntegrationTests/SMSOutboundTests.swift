import Foundation
import SwitchboardSupport
import TwilioFake
import XCTest

/// Replies through the real host to the fake Twilio: Messages.json with Twilio's fields and a
/// StatusCallback, status callbacks that only move forward, Twilio's errors kept with their
/// meaning, retries on 5xx, MMS only where it exists, and long texts cut at word boundaries.
final class SMSOutboundTests: XCTestCase {
    var world: SMSWorld!

    override func setUpWithError() throws {
        world = try SMSWorld()
        try world.addChannel()
    }

    override func tearDown() { world?.stop() }

    /// A conversation with `customer` (they wrote first).
    func conversation(with customer: String = SMSWorld.customer) throws -> String {
        let before = Set(try world.conversations().compactMap { $0["id"]?.stringValue })
        XCTAssertEqual(try world.text("Hello?", from: customer).status, 200)
        let ids = try world.conversations().compactMap { $0["id"]?.stringValue }.filter { !before.contains($0) }
        return try XCTUnwrap(ids.first, "a new conversation for \(customer)")
    }

    func testAReplyGoesToMessagesJsonFromTheNumberWithAStatusCallback() throws {
        let conversation = try conversation()
        let id = try world.reply(conversation, "Your order ships today.")
        let message = try world.settled(conversation, id)
        XCTAssertEqual(message["delivery_status"], "sent")
        let sent = try XCTUnwrap(world.twilio.sent.first)
        XCTAssertEqual(sent.to, SMSWorld.customer)
        XCTAssertEqual(sent.from, SMSWorld.number)
        XCTAssertEqual(sent.body, "Your order ships today.")
        XCTAssertEqual(sent.statusCallback, SMSWorld.hook("sms1", "/sms/status"))
        XCTAssertEqual(message["provider_message_id"]?.stringValue, sent.sid)
    }

    func testStatusCallbacksOnlyMoveForwardAndKeepTheErrorsMeaning() throws {
        let conversation = try conversation()
        let first = try world.reply(conversation, "First")
        _ = try world.settled(conversation, first)
        let sid = try XCTUnwrap(world.twilio.sent.last?.sid)
        XCTAssertEqual(try world.twilio.sendStatus(sid, "sent"), 200)
        XCTAssertEqual(try world.twilio.sendStatus(sid, "delivered"), 200)
        _ = try world.waitForStatus(conversation, first, "delivered")
        // Late and repeated callbacks change nothing.
        XCTAssertEqual(try world.twilio.sendStatus(sid, "sending"), 200)
        XCTAssertEqual(try world.twilio.sendStatus(sid, "sent"), 200)
        XCTAssertEqual(try world.twilio.sendStatus(sid, "queued"), 200)
        Thread.sleep(forTimeInterval: 0.3)
        XCTAssertEqual(try world.message(conversation, first)?["delivery_status"], "delivered")
        XCTAssertEqual(try world.twilio.sendStatus(sid, "read"), 200)
        _ = try world.waitForStatus(conversation, first, "read")
        XCTAssertEqual(try world.twilio.sendStatus(sid, "delivered"), 200)
        Thread.sleep(forTimeInterval: 0.3)
        XCTAssertEqual(try world.message(conversation, first)?["delivery_status"], "read")

        let second = try world.reply(conversation, "Second")
        _ = try world.settled(conversation, second)
        let secondSID = try XCTUnwrap(world.twilio.sent.last?.sid)
        XCTAssertEqual(try world.twilio.sendStatus(secondSID, "undelivered", errorCode: 30003), 200)
        let failed = try world.waitForStatus(conversation, second, "failed")
        let detail = failed["delivery_detail"]?.stringValue ?? ""
        XCTAssertTrue(detail.contains("30003") && detail.contains("unreachable destination handset"), detail)
        XCTAssertEqual(try world.twilio.sendStatus(secondSID, "delivered"), 200, "out of order: a delivery after the failure")
        Thread.sleep(forTimeInterval: 0.3)
        XCTAssertEqual(try world.message(conversation, second)?["delivery_status"], "failed", "failed stays failed")

        // Signed by someone else: refused, nothing changes.
        let forged = try TwilioRequestSigner.post([("MessageSid", sid), ("MessageStatus", "failed")], to: world.host.baseURL + "/hooks/sms1/sms/status",
                                                  signedURL: SMSWorld.hook("sms1", "/sms/status"), authToken: "wrong")
        XCTAssertEqual(forged.status, 403)
        let missing = try TwilioRequestSigner.post([("MessageSid", sid)], to: world.host.baseURL + "/hooks/sms1/sms/status",
                                                   signedURL: SMSWorld.hook("sms1", "/sms/status"), authToken: world.twilio.authToken)
        XCTAssertEqual(missing.status, 400)
        XCTAssertTrue(missing.text.contains("MessageStatus"), missing.text)
        XCTAssertEqual(try world.message(conversation, first)?["delivery_status"], "read")
    }

    func testTwilios4xxFailsTheReplyWithItsCodeAndMessage() throws {
        world.twilio.disableRegion("+44")
        let conversation = try conversation(with: "+447700900123")
        let id = try world.reply(conversation, "Hello UK")
        let message = try world.settled(conversation, id)
        XCTAssertEqual(message["delivery_status"], "failed")
        let detail = message["delivery_detail"]?.stringValue ?? ""
        XCTAssertTrue(detail.contains("Twilio 21408 (region not enabled for this account)"), detail)
        XCTAssertTrue(detail.contains("Permission to send an SMS has not been enabled"), detail)
    }

    func testTwilios5xxIsRetriedByTheOutbox() throws {
        let conversation = try conversation()
        world.twilio.failNext(status: 503, code: 20503, message: "Service Unavailable")
        world.twilio.failNext(status: 500, code: 20500, message: "Internal Server Error")
        let id = try world.reply(conversation, "Eventually")
        let message = try world.settled(conversation, id)
        XCTAssertEqual(message["delivery_status"], "sent")
        XCTAssertEqual(world.twilio.sent.map(\.body), ["Eventually"], "sent once, after two refusals")
    }

    func testImagesGoAsMMSOnlyToUSAndCanadaAndOtherFilesAsLinks() throws {
        let image: JSON = ["name": "receipt.png", "url": "https://support.example.test/files/abc/receipt.png", "content_type": "image/png", "size": 10]
        let pdf: JSON = ["name": "invoice.pdf", "url": "https://support.example.test/files/def/invoice.pdf", "content_type": "application/pdf", "size": 20]
        let us = try conversation()
        _ = try world.settled(us, try world.reply(us, "Your documents", attachments: [image, pdf]))
        let toUS = try XCTUnwrap(world.twilio.sent.last)
        XCTAssertEqual(toUS.mediaURLs, ["https://support.example.test/files/abc/receipt.png"])
        XCTAssertEqual(toUS.body, "Your documents\ninvoice.pdf: https://support.example.test/files/def/invoice.pdf")

        let uk = try conversation(with: "+447700900124")
        _ = try world.settled(uk, try world.reply(uk, "Your documents", attachments: [image, pdf]))
        let toUK = try XCTUnwrap(world.twilio.sent.last)
        XCTAssertEqual(toUK.to, "+447700900124")
        XCTAssertEqual(toUK.mediaURLs, [], "no MMS outside the US and Canada")
        XCTAssertEqual(toUK.body, "Your documents\nreceipt.png: https://support.example.test/files/abc/receipt.png\ninvoice.pdf: https://support.example.test/files/def/invoice.pdf")
    }

    /// A file the host keeps goes to Twilio as a signed link that expires, never as the file's own
    /// lasting URL; the link serves the file, and a changed or missing signature is refused.
    func testAnMMSImageGoesAsASignedExpiringLink() throws {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3]
        try world.text("my receipt", media: [(png, "image/png")])
        let conversation = try world.onlyConversation()
        let stored = try XCTUnwrap(try world.messages(conversation).first?["attachments"]?.arrayValue?.first)
        let fileURL = try XCTUnwrap(stored["url"]?.stringValue)
        _ = try world.settled(conversation, try world.reply(conversation, "Thanks, here it is back", attachments: [stored]))
        let media = try XCTUnwrap(world.twilio.sent.last?.mediaURLs.first)
        XCTAssertTrue(media.hasPrefix(SMSWorld.publicURL + "/files/l/"), media)
        let fileID = String(fileURL.dropFirst((SMSWorld.publicURL + "/files/").count).prefix { $0 != "/" })
        XCTAssertFalse(media.contains(fileID), "the lasting id stays home")
        XCTAssertTrue(media.contains("expires=") && media.contains("signature="), media)

        let fetched = try world.file(media)
        XCTAssertEqual(fetched.status, 200)
        XCTAssertEqual(fetched.bytes, png)
        XCTAssertEqual(try world.file(media.replacingOccurrences(of: "signature=", with: "signature=0")).status, 403)
        XCTAssertEqual(try world.file(String(media.prefix { $0 != "?" })).status, 403)
        XCTAssertEqual(try world.file(fileURL).status, 200, "the agents' URL still works")
    }

    func testTextOver1600CharactersGoesAsSeveralMessagesCutBetweenWords() throws {
        let conversation = try conversation()
        let text = (0..<350).map { "word\($0)" }.joined(separator: " ")
        XCTAssertGreaterThan(text.count, 2_000)
        let id = try world.reply(conversation, text)
        let message = try world.settled(conversation, id)
        XCTAssertEqual(message["delivery_status"], "sent")
        let parts = world.twilio.sent.map(\.body)
        XCTAssertEqual(parts.count, 2)
        XCTAssertTrue(parts.allSatisfy { $0.utf16.count <= 1_600 })
        XCTAssertEqual(parts.joined(separator: " "), text)
        XCTAssertEqual(message["provider_message_id"]?.stringValue, world.twilio.sent.first?.sid)
        // A failure of the second part reports on the reply.
        XCTAssertEqual(try world.twilio.sendStatus(world.twilio.sent[1].sid, "failed", errorCode: 30007), 200)
        let failed = try world.waitForStatus(conversation, id, "failed")
        XCTAssertTrue(failed["delivery_detail"]?.stringValue?.contains("30007") == true)
    }

    func testAFailureHalfWayResendsOnlyWhatIsLeft() throws {
        let conversation = try conversation()
        let text = (0..<350).map { "part\($0)" }.joined(separator: " ")
        // The first part goes; the second meets a 503; the retry sends only the second.
        world.twilio.failAfter(1, status: 503)
        let id = try world.reply(conversation, text)
        XCTAssertEqual(try world.settled(conversation, id)["delivery_status"], "sent")
        XCTAssertEqual(world.twilio.sent.count, 2)
        XCTAssertEqual(world.twilio.sent.map(\.body).joined(separator: " "), text)
    }
}
