import Foundation
import MetaFake
import SwitchboardSupport
import XCTest

/// WhatsApp inbound through the real host and the fake Graph API: one callback URL for the app,
/// every message and status of a batch on the instance that claimed its number (Chatwoot keeps
/// only the first), BSUID-only customers, media kept or visibly unavailable, and nothing stored
/// without Meta's signature.
final class WhatsAppInboundTests: XCTestCase {
    var world: WhatsAppWorld!

    override func setUpWithError() throws {
        world = try WhatsAppWorld()
        try world.addBothNumbers()
    }

    override func tearDown() { world?.stop() }

    func testTheHandshakeAndTheStatusShowTheNumber() throws {
        let hook = WhatsAppWorld.hook
        let ok = try world.host.request("GET", hook + "?hub.mode=subscribe&hub.verify_token=\(WhatsAppWorld.verifyToken)&hub.challenge=8841")
        XCTAssertEqual(ok.status, 200, ok.text)
        XCTAssertEqual(ok.text, "8841")
        XCTAssertEqual(try world.host.request("GET", hook + "?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1").status, 403)
        let status = try world.host.eventually("wa-b's number in its status") { () -> JSON? in
            let s = try world.pluginStatus("wa-b")
            return s["verified_name"]?.stringValue == nil ? Optional<JSON>.none : s
        }
        XCTAssertEqual(status["webhook_url"]?.stringValue, world.host.baseURL + hook)
        XCTAssertEqual(status["verified_name"], "Acme Outlet")
        XCTAssertEqual(status["display_phone_number"]?.stringValue, WhatsAppWorld.displayB)
        XCTAssertEqual(status["quality_rating"], "YELLOW")
        XCTAssertEqual(status["messaging_limit"], "TIER_1K")
        XCTAssertEqual(status["token_ok"], true)
        XCTAssertEqual(status["switch_link"]?.stringValue, "https://wa.me/15550101002?text=Code%3A%20{ticket}")
    }

    func testEveryMessageOfABatchForTwoNumbersIsStoredAndABSUIDOnlyCustomerIsKnownByIt() throws {
        let now = MetaWorld.time()
        let batch = WhatsAppPayloads.batch([(wabaID: WhatsAppWorld.waba, changes: [
            world.change(contacts: [WhatsAppPayloads.contact(name: "Ann Lee", waID: "4915112345678", userID: "DE.1502000000000007")], messages: [
                WhatsAppPayloads.text("Hi, where is my order?", id: "wamid.a1", from: "4915112345678", fromUserID: "DE.1502000000000007", timestampMs: now),
                WhatsAppPayloads.text("It is #1042", id: "wamid.a2", from: "4915112345678", fromUserID: "DE.1502000000000007", timestampMs: now + 1000),
            ]),
            // A user with a username and no phone number: known by the BSUID alone.
            world.change(WhatsAppWorld.numberB, contacts: [WhatsAppPayloads.contact(name: "bob.builds", waID: nil, userID: "US.1502000000000099")],
                         messages: [WhatsAppPayloads.text("Outlet hours?", id: "wamid.b1", from: nil, fromUserID: "US.1502000000000099", timestampMs: now)]),
            world.change("9999", messages: [WhatsAppPayloads.text("nobody serves this number", id: "wamid.x", from: "111", timestampMs: now)]),
        ])])
        XCTAssertEqual(try world.post(batch).status, 200)

        let onA = try world.onlyConversation(on: "wa-a")
        XCTAssertEqual(try world.messages(onA).compactMap { $0["text"]?.stringValue }, ["Hi, where is my order?", "It is #1042"])
        let ann = try XCTUnwrap(world.conversation(onA)["contact"])
        XCTAssertEqual(ann["display_name"], "Ann Lee")
        let annIdentities = (ann["identities"]?.arrayValue ?? []).map { "\($0["kind"]?.stringValue ?? ""):\($0["value"]?.stringValue ?? "")" }
        XCTAssertEqual(Set(annIdentities), ["whatsapp:DE.1502000000000007", "phone:+4915112345678"],
                       "the BSUID is the key; the phone Meta gave is a second identity")
        XCTAssertEqual(ann["attributes"]?["phone"], "+4915112345678", "the phone goes with the contact")
        XCTAssertEqual(try world.messages(onA).first?["sent_at"]?.stringValue, Clock.iso8601(now / 1000 * 1000), "Meta's time, in seconds")

        let onB = try world.onlyConversation(on: "wa-b")
        let bob = try XCTUnwrap(world.conversation(onB)["contact"])
        XCTAssertEqual(bob["identities"]?.arrayValue?.map { $0["value"] }, ["US.1502000000000099"], "no phone, no phone identity")
        XCTAssertEqual(bob["display_name"], "bob.builds")
        XCTAssertNil(bob["attributes"]?["phone"], "no phone was given, none is invented")
        XCTAssertEqual(try world.host.request("GET", "/api/v1/conversations").json["conversations"]?.arrayValue?.count, 2)

        // Meta resends: nothing twice.
        XCTAssertEqual(try world.post(batch).status, 200)
        XCTAssertEqual(try world.messages(onA).count, 2)
        XCTAssertEqual(try world.messages(onB).count, 1)
    }

