import MetaFake
import SwitchboardSupport
import SwitchboardTransport
import XCTest

/// The fake Graph API refuses what Meta refuses (Plugins/Meta/FakeGraphAPI.md), so the Messenger
/// and Instagram channels cannot pass their tests against a contract Meta would reject.
final class FakeGraphAPITests: XCTestCase {
    static let token = "EAAG-test-token"
    static let page = "110000000000001"
    static let instagram = "17841400000000001"
    static let user = "7000000000000001"
    static let t0: Int64 = 1_800_000_000_000
    static let hour: Int64 = 3_600_000

    var graph: FakeGraphAPI!
    let clock = Locked<Int64>(FakeGraphAPITests.t0)

    override func setUpWithError() throws {
        graph = try FakeGraphAPI()
        graph.addPage(id: Self.page, name: "Acme Support")
        graph.addInstagramAccount(id: Self.instagram, username: "acme")
        let clock = self.clock
        graph.setClock { clock.withLock { $0 } }
    }

    override func tearDown() { graph?.stop() }

    // MARK: helpers

    struct Answer {
        var status: Int
        var json: JSON
        var text: String
        var code: Int? { json["error"]?["code"]?.intValue }
        var subcode: Int? { json["error"]?["error_subcode"]?.intValue }
        var message: String { json["error"]?["message"]?.stringValue ?? "" }
    }

    func call(_ method: String, _ path: String, json: JSON? = nil, body: [UInt8]? = nil, contentType: String? = nil,
              token: String? = FakeGraphAPITests.token) throws -> Answer {
        var headers: [(String, String)] = []
        if let token { headers.append(("Authorization", "Bearer \(token)")) }
        var bytes = body ?? []
        if let json {
            bytes = Array(json.serialized.utf8)
            headers.append(("Content-Type", "application/json"))
        } else if let contentType {
            headers.append(("Content-Type", contentType))
        }
        let response = try HTTPClient.perform(HTTPClientRequest(method: method, url: graph.baseURL + path, headers: headers, body: bytes))
        return Answer(status: response.status, json: (try? JSON.parse(response.body)) ?? .null, text: response.text)
    }

    func send(_ body: JSON, from asset: String = FakeGraphAPITests.page) throws -> Answer {
        try call("POST", "/v23.0/\(asset)/messages", json: body)
    }

    func text(_ text: String, to user: String = FakeGraphAPITests.user, type: String = "RESPONSE", tag: String? = nil) -> JSON {
        var body: JSONObject = ["recipient": ["id": .string(user)], "messaging_type": .string(type), "message": ["text": .string(text)]]
        if let tag { body["tag"] = .string(tag) }
        return .object(body)
    }

    func advance(to ms: Int64) { clock.withLock { $0 = ms } }

    func assertGraphError(_ answer: Answer, status: Int = 400, code: Int, subcode: Int? = nil, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(answer.status, status, answer.text, file: file, line: line)
        XCTAssertEqual(answer.code, code, answer.text, file: file, line: line)
        XCTAssertEqual(answer.subcode, subcode, answer.text, file: file, line: line)
        XCTAssertNotNil(answer.json["error"]?["type"]?.stringValue, answer.text, file: file, line: line)
        XCTAssertNotNil(answer.json["error"]?["fbtrace_id"]?.stringValue, answer.text, file: file, line: line)
    }

    // MARK: paths and tokens

    func testWrongOrMissingVersionIsAnUnknownPath() throws {
        let wrong = try call("GET", "/v99.0/\(Self.page)?fields=name")
        assertGraphError(wrong, code: 2500)
        XCTAssertEqual(wrong.message, "Unknown path components: /\(Self.page)")
        assertGraphError(try call("POST", "/\(Self.page)/messages", json: text("hi")), code: 2500)
        XCTAssertTrue(graph.sent.isEmpty)
    }

    func testTokenMissingWrongOrRevoked() throws {
        graph.recordCustomerMessage(assetID: Self.page, userID: Self.user, atMs: Self.t0)
        let missing = try call("POST", "/v23.0/\(Self.page)/messages", json: text("hi"), token: nil)
        assertGraphError(missing, code: 104)
        XCTAssertTrue(missing.message.hasPrefix("An access token is required"))
        assertGraphError(try call("POST", "/v23.0/\(Self.page)/messages", json: text("hi"), token: "EAAG-someone-else"), code: 190)
        // The token as a query parameter works as well as the header.
        let byQuery = try call("POST", "/v23.0/\(Self.page)/messages?access_token=\(Self.token)", json: text("hi"), token: nil)
        XCTAssertEqual(byQuery.status, 200, byQuery.text)

        graph.revokeToken()
        let revoked = try send(text("hi"))
        assertGraphError(revoked, code: 190, subcode: 460)
        XCTAssertTrue(revoked.message.hasPrefix("Error validating access token"))
        XCTAssertEqual(graph.sent.count, 1)
        XCTAssertEqual(graph.received.count, 4)
    }

