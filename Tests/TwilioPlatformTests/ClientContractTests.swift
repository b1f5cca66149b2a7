import PluginKit
import TwilioFake
import TwilioPlatform
import XCTest

/// The Twilio client against the fake Twilio: basic auth and the account in every path, the
/// field names, the error shape, media behind credentials, and number provisioning.
final class ClientContractTests: XCTestCase {
    var fake: FakeTwilio!
    var client: TwilioClient!
    let ours = "+14155550100"

    override func setUpWithError() throws {
        fake = try FakeTwilio()
        fake.addOwnedNumber(ours)
        client = TwilioClient(account: TwilioAccount(accountSID: fake.accountSID, authToken: fake.authToken, baseURL: fake.baseURL),
                              transport: LoopbackTransport.transport)
    }

    override func tearDown() { fake.stop() }

    func testSendsWithTwiliosFieldNames() throws {
        let request = MessageRequest(to: "+14155550123", sender: .number(ours), body: "Hello", mediaURLs: ["https://files.example/a.png"],
                                     statusCallback: "https://support.example/hooks/s/sms/status")
        let accepted = try client.sendMessage(request, timeoutMs: 5_000).get()
        XCTAssertTrue(accepted.sid.hasPrefix("MM"))
        XCTAssertEqual(accepted.status, "queued")
        let sent = try XCTUnwrap(fake.sent.first)
        XCTAssertEqual(sent.fields.map(\.0), ["To", "From", "Body", "MediaUrl", "StatusCallback"])
        XCTAssertEqual(sent.statusCallback, "https://support.example/hooks/s/sms/status")
        let call = try XCTUnwrap(fake.received.last)
        XCTAssertEqual(call.path, "/2010-04-01/Accounts/\(fake.accountSID)/Messages.json")
        XCTAssertEqual(call.header("Content-Type"), "application/x-www-form-urlencoded")
    }

    func testTwilioErrorsKeepTheirCodeAndMessage() {
        let invalid = MessageRequest(to: "555-0100", sender: .number(ours), body: "x")
        XCTAssertEqual(failure(client.sendMessage(invalid, timeoutMs: 5_000)), TwilioError(httpStatus: 400, code: 21211, message: "The 'To' number 555-0100 is not a valid phone number."))
        let notOurs = MessageRequest(to: "+14155550123", sender: .number("+14155559999"), body: "x")
        XCTAssertEqual(failure(client.sendMessage(notOurs, timeoutMs: 5_000))?.code, 21606)
        fake.optOut("+14155550123", from: ours)
        let optedOut = failure(client.sendMessage(MessageRequest(to: "+14155550123", sender: .number(ours), body: "x"), timeoutMs: 5_000))
        XCTAssertEqual(optedOut?.isOptOut, true)
        XCTAssertEqual(optedOut?.isTemporary, false)
        fake.failNext(status: 503)
        XCTAssertEqual(failure(client.sendMessage(MessageRequest(to: "+14155550124", sender: .number(ours), body: "x"), timeoutMs: 5_000))?.isTemporary, true)
    }

    func testWrongCredentialsOrAnotherAccountAreRefused() {
        let wrong = TwilioClient(account: TwilioAccount(accountSID: fake.accountSID, authToken: "nope", baseURL: fake.baseURL),
                                 transport: LoopbackTransport.transport)
        XCTAssertEqual(failure(wrong.sendMessage(MessageRequest(to: "+14155550123", sender: .number(ours), body: "x"), timeoutMs: 5_000))?.code, 20003)
        let other = "AC" + String(repeating: "b2", count: 16)
        let elsewhere = TwilioClient(account: TwilioAccount(accountSID: other, authToken: fake.authToken, baseURL: fake.baseURL),
                                     transport: LoopbackTransport.transport)
        XCTAssertEqual(failure(elsewhere.ownedNumbers())?.code, 20003, "the SID in the credentials is another account's")
    }

    func testAPIKeyPairAuthenticates() throws {
        fake.stop()
        fake = try FakeTwilio(apiKey: (sid: "SK" + String(repeating: "c3", count: 16), secret: "key-secret"))
        fake.addOwnedNumber(ours)
        let keyed = TwilioClient(account: TwilioAccount(accountSID: fake.accountSID, authToken: fake.authToken,
                                                        apiKeySID: "SK" + String(repeating: "c3", count: 16), apiKeySecret: "key-secret",
                                                        baseURL: fake.baseURL), transport: LoopbackTransport.transport)
        XCTAssertEqual(try keyed.ownedNumbers().get().map(\.phoneNumber), [ours])
    }

    func testMediaNeedsTheAccountsCredentialsAndFollowsTheRedirect() throws {
        let url = fake.hostMedia([1, 2, 3], contentType: "image/png", messageSID: "MM" + String(repeating: "0", count: 32))
        let media = try client.downloadMedia(url, timeoutMs: 5_000).get()
        XCTAssertEqual(media.bytes, [1, 2, 3])
        XCTAssertEqual(media.contentType, "image/png")
        let anonymous = TwilioClient(account: TwilioAccount(accountSID: fake.accountSID, authToken: "wrong", baseURL: fake.baseURL),
                                     transport: LoopbackTransport.transport)
        XCTAssertEqual(failure(anonymous.downloadMedia(url, timeoutMs: 5_000))?.httpStatus, 401)
    }