    func testEachKindOfMessageIsKeptVisiblyAndMediaIsDownloadedOrMarkedUnavailable() throws {
        let photo: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0] + Array(repeating: 7, count: 700)
        let kept = world.graph.addCustomerMedia(photo, contentType: "image/jpeg")
        let gone = world.graph.addCustomerMedia(Array("%PDF-1.4".utf8), contentType: "application/pdf")
        world.graph.forgetMedia(gone)
        let now = MetaWorld.time()
        let from = "447700900123", user = "GB.1502000000000003"
        func message(_ type: String, _ content: JSON, _ id: String, _ at: Int64) -> JSON {
            WhatsAppPayloads.message(type: type, content, id: id, from: from, fromUserID: user, timestampMs: at)
        }
        let batch = WhatsAppPayloads.batch([(wabaID: WhatsAppWorld.waba, changes: [world.change(
            contacts: [WhatsAppPayloads.contact(name: "Cleo", waID: from, userID: user)],
            messages: [
                message("image", ["id": .string(kept), "mime_type": "image/jpeg", "sha256": "x", "caption": "The box was crushed"], "wamid.img", now),
                message("document", ["id": .string(gone), "mime_type": "application/pdf", "filename": "invoice.pdf"], "wamid.doc", now + 1000),
                message("location", ["latitude": 52.52, "longitude": 13.405, "name": "Shop", "address": "Main St 1"], "wamid.loc", now + 2000),
                message("interactive", ["type": "button_reply", "button_reply": ["id": "track", "title": "Track my order"]], "wamid.btn", now + 3000),
                message("button", ["payload": "STOP", "text": "Stop promotions"], "wamid.tpl", now + 4000),
                WhatsAppPayloads.message(type: "unsupported", ["type": "poll"], id: "wamid.uns", from: from, fromUserID: user, timestampMs: now + 5000)
                    .adding("errors", [WhatsAppPayloads.error(code: 131051, title: "Message type unknown", details: "Message type is not currently supported")]),
            ])])])
        XCTAssertEqual(try world.post(batch).status, 200)
        let conversation = try world.onlyConversation(on: "wa-a")
        let stored = try world.host.eventually("six messages") { () -> [JSON]? in
            let m = try world.messages(conversation)
            return m.count == 6 ? m : nil
        }
        let image = stored[0]
        XCTAssertEqual(image["text"], "The box was crushed")
        let file = try XCTUnwrap(image["attachments"]?.arrayValue?.first)
        XCTAssertNil(file["error"], "\(file)")
        XCTAssertEqual(file["content_type"], "image/jpeg")
        let download = try HTTPClient.perform(HTTPClientRequest(method: "GET", url: try XCTUnwrap(file["url"]?.stringValue), headers: [],
                                                                body: [], timeoutMs: 5_000))
        XCTAssertEqual(download.status, 200)
        XCTAssertEqual(download.body, photo, "the customer's photo, byte for byte")
        XCTAssertTrue(world.graph.received.contains { $0.path.hasPrefix("/whatsapp-media/") && $0.header("Authorization") == "Bearer EAAG-test-token" },
                      "the media URL is fetched with the Bearer token")

