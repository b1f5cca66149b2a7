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
        // The contact shows it, though no message of the customer's said so.
        let consent = try contactAttributes(conversation)["sms_consent"]?.stringValue ?? ""
        XCTAssertTrue(consent.hasPrefix("opted out (Twilio error 21610"), consent)
    }

    /// Twilio applies an opt-out to the whole Messaging Service a number belongs to: a STOP to
    /// one of its numbers (Twilio names the service on the post) refuses replies from the others'
    /// instances and from the service's own, before Twilio is called; START lifts it everywhere;
    /// a 21610 learned by one instance reaches the others too.
    func testAnOptOutOnOneNumberOfAMessagingServiceAppliesToItsOtherNumbers() throws {
        let service = "MG" + String(repeating: "ab", count: 16)
        let second = "+14155550101"
        world.twilio.addOwnedNumber(second, smsURL: SMSWorld.hook("sms2"))
        world.twilio.addMessagingService(service, numbers: [SMSWorld.number, second])
        try world.host.addChannel("sms2", plugin: "sms", config: world.config(number: second))
        var serviceConfig = try XCTUnwrap(world.config().objectValue)
        serviceConfig["phone_number"] = nil
        serviceConfig["messaging_service_sid"] = .string(service)
        try world.host.addChannel("svc", plugin: "sms", config: .object(serviceConfig))
        func textSecond(_ body: String, from customer: String = SMSWorld.customer) throws {
            XCTAssertEqual(try world.twilio.sendInbound(FakeTwilio.Inbound(from: customer, to: second, body: body), to: SMSWorld.hook("sms2")).status, 200)
        }
        func textService(_ body: String, from customer: String = SMSWorld.customer) throws {
            XCTAssertEqual(try world.twilio.sendInbound(FakeTwilio.Inbound(from: customer, to: SMSWorld.number, body: body), to: SMSWorld.hook("svc")).status, 200)
        }
        func sends() -> Int { world.twilio.received.filter { $0.path.hasSuffix("/Messages.json") }.count }

        try textSecond("Where is my order?")
        try textService("And my invoice?")
        let onSecond = try world.onlyConversation(on: "sms2")
        let onService = try world.onlyConversation(on: "svc")
        XCTAssertEqual(try world.text("STOP").status, 200, "to the first number, which Twilio says is in the service")
        let before = sends()
        for (conversation, instance) in [(onSecond, "sms2"), (onService, "svc")] {
            let refused = try world.settled(conversation, try world.reply(conversation, "Your order shipped"))
            XCTAssertEqual(refused["delivery_status"], "failed", instance)
            let reason = refused["delivery_detail"]?.stringValue ?? ""
            XCTAssertTrue(reason.contains("opted out") && reason.contains("STOP to \(SMSWorld.number)"), "\(instance): \(reason)")
        }
        XCTAssertEqual(sends(), before, "refused before Twilio was called")

        XCTAssertEqual(try world.text("START").status, 200)
        XCTAssertEqual(try world.settled(onSecond, try world.reply(onSecond, "Welcome back"))["delivery_status"], "sent")
        XCTAssertEqual(world.twilio.sent.last?.from, second)

        // Twilio's own list: a customer who opted out where we did not see it.
        let other = "+14155550124"
        try textSecond("Hello from another customer", from: other)
        try world.text("Me too", from: other)
        let otherOnSecond = try XCTUnwrap(try world.conversations(on: "sms2").first { $0["id"]?.stringValue != onSecond }?["id"]?.stringValue)
        let otherOnFirst = try XCTUnwrap(try world.conversations(on: "sms1").first?["id"]?.stringValue)
        world.twilio.optOut(other, from: service)
        let failed = try world.settled(otherOnFirst, try world.reply(otherOnFirst, "Hi"))
        XCTAssertTrue(failed["delivery_detail"]?.stringValue?.contains("21610") == true, failed.serialized)
        let calls = sends()
        let refused = try world.settled(otherOnSecond, try world.reply(otherOnSecond, "Hi there"))
        XCTAssertTrue(refused["delivery_detail"]?.stringValue?.contains("Twilio error 21610 to \(SMSWorld.number)") == true, refused.serialized)
        XCTAssertEqual(sends(), calls, "the second number's instance knew before calling Twilio")
    }
}