    // MARK: the messaging window

    func testResponsesOnlyWithin24HoursOfTheCustomersLastMessage() throws {
        let stranger = try send(text("hello?"))
        assertGraphError(stranger, code: 10, subcode: 2018278)   // never wrote

        graph.recordCustomerMessage(assetID: Self.page, userID: Self.user, atMs: Self.t0)
        advance(to: Self.t0 + 23 * Self.hour)
        let inside = try send(text("Thanks, looking into it"))
        XCTAssertEqual(inside.status, 200, inside.text)
        XCTAssertEqual(inside.json["recipient_id"]?.stringValue, Self.user)
        let messageID = try XCTUnwrap(inside.json["message_id"]?.stringValue)
        XCTAssertTrue(messageID.hasPrefix("m_"))
        XCTAssertEqual(graph.sent.last?.messageID, messageID)
        XCTAssertEqual(graph.sent.last?.text, "Thanks, looking into it")
        XCTAssertEqual(graph.sent.last?.messagingType, "RESPONSE")

        let typing = try send(["recipient": ["id": .string(Self.user)], "sender_action": "typing_on"])
        XCTAssertEqual(typing.status, 200, typing.text)
        XCTAssertNil(typing.json["message_id"])
        XCTAssertEqual(graph.sent.last?.senderAction, "typing_on")

        advance(to: Self.t0 + 24 * Self.hour + 1000)
        assertGraphError(try send(text("Still there?")), code: 10, subcode: 2018278)
        assertGraphError(try send(text("Update", type: "UPDATE")), code: 10, subcode: 2018278)
        assertGraphError(try send(["recipient": ["id": .string(Self.user)], "sender_action": "mark_seen"]), code: 10, subcode: 2018278)
        XCTAssertEqual(graph.sent.count, 2)
    }

    func testHumanAgentTagWithinSevenDaysOnly() throws {
        graph.recordCustomerMessage(assetID: Self.page, userID: Self.user, atMs: Self.t0)
        advance(to: Self.t0 + 3 * 24 * Self.hour)
        assertGraphError(try send(text("An agent here")), code: 10, subcode: 2018278)
        let agent = try send(text("An agent here", type: "MESSAGE_TAG", tag: "HUMAN_AGENT"))
        XCTAssertEqual(agent.status, 200, agent.text)
        XCTAssertEqual(graph.sent.last?.tag, "HUMAN_AGENT")

        advance(to: Self.t0 + 7 * 24 * Self.hour + 1000)
        assertGraphError(try send(text("Too late", type: "MESSAGE_TAG", tag: "HUMAN_AGENT")), code: 10, subcode: 2018278)
        XCTAssertEqual(graph.sent.count, 1)
    }

    func testRetiredTagsAndMisusedTagsAreRefused() throws {
        graph.recordCustomerMessage(assetID: Self.page, userID: Self.user, atMs: Self.t0)
        for tag in ["CONFIRMED_EVENT_UPDATE", "POST_PURCHASE_UPDATE", "ACCOUNT_UPDATE"] {
            let retired = try send(text("Your order shipped", type: "MESSAGE_TAG", tag: tag))
            assertGraphError(retired, code: 100)
            XCTAssertTrue(retired.message.contains("retired"), retired.message)
        }
        assertGraphError(try send(text("hi", type: "RESPONSE", tag: "HUMAN_AGENT")), code: 100)
        assertGraphError(try send(text("hi", type: "MESSAGE_TAG")), code: 100)
        assertGraphError(try send(text("hi", type: "PROMOTIONAL")), code: 100)
        XCTAssertTrue(graph.sent.isEmpty)
    }

    // MARK: the body

