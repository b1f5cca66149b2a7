import Foundation
import SwitchboardSupport
import TwilioFake
import XCTest

/// Customers' texts through the real host: Twilio's signature checked as its SDKs check it
/// (on the public URL, either port form, query strings, parameters in any order), nothing stored
/// without it, the empty TwiML answer after commit, one message per MessageSid, and every item
/// of an MMS kept.
final class SMSInboundTests: XCTestCase {
    var world: SMSWorld!

    override func setUpWithError() throws {
        world = try SMSWorld()
        try world.addChannel()
    }

    override func tearDown() { world?.stop() }

    func testASignedTextIsStoredThenAnsweredWithEmptyTwiML() throws {
        let answer = try world.text("Hi, where is my order #1042?")
        XCTAssertEqual(answer.status, 200, answer.text)
        XCTAssertEqual(answer.contentType, "text/xml")
        XCTAssertTrue(answer.text.hasSuffix("<Response/>"), answer.text)
        // The answer came after the commit: the message is there at once, no waiting.
        let conversations = try world.conversations()
        XCTAssertEqual(conversations.count, 1)
        let conversation = try XCTUnwrap(conversations.first?["id"]?.stringValue)
        let messages = try world.messages(conversation)
        XCTAssertEqual(messages.map { $0["text"]?.stringValue }, ["Hi, where is my order #1042?"])
        XCTAssertEqual(messages.first?["provider_message_id"]?.stringValue, answer.sid)
        let detail = try world.host.request("GET", "/api/v1/conversations/\(conversation)").json
        let contact = try world.host.request("GET", "/api/v1/contacts/\(detail["contact_id"]?.stringValue ?? "")").json
        XCTAssertTrue(contact.serialized.contains(SMSWorld.customer), contact.serialized)
    }

    func testTheSignatureIsCheckedOnThePublicURLAsTheSDKsDo() throws {
        let (_, params) = world.twilio.parameters(FakeTwilio.Inbound(from: SMSWorld.customer, to: SMSWorld.number, body: "signed"))
        let token = world.twilio.authToken
        let loopback = world.host.baseURL + "/hooks/sms1/sms"
        func post(signedFor url: String, to target: String = loopback, token: String = token, signature: String? = nil) throws -> Int {
            try TwilioRequestSigner.post(params, to: target, signedURL: url, authToken: token, signature: signature).status
        }
        // Refused, and nothing stored: the loopback address it arrived on, a wrong token, no
        // signature, a signature of other parameters.
        XCTAssertEqual(try post(signedFor: loopback), 403, "the URL Twilio called is the public one")
        XCTAssertEqual(try post(signedFor: SMSWorld.hook(), token: "not-the-token"), 403)
        XCTAssertEqual(try post(signedFor: SMSWorld.hook(), signature: ""), 403)
        XCTAssertEqual(try post(signedFor: SMSWorld.hook(), signature: TwilioRequestSigner.signature(url: SMSWorld.hook(), params: [("Body", "x")], authToken: token)), 403)
        XCTAssertEqual(try world.conversations().count, 0, "nothing stored from a refused request")

        // Accepted: the URL as configured, and with the default port Twilio sometimes signs.
        XCTAssertEqual(try post(signedFor: SMSWorld.hook()), 200)
        let (_, second) = world.twilio.parameters(FakeTwilio.Inbound(from: SMSWorld.customer, to: SMSWorld.number, body: "with port"))
        XCTAssertEqual(try TwilioRequestSigner.post(second, to: loopback, signedURL: "https://support.example.test:443/hooks/sms1/sms",
                                                    authToken: token).status, 200)
        // A query string is part of the URL Twilio signs.
        let (_, third) = world.twilio.parameters(FakeTwilio.Inbound(from: SMSWorld.customer, to: SMSWorld.number, body: "with query"))
        XCTAssertEqual(try TwilioRequestSigner.post(third, to: loopback + "?tenant=acme&x=%2F", signedURL: SMSWorld.hook() + "?tenant=acme&x=%2F",
                                                    authToken: token).status, 200)
        XCTAssertEqual(try TwilioRequestSigner.post(third, to: loopback + "?tenant=acme", signedURL: SMSWorld.hook(), authToken: token).status, 403)
        // Parameters Twilio adds later are covered too: one more, signed, passes; removed after signing, fails.
        var extra = params
        extra.append(("ToCountry", "US"))
        extra.append(("AddOns", "{\"status\":\"successful\"}"))
        let sid = "SM" + String(repeating: "7", count: 32)
        extra = extra.map { $0.0 == "MessageSid" ? ($0.0, sid) : $0 }
        XCTAssertEqual(try TwilioRequestSigner.post(extra, to: loopback, signedURL: SMSWorld.hook(), authToken: token).status, 200)
        let conversation = try world.onlyConversation()
        XCTAssertEqual(try world.messages(conversation).compactMap { $0["text"]?.stringValue }, ["signed", "with port", "with query", "signed"])
    }