        let document = stored[1]
        let missing = try XCTUnwrap(document["attachments"]?.arrayValue?.first)
        XCTAssertEqual(missing["unavailable"], true, "the message is kept, its media visibly unavailable")
        XCTAssertEqual(missing["media_id"]?.stringValue, gone)
        XCTAssertTrue(missing["error"]?.stringValue?.hasPrefix("media unavailable") == true, "\(missing)")
        XCTAssertEqual(missing["name"], "invoice.pdf")

        XCTAssertEqual(stored[2]["text"], "Location: Shop — Main St 1 — 52.52, 13.405")
        XCTAssertEqual(stored[3]["text"], "Track my order")
        XCTAssertEqual(stored[3]["rich"]?["button_reply"]?["id"], "track")
        XCTAssertEqual(stored[4]["text"], "Stop promotions")
        XCTAssertEqual(stored[4]["rich"]?["button"]?["payload"], "STOP")
        XCTAssertEqual(stored[5]["text"]?.stringValue?.contains("code 131051"), true, "\(stored[5])")
        XCTAssertEqual(stored[5]["rich"]?["error"]?["code"], 131051)
    }

    /// The phone is a second identity: a new business-scoped id with a phone the contacts know
    /// joins that contact (their history); a phone another contact holds stays there (people merge).
    func testThePhoneIsASecondIdentityThatJoinsTheContactHoldingIt() throws {
        func wrote(_ text: String, id: String, bsuid: String, phone: String?) throws {
            XCTAssertEqual(try world.post(WhatsAppPayloads.batch([(wabaID: WhatsAppWorld.waba, changes: [world.change(
                contacts: [WhatsAppPayloads.contact(name: "Someone", waID: phone, userID: bsuid)],
                messages: [WhatsAppPayloads.text(text, id: id, from: phone, fromUserID: bsuid, timestampMs: MetaWorld.time())])])])).status, 200)
        }
        func contact(holding kind: String, _ value: String) throws -> JSON? {
            let contacts = try world.host.request("GET", "/api/v1/contacts?limit=100").json["contacts"]?.arrayValue ?? []
            return contacts.first { c in (c["identities"]?.arrayValue ?? []).contains { $0["kind"]?.stringValue == kind && $0["value"]?.stringValue == value } }
        }
        try wrote("Hi", id: "wamid.p1", bsuid: "DE.ann.1", phone: "4915100000001")
        let ann = try XCTUnwrap(try world.host.eventually("Ann") { try contact(holding: "whatsapp", "DE.ann.1") })
        XCTAssertEqual(try contact(holding: "phone", "+4915100000001")?["id"], ann["id"])
        // Meta gives the same number a new business-scoped id: the same customer, the same contact.
        try wrote("Me again", id: "wamid.p2", bsuid: "DE.ann.2", phone: "4915100000001")
        XCTAssertEqual(try world.host.eventually("the new id") { try contact(holding: "whatsapp", "DE.ann.2") }["id"], ann["id"])

        // Dee wrote without a number; later her messages carry one Cy's contact already holds: it stays Cy's.
        try wrote("Hello", id: "wamid.p3", bsuid: "US.dee", phone: nil)
        try wrote("Hey", id: "wamid.p4", bsuid: "US.cy", phone: "15550000001")
        try wrote("My number now", id: "wamid.p5", bsuid: "US.dee", phone: "15550000001")
        let dee = try XCTUnwrap(try world.host.eventually("Dee") { try contact(holding: "whatsapp", "US.dee") })
        let cy = try XCTUnwrap(try contact(holding: "whatsapp", "US.cy"))
        XCTAssertEqual(try contact(holding: "phone", "+15550000001")?["id"], cy["id"])
        XCTAssertNotEqual(dee["id"], cy["id"], "two contacts are merged by people, never by a message")
    }

    /// Media that could not be fetched on arrival is fetched again on an agent's request (REST):
    /// still failing, the placeholder says the new error; once Meta serves it, the file is kept.
    func testUnavailableMediaIsFetchedAgainOnRequest() throws {
        let invoice = Array("%PDF-1.4 invoice".utf8)
        let mediaID = world.graph.addCustomerMedia(invoice, contentType: "application/pdf")
        world.graph.forgetMedia(mediaID)
        XCTAssertEqual(try world.post(WhatsAppPayloads.batch([(wabaID: WhatsAppWorld.waba, changes: [world.change(
            contacts: [WhatsAppPayloads.contact(name: "Cleo", waID: "447700900123", userID: "GB.cleo")],
            messages: [WhatsAppPayloads.message(type: "document", ["id": .string(mediaID), "mime_type": "application/pdf", "filename": "invoice.pdf"],
                                                id: "wamid.doc", from: "447700900123", fromUserID: "GB.cleo", timestampMs: MetaWorld.time()),
                       WhatsAppPayloads.text("and a word", id: "wamid.word", from: "447700900123", fromUserID: "GB.cleo",
                                             timestampMs: MetaWorld.time() + 1)])])])).status, 200)
        let conversation = try world.onlyConversation(on: "wa-a")
        let stored = try world.host.eventually("two messages") { () -> [JSON]? in (try world.messages(conversation)).count == 2 ? try world.messages(conversation) : nil }
        let messageID = try XCTUnwrap(stored[0]["id"]?.intValue)
        XCTAssertEqual(stored[0]["attachments"]?.arrayValue?.first?["unavailable"], true)
        let path = "/api/v1/conversations/\(conversation)/messages/\(messageID)/refetch-media"
        let agent = try world.host.addAgent("desk", role: "admin").key
        let integrator = try world.host.request("POST", "/api/v1/api-keys", json: ["name": "crm", "role": "integrator", "channel_instance_ids": ["wa-a"]])
        XCTAssertEqual(try world.host.request("POST", path, key: try XCTUnwrap(integrator.json["key"]?.stringValue)).status, 403)
        XCTAssertEqual(try world.host.request("POST", "/api/v1/conversations/\(conversation)/messages/999999/refetch-media", key: agent).status, 404)
        let nothing = try world.host.request("POST", "/api/v1/conversations/\(conversation)/messages/\(try XCTUnwrap(stored[1]["id"]?.intValue))/refetch-media", key: agent)
        XCTAssertEqual(nothing.status, 409, nothing.text)
        XCTAssertEqual(nothing.json["field"], "message_id")

        // Meta still has nothing: the placeholder stays, with the new error, and the change is an event.
        let eventsBefore = try world.host.request("GET", "/api/v1/conversations/\(conversation)/events").json["events"]?.arrayValue?.count ?? 0
        XCTAssertEqual(try world.host.request("POST", path, key: agent).status, 202)
        _ = try world.host.eventually("the attempt recorded") { () -> Bool? in
            let events = try world.host.request("GET", "/api/v1/conversations/\(conversation)/events").json["events"]?.arrayValue ?? []
            return events.count > eventsBefore && events.last?["type"] == "message.attachments_replaced" ? true : nil
        }
        XCTAssertEqual(try world.messages(conversation)[0]["attachments"]?.arrayValue?.first?["unavailable"], true)

        // Meta serves it again: the file is kept, the message in its place with its text.
        _ = world.graph.addCustomerMedia(invoice, contentType: "application/pdf", id: mediaID)
        XCTAssertEqual(try world.host.request("POST", path, key: agent).status, 202)
        let file = try world.host.eventually("the file kept") { () -> JSON? in
            let a = try world.messages(conversation)[0]["attachments"]?.arrayValue?.first
            return a?["url"]?.stringValue != nil ? a : nil
        }
        XCTAssertNil(file["unavailable"])
        XCTAssertEqual(file["name"], "invoice.pdf")
        let download = try HTTPClient.perform(HTTPClientRequest(method: "GET", url: try XCTUnwrap(file["url"]?.stringValue), headers: [],
                                                                body: [], timeoutMs: 5_000))
        XCTAssertEqual(download.body, invoice)
        XCTAssertEqual(try world.messages(conversation).map(\.["id"]), stored.map(\.["id"]), "the same messages, in place")
        XCTAssertEqual(try world.host.request("POST", path, key: agent).status, 409, "nothing left to fetch")
    }

    func testMarkReadIsOffByDefaultAndTheNumberCannotChange() throws {
        _ = try world.customerWrote("First", id: "wamid.r1")
        XCTAssertEqual(world.graph.whatsAppReadMarks, [], "off by default")
        var config = try XCTUnwrap(world.config(WhatsAppWorld.numberA).objectValue)
        config["mark_read"] = true
        XCTAssertEqual(try world.host.request("PATCH", "/api/v1/channels/wa-a", json: ["config": .object(config)]).status, 200)
        let conversation = try world.customerWrote("Second", id: "wamid.r2")
        _ = try world.customerWrote("Third", id: "wamid.r3")
        Thread.sleep(forTimeInterval: 0.3)
        XCTAssertEqual(world.graph.whatsAppReadMarks, [], "not on arrival: nobody has read it yet")
        // An agent opens the conversation (the web app's POST …/viewed): the newest message is marked read.
        let agent = try world.host.addAgent("desk", role: "admin").key
        let integrator = try world.host.request("POST", "/api/v1/api-keys", json: ["name": "crm", "role": "integrator", "channel_instance_ids": ["wa-a"]])
        let crm = try XCTUnwrap(integrator.json["key"]?.stringValue, integrator.text)
        XCTAssertEqual(try world.host.request("POST", "/api/v1/conversations/\(conversation)/viewed", key: crm).status, 403, "people only")
        let viewed = try world.host.request("POST", "/api/v1/conversations/\(conversation)/viewed", key: agent)
        XCTAssertEqual(viewed.status, 202, viewed.text)
        XCTAssertEqual(viewed.json["relayed"], true)
        _ = try world.host.eventually("the read mark") { world.graph.whatsAppReadMarks == ["wamid.r3"] ? true : nil }
        // Opened again with nothing new: no second mark.
        XCTAssertEqual(try world.host.request("POST", "/api/v1/conversations/\(conversation)/viewed", key: agent).status, 202)
        Thread.sleep(forTimeInterval: 0.3)
        XCTAssertEqual(world.graph.whatsAppReadMarks, ["wamid.r3"])

        config["phone_number_id"] = "1003"
        let moved = try world.host.request("PATCH", "/api/v1/channels/wa-a", json: ["config": .object(config)])
        XCTAssertEqual(moved.status, 400, moved.text)
        XCTAssertTrue(moved.text.contains("phone_number_id"), moved.text)
        config["phone_number_id"] = .string(WhatsAppWorld.numberA)
        config["waba_id"] = "not-a-number"
        let bad = try world.host.request("POST", "/api/v1/channels", json: ["id": "wa-bad", "plugin_id": "whatsapp", "config": .object(config)])
        // The host keeps the instance, failed, with the plugin's reason naming the field.
        XCTAssertEqual(bad.json["state"], "failed", bad.text)
        XCTAssertTrue(bad.json["reason"]?.stringValue?.contains("waba_id: must be the numeric id") == true, bad.text)
    }

    func testBadSignaturesAndBadBodiesStoreNothing() throws {
        let body = WhatsAppPayloads.batch([(wabaID: WhatsAppWorld.waba, changes: [world.change(
            messages: [WhatsAppPayloads.text("hello", id: "wamid.sig", from: "15550001111", timestampMs: MetaWorld.time())])])])
        let url = world.host.baseURL + WhatsAppWorld.hook
        XCTAssertEqual(try MetaWebhookSigner.post(body, to: url, appSecret: "wrong-secret").status, 401)
        let unsigned = try world.host.request("POST", WhatsAppWorld.hook, body: body, headers: [("Content-Type", "application/json")])
        XCTAssertEqual(unsigned.status, 401)
        XCTAssertEqual(try MetaWebhookSigner.post("{not json", to: url, appSecret: WhatsAppWorld.appSecret).status, 400)
        let huge = "{\"object\":\"whatsapp_business_account\",\"entry\":[],\"pad\":\"" + String(repeating: "x", count: 1_100_000) + "\"}"
        XCTAssertEqual(try MetaWebhookSigner.post(huge, to: url, appSecret: WhatsAppWorld.appSecret).status, 413)
        XCTAssertEqual(try world.host.request("GET", "/api/v1/conversations").json["conversations"]?.arrayValue?.count, 0)
    }
}

extension JSON {
    /// The object with one more key (test payloads).
    func adding(_ key: String, _ value: JSON) -> JSON {
        guard var object = objectValue else { return self }
        object[key] = value
        return .object(object)
    }
}
