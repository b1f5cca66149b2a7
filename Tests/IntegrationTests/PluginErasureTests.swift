import AmazonFake
import Foundation
import MailgunFake
import MetaFake
import SwitchboardSupport
import TwilioFake
import XCTest

/// Erasure reaching each channel that keeps something about a customer (ABI 1.3 "contact.erased"),
/// through the real host: a contact is erased, the plugin's records of them are gone from the
/// host's plugin_state table (and the plugin behaves as if it never knew them), and the same
/// person writing again starts a new contact and conversation. Email: ErasureTests; Messenger and
/// Instagram: MetaInboundTests; web chat: WebChatTests.
final class PluginErasureTests: XCTestCase {
    /// Erases the contact of `conversation` as an admin; returns the contact id and the report.
    static func erase(_ host: HostProcess, conversation: String) throws -> (contact: String, report: JSON) {
        let contact = try XCTUnwrap(host.request("GET", "/api/v1/conversations/\(conversation)").json["contact_id"]?.stringValue)
        let erased = try host.request("POST", "/api/v1/contacts/\(contact)/erase", json: ["reason": "customer's request"])
        XCTAssertEqual(erased.status, 200, erased.text)
        return (contact, erased.json)
    }

    static func contactID(_ host: HostProcess, _ conversation: String) throws -> String? {
        try host.request("GET", "/api/v1/conversations/\(conversation)").json["contact_id"]?.stringValue
    }

    /// The instance's keys under any of `prefixes`.
    static func keys(_ host: HostProcess, _ instance: String, _ prefixes: [String]) throws -> [String] {
        try ErasureTests.pluginState(host, instance, all: true).filter { key in prefixes.contains { key.hasPrefix($0) } }
    }

    /// Waits until none of the instance's keys start with `prefixes` (the notice is delivered on the
    /// host's privacy thread, after the erase call returned).
    static func waitForgotten(_ host: HostProcess, _ instance: String, _ prefixes: [String], file: StaticString = #filePath, line: UInt = #line) {
        do {
            try host.eventually("\(instance) forgot \(prefixes)") { () -> Bool? in try keys(host, instance, prefixes).isEmpty ? true : nil }
        } catch {
            XCTFail("left in \(instance)'s state: \((try? keys(host, instance, prefixes)) ?? [])\n\(host.log.suffix(2000))", file: file, line: line)
        }
    }

    // MARK: - SMS

    /// A customer's STOP is recorded by the number they texted and, through the Messaging Service,
    /// by the service's other number's instance; their MMS photo is in the host's files; the
    /// conversation's intro decision is kept. Erased: both consent books forget them (the other
    /// instance carried none of their conversations), the intro record and the photo are gone, and
    /// their next text is a new contact whose replies go out.
    func testSMSForgetsConsentAcrossTheMessagingServiceAndANewTextStartsFresh() throws {
        let world = try SMSWorld()
        defer { world.stop() }
        try world.addChannel()
        let service = "MG" + String(repeating: "cd", count: 16)
        let second = "+14155550101"
        world.twilio.addOwnedNumber(second, smsURL: SMSWorld.hook("sms2"))
        world.twilio.addMessagingService(service, numbers: [SMSWorld.number, second])
        try world.host.addChannel("sms2", plugin: "sms", config: world.config(number: second))

        XCTAssertEqual(try world.text("The box arrived broken", media: [(Array("JPEGBYTES".utf8), "image/jpeg")]).status, 200)
        let conversation = try world.onlyConversation()
        // The first reply decides the conversation's intro once (none: it began here).
        XCTAssertEqual(try world.settled(conversation, try world.reply(conversation, "We're on it"))["delivery_status"], "sent")
        XCTAssertEqual(try Self.keys(world.host, "sms1", ["intro/"]), ["intro/" + conversation])
        XCTAssertEqual(try world.text("STOP").status, 200)
        let photo = try XCTUnwrap(world.messages(conversation).first?["attachments"]?.arrayValue?.first?["url"]?.stringValue)
        XCTAssertEqual(try world.file(photo).status, 200)
        let consent = "consent/" + SMSWorld.customer
        XCTAssertEqual(try Self.keys(world.host, "sms1", ["consent/"]), [consent])
        XCTAssertEqual(try Self.keys(world.host, "sms2", ["consent/"]), [consent], "spread through the service")
        let refused = try world.settled(conversation, try world.reply(conversation, "Sorry!"))
        XCTAssertEqual(refused["delivery_status"], "failed", "opted out before the erasure")

        let (contact, report) = try Self.erase(world.host, conversation: conversation)
        XCTAssertEqual(report["plugins_notified"], ["sms1"])
        Self.waitForgotten(world.host, "sms1", ["consent/", "intro/"])
        Self.waitForgotten(world.host, "sms2", ["consent/"])
        XCTAssertEqual(try world.file(photo).status, 404)

        XCTAssertEqual(try world.text("Hello again").status, 200)
        let fresh = try world.host.eventually("a new conversation") { () -> String? in
            try world.conversations().compactMap { $0["id"]?.stringValue }.first { $0 != conversation }
        }
        let newContact = try XCTUnwrap(Self.contactID(world.host, fresh))
        XCTAssertNotEqual(newContact, contact)
        let attributes = try world.host.request("GET", "/api/v1/contacts/\(newContact)").json["attributes"]
        XCTAssertNil(attributes?["sms_consent"]?.stringValue, "nothing of the old consent")
        XCTAssertEqual(try world.settled(fresh, try world.reply(fresh, "Welcome"))["delivery_status"], "sent")
        XCTAssertEqual(world.twilio.sent.map(\.body), ["We're on it", "Welcome"])
    }

