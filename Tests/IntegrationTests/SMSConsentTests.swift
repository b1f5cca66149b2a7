import Foundation
import SwitchboardSupport
import TwilioFake
import XCTest

/// Consent on SMS: STOP and its synonyms opt the customer out of this sender, the keyword is
/// stored like any message and shown on the contact, replies are refused before Twilio is called
/// (with the reason on the message), START opts back in, HELP is recorded, and Twilio's own 21610
/// sets the same state.
final class SMSConsentTests: XCTestCase {
    var world: SMSWorld!

    override func setUpWithError() throws {
        world = try SMSWorld()
        try world.addChannel()
    }

    override func tearDown() { world?.stop() }

    func contactAttributes(_ conversation: String) throws -> JSON {
        let detail = try world.host.request("GET", "/api/v1/conversations/\(conversation)").json
        let contact = try world.host.request("GET", "/api/v1/contacts/\(detail["contact_id"]?.stringValue ?? "")").json
        return contact["attributes"] ?? .null
    }

    func testStopRefusesRepliesUntilStart() throws {
        XCTAssertEqual(try world.text("My parcel?").status, 200)
        let conversation = try world.onlyConversation()
        XCTAssertEqual(try world.text("Stop").status, 200)
        XCTAssertEqual(try world.messages(conversation).compactMap { $0["text"]?.stringValue }, ["My parcel?", "Stop"], "the keyword is stored")
        let consent = try contactAttributes(conversation)["sms_consent"]?.stringValue ?? ""
        XCTAssertTrue(consent.hasPrefix("opted out (STOP"), consent)

        let refused = try world.settled(conversation, try world.reply(conversation, "Sorry to see you go"))
        XCTAssertEqual(refused["delivery_status"], "failed")
        let reason = refused["delivery_detail"]?.stringValue ?? ""
        XCTAssertTrue(reason.contains("opted out") && reason.contains("START"), reason)
        XCTAssertTrue(world.twilio.received.allSatisfy { !$0.path.hasSuffix("/Messages.json") }, "Twilio was never called")

        XCTAssertEqual(try world.text("HELP").status, 200)
        let helped = try contactAttributes(conversation)["sms_consent"]?.stringValue ?? ""
        XCTAssertTrue(helped.hasPrefix("opted out (STOP") && helped.contains("asked for HELP at"), helped)
        XCTAssertEqual(try world.settled(conversation, try world.reply(conversation, "still no"))["delivery_status"], "failed",
                       "HELP is recorded, not an opt-in")
        XCTAssertEqual(try world.text("start").status, 200)
        XCTAssertTrue((try contactAttributes(conversation)["sms_consent"]?.stringValue ?? "").hasPrefix("subscribed (START"))
        let sent = try world.settled(conversation, try world.reply(conversation, "Welcome back"))
        XCTAssertEqual(sent["delivery_status"], "sent")
        XCTAssertEqual(world.twilio.sent.map(\.body), ["Welcome back"])
    }

    func testEveryOptOutWordAndOptOutTypeCount() throws {
        for (index, word) in ["STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"].enumerated() {
            let customer = "+1415555\(String(format: "%04d", 2000 + index))"
            XCTAssertEqual(try world.text(word, from: customer).status, 200)
        }
        // A Messaging Service's own keyword, which Twilio reports as OptOutType=STOP.
        XCTAssertEqual(try world.text("ARRET", from: "+14155552100", optOutType: "STOP").status, 200)
        for conversation in try world.conversations() {
            let id = try XCTUnwrap(conversation["id"]?.stringValue)
            let reply = try world.settled(id, try world.reply(id, "ok?"))
            XCTAssertEqual(reply["delivery_status"], "failed", conversation.serialized)
        }
        XCTAssertEqual(try world.conversations().count, 8)
        XCTAssertTrue(world.twilio.sent.isEmpty)
    }

    func testTwilios21610SetsTheSameStateAndLaterRepliesNeverReachTwilio() throws {
        XCTAssertEqual(try world.text("Hi").status, 200)
        let conversation = try world.onlyConversation()
        // The customer opted out on Twilio's side (another number of the service, say).
        world.twilio.optOut(SMSWorld.customer, from: SMSWorld.number)
        let first = try world.settled(conversation, try world.reply(conversation, "Hello"))
        XCTAssertEqual(first["delivery_status"], "failed")
        XCTAssertTrue(first["delivery_detail"]?.stringValue?.contains("21610") == true, first.serialized)
        let calls = world.twilio.received.filter { $0.path.hasSuffix("/Messages.json") }.count
        let second = try world.settled(conversation, try world.reply(conversation, "Hello again"))
        XCTAssertEqual(second["delivery_status"], "failed")
        XCTAssertTrue(second["delivery_detail"]?.stringValue?.contains("opted out") == true, second.serialized)
        XCTAssertEqual(world.twilio.received.filter { $0.path.hasSuffix("/Messages.json") }.count, calls, "refused before Twilio")
    }
}