    func testTextLimitsAndShapeRules() throws {
        graph.recordCustomerMessage(assetID: Self.page, userID: Self.user, atMs: Self.t0)
        graph.recordCustomerMessage(assetID: Self.instagram, userID: Self.user, atMs: Self.t0)
        XCTAssertEqual(try send(text(String(repeating: "é", count: 2000))).status, 200)
        assertGraphError(try send(text(String(repeating: "a", count: 2001))), code: 100)
        // Instagram: 1,000 characters, and messaging_type may be left out.
        let igBody: JSON = ["recipient": ["id": .string(Self.user)], "message": ["text": .string(String(repeating: "a", count: 1000))]]
        XCTAssertEqual(try send(igBody, from: Self.instagram).status, 200)
        assertGraphError(try send(text(String(repeating: "a", count: 1001)), from: Self.instagram), code: 100)
        // Messenger requires messaging_type.
        assertGraphError(try send(["recipient": ["id": .string(Self.user)], "message": ["text": "hi"]]), code: 100)

        assertGraphError(try send(["recipient": ["id": .string(Self.user)], "messaging_type": "RESPONSE", "message": ["text": "hi"], "priority": "high"]), code: 100)
        assertGraphError(try send(["recipient": ["id": .string(Self.user)], "messaging_type": "RESPONSE", "message": ["text": "hi", "subject": "x"]]), code: 100)
        assertGraphError(try send(["recipient": ["id": .string(Self.user)], "messaging_type": "RESPONSE", "message": ["text": "hi"], "sender_action": "typing_on"]), code: 100)
        assertGraphError(try send(["messaging_type": "RESPONSE", "message": ["text": "hi"]]), code: 100)
        assertGraphError(try send(["recipient": ["id": .string(Self.user)], "sender_action": "typing"]), code: 100)
        assertGraphError(try send(text("")), code: 100)

        func replies(_ count: Int, title: String = "Yes") -> JSON {
            ["recipient": ["id": .string(Self.user)], "messaging_type": "RESPONSE",
             "message": ["text": "Pick one", "quick_replies": .array((0..<count).map { ["content_type": "text", "title": .string(title), "payload": .string("P\($0)")] })]]
        }
        let thirteen = try send(replies(13))
        XCTAssertEqual(thirteen.status, 200, thirteen.text)
        XCTAssertEqual(graph.sent.last?.quickReplies.count, 13)
        assertGraphError(try send(replies(14)), code: 100)
        assertGraphError(try send(replies(1, title: String(repeating: "t", count: 21))), code: 100)
        XCTAssertEqual(graph.sent.count, 3)
    }

    // MARK: attachments

    func testUploadThenSendByAttachmentID() throws {
        graph.recordCustomerMessage(assetID: Self.page, userID: Self.user, atMs: Self.t0)
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 1, 2, 3]
        let message = #"{"attachment":{"type":"image","payload":{"is_reusable":true}}}"#
        let (contentType, body) = MultipartFormData.encode([
            MultipartFormData.Part(name: "message", value: message),
            MultipartFormData.Part(name: "filedata", filename: "receipt.png", contentType: "image/png", body: png),
        ])
        let uploaded = try call("POST", "/v23.0/\(Self.page)/message_attachments", body: body, contentType: contentType)
        XCTAssertEqual(uploaded.status, 200, uploaded.text)
        let id = try XCTUnwrap(uploaded.json["attachment_id"]?.stringValue)
        XCTAssertEqual(graph.uploads.first?.bytes, png)
        XCTAssertEqual(graph.uploads.first?.filename, "receipt.png")
        XCTAssertEqual(graph.uploads.first?.type, "image")

        func byID(_ id: String) -> JSON {
            ["recipient": ["id": .string(Self.user)], "messaging_type": "RESPONSE",
             "message": ["attachment": ["type": "image", "payload": ["attachment_id": .string(id)]]]]
        }
        let sent = try send(byID(id))
        XCTAssertEqual(sent.status, 200, sent.text)
        XCTAssertEqual(graph.sent.last?.attachmentID, id)
        assertGraphError(try send(byID("999999")), code: 100)