    // MARK: - WhatsApp

    /// With read marks on, the customer's newest message id waits per conversation (unread/…).
    /// Erased: the record goes, so opening the old conversation marks nothing read at Meta, and
    /// the customer's next message is a new contact.
    func testWhatsAppForgetsReadStateAndANewMessageStartsFresh() throws {
        let world = try WhatsAppWorld()
        defer { world.stop() }
        var config = try XCTUnwrap(world.config(WhatsAppWorld.numberA).objectValue)
        config["mark_read"] = true
        try world.host.addChannel("wa-a", plugin: "whatsapp", config: .object(config))
        let conversation = try world.customerWrote("My size is 42", id: "wamid.e1")
        XCTAssertEqual(try Self.keys(world.host, "wa-a", ["unread/"]), ["unread/" + conversation])

        let (contact, report) = try Self.erase(world.host, conversation: conversation)
        XCTAssertEqual(report["plugins_notified"], ["wa-a"])
        Self.waitForgotten(world.host, "wa-a", ["unread/"])
        let agent = try world.host.addAgent("desk", role: "admin").key
        XCTAssertEqual(try world.host.request("POST", "/api/v1/conversations/\(conversation)/viewed", key: agent).status, 202)
        Thread.sleep(forTimeInterval: 0.5)
        XCTAssertEqual(world.graph.whatsAppReadMarks, [], "nothing of the erased customer left to mark read")

        let fresh = try world.customerWrote("Me again", id: "wamid.e2")
        XCTAssertNotEqual(fresh, conversation)
        XCTAssertNotEqual(try Self.contactID(world.host, fresh), contact)
        XCTAssertEqual(try Self.keys(world.host, "wa-a", ["unread/"]), ["unread/" + fresh])
    }

    // MARK: - Amazon

    /// A buyer's relay mail with a photo: the instance keeps the conversation by alias and order,
    /// its record, the Message-Id and the file. Erased: all of it goes (as the email channel's),
    /// the photo's link answers 404, and the buyer's next mail about the same order is a new
    /// conversation of a new contact.
    func testAmazonForgetsBuyerThreadsAndFilesAndTheNextMailStartsFresh() throws {
        let world = try AmazonWorld()
        defer { world.stop() }
        let order = "111-2223334-5556667"
        world.amazon.addOrder(FakeSellingPartnerAPI.Order(id: order))
        let first = try world.relay(files: [MultipartFormData.Part(name: "attachment-1", filename: "photo.png", contentType: "image/png",
                                                                   body: Array("png-bytes".utf8))])
        XCTAssertEqual(first.status, 200, first.text)
        let conversation = try XCTUnwrap(first.json["conversation_id"]?.stringValue)
        let photo = try XCTUnwrap(world.messages(conversation).first?["attachments"]?.arrayValue?.first?["url"]?.stringValue)
        XCTAssertEqual(try HTTPClient.perform(HTTPClientRequest(url: photo)).status, 200)
        let buyerRecords = ["bt/", "bc/", "pend/", "mid/", "tok/", "rt/", "thr/", "att/", "atm/"]
        let before = try Self.keys(world.host, world.instance, buyerRecords)
        for prefix in ["bt/", "bc/", "mid/", "att/"] { XCTAssertTrue(before.contains { $0.hasPrefix(prefix) }, "\(prefix) in \(before)") }

        let (contact, report) = try Self.erase(world.host, conversation: conversation)
        XCTAssertEqual(report["plugins_notified"], .array([.string(world.instance)]))
        Self.waitForgotten(world.host, world.instance, buyerRecords)
        XCTAssertEqual(try HTTPClient.perform(HTTPClientRequest(url: photo)).status, 404)

        let again = try world.relay(body: "Still waiting for the kettle.")
        XCTAssertEqual(again.status, 200, again.text)
        let fresh = try XCTUnwrap(again.json["conversation_id"]?.stringValue)
        XCTAssertNotEqual(fresh, conversation, "the same alias and order no longer lead to the erased conversation")
        XCTAssertNotEqual(try Self.contactID(world.host, fresh), contact)
    }