    func testSearchBuyListAdoptRelease() throws {
        fake.addAvailableNumber("+14155550142", region: "CA")
        fake.addAvailableNumber("+12125550142", region: "NY", mms: false)
        fake.addAvailableNumber("+442071234567", country: "GB", region: "London")
        let found = try client.searchNumbers(NumberSearch(country: "US", areaCode: "415", contains: "0142", smsEnabled: true)).get()
        XCTAssertEqual(found.map(\.phoneNumber), ["+14155550142"])
        XCTAssertTrue(found[0].sms && found[0].mms && found[0].voice)
        XCTAssertEqual(try client.searchNumbers(NumberSearch(country: "US", mmsEnabled: true)).get().map(\.phoneNumber), ["+14155550142"])
        XCTAssertNotNil(failure(client.searchNumbers(NumberSearch(country: "us"))), "a country in lower case is refused before Twilio is called")

        let bought = try client.buyNumber("+14155550142", smsURL: "https://support.example/hooks/new/sms").get()
        XCTAssertTrue(bought.sid?.hasPrefix("PN") ?? false)
        XCTAssertTrue(bought.pointsAt(smsURL: "https://support.example/hooks/new/sms"))
        XCTAssertEqual(failure(client.buyNumber("+14155550142", smsURL: nil))?.code, 21422, "sold once")

        let owned = try client.ownedNumbers().get()
        XCTAssertEqual(Set(owned.map(\.phoneNumber)), [ours, "+14155550142"])
        var adopted = try client.ownedNumber(ours).get()
        XCTAssertNil(adopted.smsURL)
        adopted = try client.pointNumber(sid: adopted.sid!, smsURL: "https://support.example/hooks/main/sms").get()
        XCTAssertTrue(adopted.pointsAt(smsURL: "https://support.example/hooks/main/sms"))
        XCTAssertEqual(fake.ownedNumbers.first { $0.phoneNumber == ours }?.smsURL, "https://support.example/hooks/main/sms")
        XCTAssertEqual(failure(client.ownedNumber("+19995550000"))?.code, 20404)

        try client.releaseNumber(sid: bought.sid!).get()
        XCTAssertEqual(try client.ownedNumbers().get().map(\.phoneNumber), [ours])
        XCTAssertEqual(failure(client.releaseNumber(sid: bought.sid!))?.code, 20404)
    }

    func testAMessagingServicesNumbersComeFromTheMessagingAPI() throws {
        let service = "MG" + String(repeating: "0f", count: 16)
        fake.addMessagingService(service, numbers: [ours, "+14155550101"])
        XCTAssertEqual(try client.serviceNumbers(service, timeoutMs: 5_000).get(), [ours, "+14155550101"])
        XCTAssertEqual(fake.received.last?.path, "/v1/Services/\(service)/PhoneNumbers")
        XCTAssertEqual(failure(client.serviceNumbers("MG" + String(repeating: "1", count: 32), timeoutMs: 5_000))?.code, 20404)
        XCTAssertEqual(failure(client.serviceNumbers("PN123", timeoutMs: 5_000))?.httpStatus, 400)
        // The real API's messaging host sits beside api.twilio.com.
        XCTAssertEqual(TwilioAccount(accountSID: fake.accountSID, authToken: "t").messagingBaseURL, "https://messaging.twilio.com")
    }

    func testNumberAdminNamesWhatItRefusesAndWhereANumberPoints() throws {
        var args: JSONObject = ["area_code": "41"]
        XCTAssertEqual(adminFailure { try NumberAdmin.search(AdminRequest(operation: "numbers.search", args: args), client: client) }?.field, "area_code")
        args = ["country": "usa"]
        XCTAssertEqual(adminFailure { try NumberAdmin.search(AdminRequest(operation: "numbers.search", args: args), client: client) }?.field, "country")
        args = ["limit": 500]
        XCTAssertEqual(adminFailure { try NumberAdmin.search(AdminRequest(operation: "numbers.search", args: args), client: client) }?.field, "limit")
        args = ["sms": "yes"]
        XCTAssertEqual(adminFailure { try NumberAdmin.search(AdminRequest(operation: "numbers.search", args: args), client: client) }?.field, "sms")
        fake.addAvailableNumber("+14155550142", voice: false)
        args = ["area_code": "415", "sms": true]
        let found = try NumberAdmin.search(AdminRequest(operation: "numbers.search", args: args), client: client)
        XCTAssertEqual(found["numbers"]?.arrayValue?.compactMap { $0["phone_number"]?.stringValue }, ["+14155550142"])
        XCTAssertEqual(fake.received.last?.query.first { $0.0 == "SmsEnabled" }?.1, "true")
        XCTAssertNil(fake.received.last?.query.first { $0.0 == "VoiceEnabled" }, "false means: no matter")

        let base = "https://support.example"
        XCTAssertEqual(NumberAdmin.instance(in: base + "/hooks/orders-sms/sms", publicBaseURL: base, hookPath: "/sms"), "orders-sms")
        XCTAssertNil(NumberAdmin.instance(in: base + "/hooks/orders-sms/sms/status", publicBaseURL: base, hookPath: "/sms"))
        XCTAssertNil(NumberAdmin.instance(in: "https://old-helpdesk.example/hooks/a/sms", publicBaseURL: base, hookPath: "/sms"))
        XCTAssertEqual(NumberAdmin.failure(TwilioError(httpStatus: 400, code: 21422, message: "x")).status, 422)
        XCTAssertEqual(NumberAdmin.failure(TwilioError(httpStatus: 404, code: 20404, message: "x")).status, 404)
        XCTAssertEqual(NumberAdmin.failure(TwilioError(httpStatus: 503, message: "x")).status, 502)
        XCTAssertEqual(NumberAdmin.failure(TwilioError(httpStatus: 0, message: "unreachable")).status, 502)
    }

    private func adminFailure(_ body: () throws -> JSON) -> AdminFailure? {
        do { _ = try body() } catch { return error as? AdminFailure }
        return nil
    }

    private func failure<T>(_ result: Result<T, TwilioError>) -> TwilioError? {
        if case .failure(let error) = result { return error }
        return nil
    }
}
