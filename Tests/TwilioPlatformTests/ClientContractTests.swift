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

    private func failure<T>(_ result: Result<T, TwilioError>) -> TwilioError? {
        if case .failure(let error) = result { return error }
        return nil
    }
}