    // MARK: - Slack and the API channel

    /// A customer on the API channel (pull mode) with a reply waiting in the queue, and a Slack
    /// side conversation about them. Erased: the queued reply leaves the pull queue (a poll no
    /// longer returns it), Slack forgets the thread both ways, and the customer's next message
    /// is a new contact and conversation.
    func testSlackForgetsSideThreadsAndTheAPIChannelDropsQueuedRepliesAndANewMessageStartsFresh() throws {
        let world = try SlackWorld()
        defer { world.stop() }
        let conversation = try world.customerConversation()
        let reply = try world.host.request("POST", "/api/v1/conversations/\(conversation)/messages", json: ["text": "Your parcel is at 1 Main St"])
        XCTAssertEqual(reply.status, 202, reply.text)
        _ = try world.host.eventually("the reply queued") { () -> Bool? in
            try Self.keys(world.host, "crm", ["out/"]).isEmpty ? nil : true
        }
        let started = try world.start(conversation, slack: ["channel": .string(SlackWorld.vendors)])
        XCTAssertEqual(started.status, 201, started.text)
        let side = try XCTUnwrap(started.json["id"]?.stringValue)
        _ = try world.settledFirst(side)
        XCTAssertEqual(try Self.keys(world.host, "slack1", ["side/"]), ["side/" + side])
        XCTAssertEqual(try Self.keys(world.host, "slack1", ["thr/"]).count, 1)

        let (contact, report) = try Self.erase(world.host, conversation: conversation)
        XCTAssertEqual(report["plugins_notified"], ["crm", "slack1"])
        Self.waitForgotten(world.host, "slack1", ["side/", "thr/"])
        Self.waitForgotten(world.host, "crm", ["out/"])
        let pulled = try world.host.request("GET", "/hooks/crm/messages?after=0", key: "crm-secret")
        XCTAssertEqual(pulled.status, 200, pulled.text)
        XCTAssertFalse(pulled.text.contains("Main St"), pulled.text)

        let again = try world.host.request("POST", "/hooks/crm/messages", json: ["external_id": "cust-1", "message_id": "m-again", "text": "Hello again"],
                                           key: "crm-secret")
        let fresh = try XCTUnwrap(again.json["conversation_id"]?.stringValue, again.text)
        XCTAssertNotEqual(fresh, conversation)
        XCTAssertNotEqual(try Self.contactID(world.host, fresh), contact)
    }

    // MARK: - Telegram (plain C)

    /// The C plugin remembers each conversation's chat (for typing indicators). Erased: the record
    /// goes, an agent typing in the old conversation reaches nobody, and Ann's next message is a
    /// new contact and conversation.
    func testTelegramForgetsTheChatAndANewMessageStartsFresh() throws {
        let world = try TelegramWorld()
        defer { world.stop() }
        XCTAssertEqual(world.send(1, text: "Where is my order?").status, 200)
        let chat = TelegramWorld.annChat["id"]?.intValue ?? 0
        let conversation = try world.conversation(with: chat)
        XCTAssertEqual(try Self.keys(world.host, "tg1", ["chat:"]), ["chat:" + conversation])

        let (contact, report) = try Self.erase(world.host, conversation: conversation)
        XCTAssertEqual(report["plugins_notified"], ["tg1"])
        Self.waitForgotten(world.host, "tg1", ["chat:", "sent:"])
        XCTAssertLessThan(try world.host.request("POST", "/api/v1/conversations/\(conversation)/typing").status, 300)
        Thread.sleep(forTimeInterval: 0.5)
        XCTAssertTrue(world.telegram.chatActions.isEmpty, "the erased chat is not known any more")

        XCTAssertEqual(world.send(2, text: "Me again").status, 200)
        let fresh = try world.host.eventually("a new conversation") { () -> String? in
            let id = try world.conversation(with: chat)
            return id == conversation ? nil : id
        }
        XCTAssertNotEqual(try Self.contactID(world.host, fresh), contact)
        XCTAssertEqual(try Self.keys(world.host, "tg1", ["chat:"]), ["chat:" + fresh])
    }
}