        let (noFileType, noFile) = MultipartFormData.encode([MultipartFormData.Part(name: "message", value: message)])
        assertGraphError(try call("POST", "/v23.0/\(Self.page)/message_attachments", body: noFile, contentType: noFileType), code: 100)
        let (noMessageType, noMessage) = MultipartFormData.encode([
            MultipartFormData.Part(name: "filedata", filename: "a.png", contentType: "image/png", body: png)])
        assertGraphError(try call("POST", "/v23.0/\(Self.page)/message_attachments", body: noMessage, contentType: noMessageType), code: 100)
        XCTAssertEqual(graph.uploads.count, 1)
    }

    func testHostedMediaIsPublicUntilItExpires() throws {
        let url = graph.hostMedia([1, 2, 3], contentType: "image/jpeg", ttlSeconds: 60)
        XCTAssertNotEqual(url, graph.hostMedia([1, 2, 3], contentType: "image/jpeg", ttlSeconds: 60))
        let fresh = try HTTPClient.perform(HTTPClientRequest(url: url))
        XCTAssertEqual(fresh.status, 200)
        XCTAssertEqual(fresh.body, [1, 2, 3])
        XCTAssertEqual(fresh.header("Content-Type"), "image/jpeg")
        advance(to: Self.t0 + 61_000)
        XCTAssertEqual(try HTTPClient.perform(HTTPClientRequest(url: url)).status, 403)
        XCTAssertEqual(try HTTPClient.perform(HTTPClientRequest(url: graph.baseURL + "/cdn/v/t1.15752-9/guess_n.jpg")).status, 404)
    }

    // MARK: profiles and assets

    func testProfileLookUps() throws {
        graph.addUser(id: Self.user, firstName: "Ann", lastName: nil, name: "Ann")
        let profile = try call("GET", "/v23.0/\(Self.user)?fields=first_name,last_name,profile_pic")
        XCTAssertEqual(profile.status, 200, profile.text)
        XCTAssertEqual(profile.json, ["first_name": "Ann", "id": .string(Self.user)])
        assertGraphError(try call("GET", "/v23.0/7000000000000099?fields=first_name,last_name"), code: 100, subcode: 2018218)
        assertGraphError(try call("GET", "/v23.0/\(Self.user)?fields=email"), code: 100)

        XCTAssertEqual(try call("GET", "/v23.0/\(Self.page)?fields=name").json, ["name": "Acme Support", "id": .string(Self.page)])
        XCTAssertEqual(try call("GET", "/v23.0/\(Self.instagram)?fields=username").json, ["username": "acme", "id": .string(Self.instagram)])

        graph.removePermission(assetID: Self.page)
        assertGraphError(try call("GET", "/v23.0/\(Self.page)?fields=name"), code: 100, subcode: 33)
        graph.recordCustomerMessage(assetID: Self.page, userID: Self.user, atMs: Self.t0)
        assertGraphError(try send(text("hi")), status: 403, code: 200)
        assertGraphError(try send(text("hi"), from: "120000000000009"), code: 100, subcode: 33)
    }

    func testRateLimitAndUnavailablePerson() throws {
        graph.recordCustomerMessage(assetID: Self.page, userID: Self.user, atMs: Self.t0)
        graph.rateLimitNext(2)
        assertGraphError(try send(text("one")), code: 613)
        assertGraphError(try send(text("two")), code: 613)
        XCTAssertEqual(try send(text("three")).status, 200)

        graph.makeUnavailable(userID: Self.user)
        assertGraphError(try send(text("four")), code: 551, subcode: 1545041)
        XCTAssertEqual(graph.sent.map(\.text), ["three"])
    }

    // MARK: webhooks

    func testSignaturesMatchIndependentlyComputedVectors() {
        // printf '%s' "$body" | openssl dgst -sha256 -hmac app-secret-42  (and -sha1)
        let body = Array(#"{"object":"page","entry":[{"id":"123","time":1,"messaging":[]}]}"#.utf8)
        XCTAssertEqual(MetaWebhookSigner.signature256(body: body, appSecret: "app-secret-42"),
                       "sha256=ccec8025f28274f421c2984c487d398b10d74ced6db68ac4e1c62837ee6d1e4c")
        XCTAssertEqual(MetaWebhookSigner.signature1(body: body, appSecret: "app-secret-42"),
                       "sha1=42fb6bcedd16805641f797dc3a46feab63b4ea78")
    }

    func testPostedWebhookIsSignedOverMetasEscapedBytesAndOpensTheWindow() throws {
        let receiver = try FakeProvider { _ in HTTPResponse.text(200, "EVENT_RECEIVED") }
        defer { receiver.stop() }
        let url = graph.hostMedia([9], contentType: "image/png")
        let body = MetaPayloads.messengerBatch([(pageID: Self.page, events: [
            MetaPayloads.text(from: Self.user, to: Self.page, mid: "m_1", text: "Grüße 😀", timestampMs: Self.t0),
            MetaPayloads.attachment(from: Self.user, to: Self.page, mid: "m_2", type: "image", url: url, timestampMs: Self.t0),
        ])])
        XCTAssertTrue(body.contains(#"Gr\u00fc\u00dfe \ud83d\ude00"#), body)
        XCTAssertTrue(body.contains(#"http:\/\/127.0.0.1"#), body)
        XCTAssertEqual(try JSON.parse(body)["entry"]?.arrayValue?.first?["messaging"]?.arrayValue?.first?["message"]?["text"], "Grüße 😀")

        let answer = try graph.postWebhook(body, to: receiver.baseURL + "/hooks/messenger", appSecret: "app-secret-42")
        XCTAssertEqual(answer.status, 200)
        let got = try XCTUnwrap(receiver.received.withLock { $0.first })
        XCTAssertEqual(got.text, body)
        XCTAssertEqual(got.header("X-Hub-Signature-256"), MetaWebhookSigner.signature256(body: got.body, appSecret: "app-secret-42"))
        XCTAssertEqual(got.header("X-Hub-Signature"), MetaWebhookSigner.signature1(body: got.body, appSecret: "app-secret-42"))
        XCTAssertEqual(got.header("Content-Type"), "application/json")

        advance(to: Self.t0 + Self.hour)
        XCTAssertEqual(try send(text("Hi Ann")).status, 200)
    }
}