    func testMissingFromOrMessageSidIsRefusedNamingIt() throws {
        let token = world.twilio.authToken
        let loopback = world.host.baseURL + "/hooks/sms1/sms"
        for (missing, params) in [("MessageSid", [("From", SMSWorld.customer), ("Body", "x")]),
                                  ("From", [("MessageSid", "SM" + String(repeating: "1", count: 32)), ("Body", "x")])] {
            let answer = try TwilioRequestSigner.post(params, to: loopback, signedURL: SMSWorld.hook(), authToken: token)
            XCTAssertEqual(answer.status, 400, missing)
            XCTAssertTrue(answer.text.contains(missing), answer.text)
        }
        let notE164 = try TwilioRequestSigner.post([("MessageSid", "SM" + String(repeating: "2", count: 32)), ("From", "4155550123")],
                                                   to: loopback, signedURL: SMSWorld.hook(), authToken: token)
        XCTAssertEqual(notE164.status, 400)
        XCTAssertTrue(notE164.text.contains("From"), notE164.text)
        let json = try world.host.request("POST", "/hooks/sms1/sms", body: "{}", headers: [("Content-Type", "application/json")])
        XCTAssertEqual(json.status, 415)
        XCTAssertEqual(try world.conversations().count, 0)
    }

    func testTheSameMessageSidIsStoredOnce() throws {
        let sid = "SM" + String(repeating: "ab", count: 16)
        XCTAssertEqual(try world.text("once", sid: sid).status, 200)
        let again = try world.text("once", sid: sid)
        XCTAssertEqual(again.status, 200, "a repeat is answered as the first was")
        XCTAssertTrue(again.text.hasSuffix("<Response/>"))
        XCTAssertEqual(try world.messages(try world.onlyConversation()).count, 1)
    }

    func testAnMMSKeepsEveryItemWithTheText() throws {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 1, 2, 3]
        let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 9, 9]
        let vcard = Array("BEGIN:VCARD\nFN:Ann\nEND:VCARD\n".utf8)
        let answer = try world.text("Here are the photos", media: [(png, "image/png"), (jpeg, "image/jpeg"), (vcard, "text/vcard")])
        XCTAssertEqual(answer.status, 200, answer.text)
        let messages = try world.messages(try world.onlyConversation())
        XCTAssertEqual(messages.count, 1, "the text and all media are one message")
        let attachments = try XCTUnwrap(messages[0]["attachments"]?.arrayValue)
        XCTAssertEqual(attachments.compactMap { $0["content_type"]?.stringValue }, ["image/png", "image/jpeg", "text/vcard"])
        for (attachment, bytes) in zip(attachments, [png, jpeg, vcard]) {
            XCTAssertNil(attachment["error"], attachment.serialized)
            let url = try XCTUnwrap(attachment["url"]?.stringValue)
            XCTAssertTrue(url.hasPrefix(SMSWorld.publicURL + "/files/"), "kept in the host's file store: \(url)")
            XCTAssertEqual(try world.file(url).bytes, bytes)
        }
        // Each item was fetched from Twilio with the account's credentials.
        let fetches = world.twilio.received.filter { $0.path.contains("/Media/") }
        XCTAssertEqual(fetches.count, 3)
        let expected = "Basic " + Crypto.base64(Array("\(world.twilio.accountSID):\(world.twilio.authToken)".utf8))
        XCTAssertTrue(fetches.allSatisfy { $0.header("Authorization") == expected })
    }

    func testMediaThatCannotBeFetchedStillStoresTheMessage() throws {
        var (_, params) = world.twilio.parameters(FakeTwilio.Inbound(from: SMSWorld.customer, to: SMSWorld.number, body: "photo",
                                                                     media: [([1, 2], "image/png")]))
        let gone = world.twilio.baseURL + "/2010-04-01/Accounts/\(world.twilio.accountSID)/Messages/MMx/Media/MEgone"
        params = params.map { $0.0 == "MediaUrl0" ? ($0.0, gone) : $0 }
        let answer = try TwilioRequestSigner.post(params, to: world.host.baseURL + "/hooks/sms1/sms", signedURL: SMSWorld.hook(),
                                                  authToken: world.twilio.authToken)
        XCTAssertEqual(answer.status, 200)
        let message = try XCTUnwrap(try world.messages(try world.onlyConversation()).first)
        XCTAssertEqual(message["text"], "photo")
        let attachment = try XCTUnwrap(message["attachments"]?.arrayValue?.first)
        XCTAssertEqual(attachment["url"]?.stringValue, gone, "Twilio's URL kept")
        XCTAssertTrue(attachment["error"]?.stringValue?.contains("20404") == true, attachment.serialized)
    }
}
