import Foundation
import SwitchboardSupport
import TwilioFake
import XCTest

/// The web chat's "continue by SMS" with a running sms instance: the visitor gives a number, the
/// next reply reaches the fake Twilio from the bound number, introduced by who is texting and
/// why, and the customer's text answer threads back into the same conversation.
final class SMSSwitchTests: XCTestCase {
    var world: WebChatWorld!
    var twilio: FakeTwilio!
    let customer = "+14155550123"
    let intro = "Hi, this is Acme Support: you asked on acme.example to continue our chat by text."

    override func setUpWithError() throws {
        twilio = try FakeTwilio()
        twilio.addOwnedNumber(SMSWorld.number)
        world = try WebChatWorld(config: ["switch_destinations": ["sms"]], plugins: ["webchat", "sms"])
        try world.host.putCredential("twilio-token", twilio.authToken)
        try world.host.addChannel("sms1", plugin: "sms", config: [
            "account_sid": .string(twilio.accountSID), "auth_token_credential": "twilio-token", "api_base_url": .string(twilio.baseURL),
            "phone_number": .string(SMSWorld.number), "switch_intro": .string(intro)])
    }

    override func tearDown() {
        world?.stop()
        twilio?.stop()
    }

    func testTheVisitorMovesToSMSAndTheirTextAnswerThreadsBack() throws {
        let offered = try world.widget("GET", "/config").json["switch_destinations"]?.arrayValue ?? []
        XCTAssertEqual(offered.compactMap { $0["kind"]?.stringValue }, ["sms"])
        let visitor = try world.session(["name": "Ann Lee"])
        let first = try world.send(visitor.token, "Can you text me when it ships?")

        let invalid = try world.widget("POST", "/switch", json: ["kind": "sms", "address": "555-0123"], token: visitor.token)
        XCTAssertEqual(invalid.status, 400, invalid.text)
        XCTAssertTrue(invalid.text.contains("address"), invalid.text)

        let moved = try world.widget("POST", "/switch", json: ["kind": "sms", "address": .string(customer)], token: visitor.token)
        XCTAssertEqual(moved.status, 200, moved.text)
        XCTAssertEqual(moved.json["target"], "sms1")
        XCTAssertEqual(moved.json["waiting"], false)
        XCTAssertEqual(moved.json["identity_value"]?.stringValue, customer)

        let replyID = try world.reply(first.conversationID, "It ships Monday; we will text you the tracking number.")
        try world.waitForStatus(first.conversationID, replyID, "sent")
        let text = try XCTUnwrap(twilio.sent.first)
        XCTAssertEqual(text.to, customer)
        XCTAssertEqual(text.from, SMSWorld.number)
        XCTAssertEqual(text.body, intro + "\n\nIt ships Monday; we will text you the tracking number.", "the first text says who and why")
        let second = try world.reply(first.conversationID, "Tracking: 1Z999")
        try world.waitForStatus(first.conversationID, second, "sent")
        XCTAssertEqual(twilio.sent.last?.body, "Tracking: 1Z999", "introduced once")

        let answer = try twilio.sendInbound(FakeTwilio.Inbound(from: customer, to: SMSWorld.number, body: "Thanks, got it!"),
                                            to: world.host.baseURL + "/hooks/sms1/sms")
        XCTAssertEqual(answer.status, 200, answer.text)
        let texts = try world.messages(first.conversationID).compactMap { $0["text"]?.stringValue }
        XCTAssertEqual(texts, ["Can you text me when it ships?", "It ships Monday; we will text you the tracking number.", "Tracking: 1Z999", "Thanks, got it!"])
        XCTAssertEqual(try world.conversationCount(), 1, "the answer threads into the same conversation")
    }

    /// Two SMS instances: the widget's "sms:sms2" sends its switches to sms2, not the first one.
    func testTheWidgetNamesWhichSMSInstanceItsSwitchesGoTo() throws {
        let second = "+14155550111"
        twilio.addOwnedNumber(second)
        try world.host.addChannel("sms2", plugin: "sms", config: [
            "account_sid": .string(twilio.accountSID), "auth_token_credential": "twilio-token", "api_base_url": .string(twilio.baseURL),
            "phone_number": .string(second), "switch_intro": ""])
        try world.reconfigure(["switch_destinations": ["sms:sms2"]])
        let visitor = try world.session(["name": "Bo"])
        let first = try world.send(visitor.token, "Text me from the outlet line")
        let moved = try world.widget("POST", "/switch", json: ["kind": "sms", "address": .string(customer)], token: visitor.token)
        XCTAssertEqual(moved.status, 200, moved.text)
        XCTAssertEqual(moved.json["target"], "sms2")
        let reply = try world.reply(first.conversationID, "Hello from the outlet")
        try world.waitForStatus(first.conversationID, reply, "sent")
        XCTAssertEqual(twilio.sent.last?.from, second)
        XCTAssertEqual(twilio.sent.last?.body, "Hello from the outlet", "an empty switch_intro: no intro")
    }

    func testAConversationThatBeganBySMSIsNotIntroduced() throws {
        XCTAssertEqual(try twilio.sendInbound(FakeTwilio.Inbound(from: customer, to: SMSWorld.number, body: "Hi"),
                                              to: world.host.baseURL + "/hooks/sms1/sms").status, 200)
        let conversation = try XCTUnwrap(try world.host.request("GET", "/api/v1/conversations").json["conversations"]?.arrayValue?.first?["id"]?.stringValue)
        let reply = try world.reply(conversation, "Hello!")
        try world.waitForStatus(conversation, reply, "sent")
        XCTAssertEqual(twilio.sent.map(\.body), ["Hello!"])
    }
}
