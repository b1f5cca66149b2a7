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

        // Adopting on the running instance points the number here.
        let adopted = try world.host.request("POST", "/api/v1/channels/check/operations/number.adopt", json: [:])
        XCTAssertEqual(adopted.status, 200, adopted.text)
        XCTAssertEqual(adopted.json["number"]?["sms_url"]?.stringValue, SMSWorld.hook("check"))
        XCTAssertEqual(world.twilio.ownedNumbers.first { $0.phoneNumber == other }?.smsURL, SMSWorld.hook("check"))
        XCTAssertEqual(try world.channelStatus("check")["plugin_status"]?["points_here"], true)
    }

    func testAdoptingAnOwnedNumberCreatesItsInstanceBoundToATeamInOneStep() throws {
        let other = "+14155550166"
        world.twilio.addOwnedNumber(other, smsURL: "https://old-helpdesk.example/sms")
        let created = try world.host.request("POST", "/api/v1/channels", json: [
            "id": "marketing", "plugin_id": "sms", "config": world.config(number: other),
            "binding": ["kind": "team"], "setup": ["operation": "number.adopt"]])
        XCTAssertEqual(created.status, 201, created.text)
        XCTAssertEqual(created.json["state"], "running")
        XCTAssertEqual(created.json["setup"]?["operation"], "number.adopt")
        XCTAssertEqual(created.json["plugin_status"]?["points_here"], true)
        XCTAssertEqual(world.twilio.ownedNumbers.first { $0.phoneNumber == other }?.smsURL, SMSWorld.hook("marketing"))
        // Adopting a number the account does not own names it and leaves nothing behind.
        let missing = try world.host.request("POST", "/api/v1/channels", json: [
            "id": "ghost", "plugin_id": "sms", "config": world.config(number: "+14155550155"), "setup": ["operation": "number.adopt"]])
        XCTAssertEqual(missing.status, 404, missing.text)
        XCTAssertEqual(missing.json["field"], "phone_number")
        XCTAssertEqual(try world.host.request("GET", "/api/v1/channels/ghost").status, 404)
    }

    func testBuyingANumberCreatesItsInstanceInOneStep() throws {
        world.twilio.addAvailableNumber("+14155550188")
        let created = try world.host.request("POST", "/api/v1/channels", json: [
            "id": "bought", "plugin_id": "sms", "config": world.config(number: "+14155550188"), "setup": ["operation": "number.buy"]])
        XCTAssertEqual(created.status, 201, created.text)
        XCTAssertTrue(created.json["setup"]?["result"]?["number"]?["sid"]?.stringValue?.hasPrefix("PN") == true, created.text)
        XCTAssertEqual(created.json["plugin_status"]?["points_here"], true)
        let owned = try XCTUnwrap(world.twilio.ownedNumbers.first { $0.phoneNumber == "+14155550188" })
        XCTAssertEqual(owned.smsURL, SMSWorld.hook("bought"))
        // And it works: a text to it lands on the new instance.
        XCTAssertEqual(try world.twilio.sendInbound(FakeTwilio.Inbound(from: SMSWorld.customer, to: "+14155550188", body: "hi new number"),
                                                    to: SMSWorld.hook("bought")).status, 200)
        XCTAssertEqual(try world.conversations(on: "bought").count, 1)
        // A number nobody sells: Twilio's refusal with its code, and no instance left behind.
        let refused = try world.host.request("POST", "/api/v1/channels", json: [
            "id": "nope", "plugin_id": "sms", "config": world.config(number: "+14155550199"), "setup": ["operation": "number.buy"]])
        XCTAssertEqual(refused.status, 422, refused.text)
        XCTAssertTrue(refused.text.contains("21422"), refused.text)
        XCTAssertEqual(try world.host.request("GET", "/api/v1/channels/nope").status, 404)
        // A number the account already owns is adopted, not bought twice.
        let owns = try world.host.request("POST", "/api/v1/channels", json: [
            "id": "twice", "plugin_id": "sms", "config": world.config(), "setup": ["operation": "number.buy"]])
        XCTAssertEqual(owns.status, 409, owns.text)
        XCTAssertEqual(owns.json["field"], "phone_number")
    }

    func testSearchListAndReleaseThroughTheAdminOperations() throws {
        world.twilio.addAvailableNumber("+14155550111", sms: true, mms: true, voice: false)
        world.twilio.addAvailableNumber("+12125550122")
        world.twilio.addAvailableNumber("+447700900333", country: "GB", type: "Mobile", region: "London", mms: false)
        try world.addChannel()
        var account = try XCTUnwrap(world.config().objectValue)
        account["phone_number"] = nil

        var search = account
        search["area_code"] = "415"
        let found = try world.host.request("POST", "/api/v1/plugins/sms/operations/numbers.search", json: .object(search))
        XCTAssertEqual(found.status, 200, found.text)
        XCTAssertEqual(found.json["numbers"]?.arrayValue?.compactMap { $0["phone_number"]?.stringValue }, ["+14155550111"])
        XCTAssertEqual(found.json["numbers"]?.arrayValue?.first?["capabilities"]?["voice"], false)
        search = account
        search["voice"] = true
        let voice = try world.host.request("POST", "/api/v1/plugins/sms/operations/numbers.search", json: .object(search))
        XCTAssertEqual(voice.json["numbers"]?.arrayValue?.compactMap { $0["phone_number"]?.stringValue }, ["+12125550122"])
        search = account
        search["country"] = "GB"
        search["type"] = "Mobile"
        let british = try world.host.request("POST", "/api/v1/plugins/sms/operations/numbers.search", json: .object(search))
        XCTAssertEqual(british.json["numbers"]?.arrayValue?.compactMap { $0["phone_number"]?.stringValue }, ["+447700900333"])
        // Bad arguments are named; so is an operation the plugin does not offer, or one run in the wrong scope.
        search = account
        search["area_code"] = "41"
        let bad = try world.host.request("POST", "/api/v1/plugins/sms/operations/numbers.search", json: .object(search))
        XCTAssertEqual(bad.status, 400, bad.text)
        XCTAssertEqual(bad.json["field"], "area_code")
        let noAccount = try world.host.request("POST", "/api/v1/plugins/sms/operations/numbers.search", json: ["country": "US"])
        XCTAssertEqual(noAccount.status, 400, noAccount.text)
        XCTAssertEqual(noAccount.json["field"], "account_sid")
        XCTAssertEqual(try world.host.request("POST", "/api/v1/plugins/sms/operations/numbers.steal", json: .object(account)).status, 404)
        XCTAssertEqual(try world.host.request("POST", "/api/v1/plugins/sms/operations/number.buy", json: .object(account)).status, 400)
        var wrongToken = account
        wrongToken["auth_token_credential"] = "wrong-token"
        try world.host.putCredential("wrong-token", "not the token")
        let denied = try world.host.request("POST", "/api/v1/plugins/sms/operations/numbers.list", json: .object(wrongToken))
        XCTAssertEqual(denied.status, 422, denied.text)
        XCTAssertTrue(denied.text.contains("20003"), denied.text)

        // The account's numbers, each with the instance of this host it points at.
        let listed = try world.host.request("POST", "/api/v1/plugins/sms/operations/numbers.list", json: .object(account))
        XCTAssertEqual(listed.status, 200, listed.text)
        let mine = try XCTUnwrap(listed.json["numbers"]?.arrayValue?.first { $0["phone_number"]?.stringValue == SMSWorld.number })
        XCTAssertEqual(mine["instance_id"], "sms1")
        XCTAssertTrue(mine["sid"]?.stringValue?.hasPrefix("PN") == true)

        // Admin only.
        let agentKey = try world.host.request("POST", "/api/v1/api-keys", json: ["name": "ops", "role": "integrator", "channel_instance_ids": ["sms1"]]).json["key"]?.stringValue
        XCTAssertEqual(try world.host.request("POST", "/api/v1/plugins/sms/operations/numbers.list", json: .object(account), key: agentKey).status, 403)

        // Release gives the number back to Twilio and removes the instance; its conversations stay.
        try world.text("before release")
        let conversation = try world.onlyConversation()
        let released = try world.host.request("POST", "/api/v1/channels/sms1/operations/number.release", json: [:])
        XCTAssertEqual(released.status, 200, released.text)
        XCTAssertEqual(released.json["released"]?.stringValue, SMSWorld.number)
        XCTAssertNil(world.twilio.ownedNumbers.first { $0.phoneNumber == SMSWorld.number })
        XCTAssertEqual(try world.host.request("GET", "/api/v1/channels/sms1").status, 404)
        XCTAssertEqual(try world.host.request("GET", "/api/v1/conversations/\(conversation)").status, 200)
        XCTAssertEqual(try world.host.request("POST", "/api/v1/channels/sms1/operations/number.release", json: [:]).status, 404)
    }

    func testTakingOverAClaimedNumberIsRefusedBeforeAnythingIsBought() throws {
        try world.addChannel()
        let before = world.twilio.ownedNumbers
        let refused = try world.host.request("POST", "/api/v1/channels", json: [
            "id": "thief", "plugin_id": "sms", "config": world.config(), "setup": ["operation": "number.adopt"]])
        XCTAssertEqual(refused.status, 409, refused.text)
        XCTAssertEqual(refused.json["field"], "config.phone_number")
        XCTAssertEqual(world.twilio.ownedNumbers, before, "nothing changed on Twilio")
        XCTAssertEqual(try world.host.request("GET", "/api/v1/channels/thief").status, 404)
        // A configuration the plugin refuses is named with 400 when a setup was asked for.
        let bad = try world.host.request("POST", "/api/v1/channels", json: [
            "id": "badnum", "plugin_id": "sms", "config": world.config(number: "4155550100"), "setup": ["operation": "number.buy"]])
        XCTAssertEqual(bad.status, 400, bad.text)
        XCTAssertEqual(bad.json["field"], "config.phone_number")
        XCTAssertEqual(try world.host.request("GET", "/api/v1/channels/badnum").status, 404)
        // A setup the plugin does not offer on an instance is refused before anything is created.
        for operation in ["number.steal", "numbers.search"] {
            let unknown = try world.host.request("POST", "/api/v1/channels", json: [
                "id": "odd", "plugin_id": "sms", "config": world.config(number: "+14155550144"), "setup": ["operation": .string(operation)]])
            XCTAssertEqual(unknown.status, 400, unknown.text)
            XCTAssertEqual(unknown.json["field"], "setup.operation")
        }
        XCTAssertEqual(try world.host.request("GET", "/api/v1/channels/odd").status, 404)
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

/// `switchboard numbers …` against the real host and the fake Twilio.
final class SMSNumberCLITests: XCTestCase {
    var world: SMSWorld!

    override func setUpWithError() throws { world = try SMSWorld() }
    override func tearDown() { world?.stop() }

    func testSearchBuyListAdoptAndReleaseFromTheCLI() throws {
        world.twilio.addAvailableNumber("+14155550111", voice: false)
        world.twilio.addAvailableNumber("+12125550122")
        let orphan = "+14155550133"
        world.twilio.addOwnedNumber(orphan)
        let account = ["--account-sid", world.twilio.accountSID, "--token-credential", "twilio-token", "--api-base-url", world.twilio.baseURL]

        let search = try HostProcess.cli(["numbers", "search", "--area-code", "415"] + account, host: world.host)
        XCTAssertEqual(search.status, 0, search.output)
        XCTAssertTrue(search.output.contains("+14155550111"), search.output)
        XCTAssertFalse(search.output.contains("+12125550122"), search.output)

        XCTAssertEqual(try world.host.request("POST", "/api/v1/knowledge/import", json: ["collection": "help", "articles": [
            ["title": "Orders", "body": "Your order ships within two days."]]]).status, 200)
        let stack = try world.host.request("PUT", "/api/v1/stacks/orders", json: ["id": "orders", "name": "Orders", "collections": ["help"]])
        XCTAssertTrue((200..<300).contains(stack.status), stack.text)
        let bought = try HostProcess.cli(["numbers", "buy", "+14155550111", "--instance", "orders-sms", "--stack", "orders"] + account, host: world.host)
        XCTAssertEqual(bought.status, 0, bought.output)
        XCTAssertTrue(bought.output.contains("bought +14155550111"), bought.output)
        let instance = try world.channelStatus("orders-sms")
        XCTAssertEqual(instance["state"], "running")
        XCTAssertEqual(instance["binding"]?["kind"], "stack")
        XCTAssertEqual(instance["binding"]?["ref"], "orders")
        XCTAssertEqual(world.twilio.ownedNumbers.first { $0.phoneNumber == "+14155550111" }?.smsURL, SMSWorld.hook("orders-sms"))

        // The second number takes the account from the first instance, and a team.
        let adopted = try HostProcess.cli(["numbers", "adopt", orphan, "--instance", "marketing-sms", "--account-from", "orders-sms"], host: world.host)
        XCTAssertEqual(adopted.status, 0, adopted.output)
        XCTAssertEqual(world.twilio.ownedNumbers.first { $0.phoneNumber == orphan }?.smsURL, SMSWorld.hook("marketing-sms"))

        let list = try HostProcess.cli(["numbers", "list", "--account-from", "orders-sms"], host: world.host)
        XCTAssertEqual(list.status, 0, list.output)
        let line = try XCTUnwrap(list.output.split(separator: "\n").first { $0.contains("+14155550111") })
        XCTAssertTrue(line.contains("orders-sms"), list.output)

        // Refusals exit non-zero with the host's reason.
        let again = try HostProcess.cli(["numbers", "adopt", orphan, "--instance", "other", "--account-from", "orders-sms"], host: world.host)
        XCTAssertNotEqual(again.status, 0)
        XCTAssertTrue(again.output.contains("409") && again.output.contains("marketing-sms"), again.output)

        // The generic doors to admin operations, for any plugin.
        let args = #"{"account_sid": "\#(world.twilio.accountSID)", "auth_token_credential": "twilio-token", "api_base_url": "\#(world.twilio.baseURL)", "country": "US"}"#
        let run = try HostProcess.cli(["plugins", "run", "sms", "numbers.search", "--args", args], host: world.host)
        XCTAssertEqual(run.status, 0, run.output)
        XCTAssertTrue(run.output.contains("\"+12125550122\""), run.output)
        let setup = try HostProcess.cli(["channels", "add", "ny-sms", "--plugin", "sms", "--setup", "number.buy",
                                         "--config", #"{"account_sid": "\#(world.twilio.accountSID)", "auth_token_credential": "twilio-token", "api_base_url": "\#(world.twilio.baseURL)", "phone_number": "+12125550122"}"#],
                                        host: world.host)
        XCTAssertEqual(setup.status, 0, setup.output)
        XCTAssertTrue(setup.output.contains("setup number.buy"), setup.output)
        XCTAssertEqual(world.twilio.ownedNumbers.first { $0.phoneNumber == "+12125550122" }?.smsURL, SMSWorld.hook("ny-sms"))
        let releasedNY = try HostProcess.cli(["channels", "run", "ny-sms", "number.release"], host: world.host)
        XCTAssertEqual(releasedNY.status, 0, releasedNY.output)
        XCTAssertTrue(releasedNY.output.contains("\"released\":\"+12125550122\""), releasedNY.output)

        let released = try HostProcess.cli(["numbers", "release", "marketing-sms"], host: world.host)
        XCTAssertEqual(released.status, 0, released.output)
        XCTAssertNil(world.twilio.ownedNumbers.first { $0.phoneNumber == orphan })
        XCTAssertEqual(try world.host.request("GET", "/api/v1/channels/marketing-sms").status, 404)
    }
}
