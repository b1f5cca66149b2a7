import Foundation
import SwitchboardSupport
import TwilioFake
import XCTest

/// The instance's number: claimed by one instance (409 naming the field, or taken over), shown
/// with both URLs and whether Twilio posts to them, adopted (its SmsUrl pointed here) or bought
/// and bound in the step that creates the instance; bad configuration named.
final class SMSNumberTests: XCTestCase {
    var world: SMSWorld!

    override func setUpWithError() throws { world = try SMSWorld() }
    override func tearDown() { world?.stop() }

    func testPluginStatusShowsBothURLsTheCapabilitiesAndThatTheNumberPointsHere() throws {
        try world.addChannel()
        let status = try world.host.eventually("the number check") { () -> JSON? in
            let s = try world.channelStatus()["plugin_status"]
            return s?["capabilities"]?.isNull == false ? s : nil
        }
        XCTAssertEqual(status["webhook_url"]?.stringValue, SMSWorld.hook())
        XCTAssertEqual(status["status_callback_url"]?.stringValue, SMSWorld.hook("sms1", "/sms/status"))
        XCTAssertEqual(status["phone_number"]?.stringValue, SMSWorld.number)
        XCTAssertEqual(status["points_here"], true)
        XCTAssertEqual(status["capabilities"]?["mms"], true)
    }

    func testANumberPointingElsewhereIsReportedAndAdoptPointsItHere() throws {
        let other = "+14155550177"
        world.twilio.addOwnedNumber(other, smsURL: "https://old-helpdesk.example/sms")
        try world.host.addChannel("check", plugin: "sms", config: world.config(number: other))
        let checked = try world.host.eventually("the check") { () -> JSON? in
            let s = try world.channelStatus("check")["plugin_status"]
            return s?["points_here"]?.boolValue != nil ? s : nil
        }
        XCTAssertEqual(checked["points_here"], false)
        XCTAssertEqual(checked["twilio_sms_url"], "https://old-helpdesk.example/sms")
        XCTAssertEqual(world.twilio.ownedNumbers.first { $0.phoneNumber == other }?.smsURL, "https://old-helpdesk.example/sms", "check changes nothing")

        let removed = try world.host.request("DELETE", "/api/v1/channels/check")
        XCTAssertTrue((200..<300).contains(removed.status), removed.text)
        try world.host.addChannel("adopted", plugin: "sms", config: world.config(["number_setup": "adopt"], number: other))
        _ = try world.host.eventually("adopted") { () -> Bool? in try world.channelStatus("adopted")["plugin_status"]?["points_here"] == true ? true : nil }
        XCTAssertEqual(world.twilio.ownedNumbers.first { $0.phoneNumber == other }?.smsURL, SMSWorld.hook("adopted"))
    }

    func testBuyingANumberCreatesItsInstanceInOneStep() throws {
        world.twilio.addAvailableNumber("+14155550188")
        try world.host.addChannel("bought", plugin: "sms", config: world.config(["number_setup": "buy"], number: "+14155550188"))
        let status = try world.host.eventually("bought") { () -> JSON? in
            let s = try world.channelStatus("bought")["plugin_status"]
            return s?["points_here"] == true ? s : nil
        }
        XCTAssertTrue(status["number_sid"]?.stringValue?.hasPrefix("PN") == true)
        let owned = try XCTUnwrap(world.twilio.ownedNumbers.first { $0.phoneNumber == "+14155550188" })
        XCTAssertEqual(owned.smsURL, SMSWorld.hook("bought"))
        // And it works: a text to it lands on the new instance.
        XCTAssertEqual(try world.twilio.sendInbound(FakeTwilio.Inbound(from: SMSWorld.customer, to: "+14155550188", body: "hi new number"),
                                                    to: SMSWorld.hook("bought")).status, 200)
        XCTAssertEqual(try world.conversations(on: "bought").count, 1)
        // A number nobody sells is reported, not pretended.
        try world.host.addChannel("nope", plugin: "sms", config: world.config(["number_setup": "buy"], number: "+14155550199"))
        let failed = try world.host.eventually("the failed purchase") { try world.channelStatus("nope")["plugin_status"]?["check_error"]?.stringValue }
        XCTAssertTrue(failed.contains("21422"), failed)
    }

    func testTheNumberIsClaimedByOneInstanceUnlessTakenOver() throws {
        try world.addChannel()
        let refused = try world.host.request("POST", "/api/v1/channels", json: ["id": "sms2", "plugin_id": "sms", "config": world.config()])
        XCTAssertEqual(refused.status, 409, refused.text)
        XCTAssertEqual(refused.json["field"], "config.phone_number")
        XCTAssertTrue(refused.text.contains("sms1"), refused.text)

        let taken = try world.host.request("POST", "/api/v1/channels", json: ["id": "sms2", "plugin_id": "sms", "config": world.config(), "take_over": true])
        XCTAssertEqual(taken.status, 201, taken.text)
        XCTAssertEqual(try world.channelStatus("sms1")["state"], "disconnected")
        XCTAssertEqual(try world.text("to the new one", instance: "sms2").status, 200)
        XCTAssertEqual(try world.conversations(on: "sms2").count, 1)
    }

    /// Refused by the manifest's schema: 400 naming the field. Refused by the plugin's own checks
    /// (the host's contract for create()): the instance is kept as "failed" with the reason naming it.
    func testBadConfigurationIsNamed() throws {
        for (config, field) in [(world.config(["account_sid": "AC123"]), "account_sid"), (world.config(["auth_token_credential": "missing"]), "auth_token_credential")] {
            let r = try world.host.request("POST", "/api/v1/channels", json: ["id": "bad0", "plugin_id": "sms", "config": config])
            XCTAssertEqual(r.status, 400, r.text)
            XCTAssertEqual(r.json["field"]?.stringValue, "config." + field)
        }
        for (index, (config, field)) in [(world.config(number: "4155550100"), "phone_number"),
                                         (world.config(["account_sid": .string("AC" + String(repeating: "z", count: 32))]), "account_sid"),
                                         (world.config(["messaging_service_sid": .string("MG" + String(repeating: "0", count: 32))]), "messaging_service_sid"),
                                         (world.config(["api_key_secret_credential": "twilio-token"]), "api_key_sid")].enumerated() {
            let r = try world.host.request("POST", "/api/v1/channels", json: ["id": .string("bad\(index + 1)"), "plugin_id": "sms", "config": config])
            XCTAssertEqual(r.status, 201, r.text)
            XCTAssertEqual(r.json["state"], "failed")
            XCTAssertTrue(r.json["reason"]?.stringValue?.contains(field + ":") == true, "\(field): \(r.text)")
        }
    }

    func testAMessagingServiceSendsByItsSid() throws {
        let service = "MG" + String(repeating: "5e", count: 16)
        world.twilio.addMessagingService(service, numbers: [SMSWorld.number])
        var config = world.config().objectValue!
        config["phone_number"] = nil
        config["messaging_service_sid"] = .string(service)
        try world.host.addChannel("svc", plugin: "sms", config: .object(config))
        XCTAssertEqual(try world.text("via service", instance: "svc").status, 200)
        let conversation = try world.onlyConversation(on: "svc")
        XCTAssertEqual(try world.settled(conversation, try world.reply(conversation, "answer"))["delivery_status"], "sent")
        let sent = try XCTUnwrap(world.twilio.sent.last)
        XCTAssertEqual(sent.messagingServiceSID, service)
        XCTAssertNil(sent.fields.first { $0.0 == "From" }, "From or MessagingServiceSid, not both")
    }
}
