import Foundation
import MetaFake
import SwitchboardSupport
import XCTest

/// WhatsApp replies through the real host and a Graph API fake that enforces the Cloud API:
/// `messaging_product`, the 24-hour window (refused before Meta is called), templates synced and
/// checked locally (a wrong parameter count never reaches Meta), statuses only forward with
/// `failed` kept, files uploaded first, taking a number over, and "continue on WhatsApp".
final class WhatsAppOutboundTests: XCTestCase {
    var world: WhatsAppWorld!

    override func tearDown() { world?.stop() }

    private func start(plugins: [String] = ["whatsapp"], templates: Bool = false) throws {
        world = try WhatsAppWorld(plugins: plugins)
        if templates { addTemplates() }
        try world.addBothNumbers()
    }

    /// order_update (body {{1}} {{2}}, URL button), and 30 more, so the sync needs two pages.
    private func addTemplates() {
        world.graph.addTemplate(wabaID: WhatsAppWorld.waba, name: "order_update", language: "en_US", components: [
            ["type": "BODY", "text": "Hi {{1}}, your order {{2}} has shipped."],
            ["type": "BUTTONS", "buttons": [["type": "URL", "text": "Track", "url": "https://acme.example/track/{{1}}"]]],
        ])
        world.graph.addTemplate(wabaID: WhatsAppWorld.waba, name: "promo", language: "en_US", category: "MARKETING", status: "PENDING",
                                components: [["type": "BODY", "text": "20% off this week"]])
        for index in 0..<30 {
            world.graph.addTemplate(wabaID: WhatsAppWorld.waba, name: "notice_\(index)", language: "de", components: [["type": "BODY", "text": "Hinweis"]])
        }
    }

    func testInsideTheWindowAReplyGoesWithMessagingProductAndStatusesOnlyMoveForward() throws {
        try start()
        let conversation = try world.customerWrote("Is the blue one in stock?", hoursAgo: 1)
        XCTAssertEqual(try world.conversation(conversation)["reply_window"]?["state"], "open")
        let id = try world.reply(conversation, "Yes, in all sizes.")
        let sent = try world.settled(conversation, id)
        XCTAssertEqual(sent["delivery_status"], "sent", "\(sent)")
        let call = try XCTUnwrap(world.graph.whatsAppSent.last)
        XCTAssertEqual(call.phoneNumberID, WhatsAppWorld.numberA)
        XCTAssertEqual(call.body["messaging_product"], "whatsapp")
        XCTAssertEqual(call.body["recipient"], "US.1502000000000001", "addressed by the BSUID")
        XCTAssertEqual(call.body["text"]?["body"], "Yes, in all sizes.")
        XCTAssertEqual(sent["provider_message_id"]?.stringValue, call.messageID)

        // read, then a late "delivered" and "sent": it stays read.
        let now = MetaWorld.time()
        func statuses(_ items: [JSON]) throws {
            XCTAssertEqual(try world.post(WhatsAppPayloads.batch([(wabaID: WhatsAppWorld.waba, changes: [world.change(statuses: items)])])).status, 200)
        }
        try statuses([WhatsAppPayloads.status("read", id: call.messageID, recipient: "4915112345678", timestampMs: now)])
        _ = try world.host.eventually("read") { try world.settled(conversation, id)["delivery_status"] == "read" ? true : nil }
        try statuses([WhatsAppPayloads.status("delivered", id: call.messageID, recipient: "4915112345678", timestampMs: now),
                      WhatsAppPayloads.status("sent", id: call.messageID, recipient: "4915112345678", timestampMs: now)])
        usleep(300_000)
        XCTAssertEqual(try world.settled(conversation, id)["delivery_status"], "read")

        // A failure keeps Meta's code, title and details; a later "delivered" never lifts it.
        let second = try world.reply(conversation, "Shall I reserve one?")
        _ = try world.settled(conversation, second)
        let wamid = try XCTUnwrap(world.graph.whatsAppSent.last?.messageID)
        try statuses([WhatsAppPayloads.status("failed", id: wamid, recipient: "4915112345678", timestampMs: now, errors: [
            WhatsAppPayloads.error(code: 131026, title: "Message undeliverable", details: "The recipient's phone is not reachable")])])
        let failed = try world.host.eventually("failed") { () -> JSON? in
            let m = try world.settled(conversation, second)
            return m["delivery_status"] == "failed" ? m : Optional<JSON>.none
        }
        XCTAssertEqual(failed["delivery_detail"]?.stringValue, "Message undeliverable (code 131026): The recipient's phone is not reachable")
        try statuses([WhatsAppPayloads.status("delivered", id: wamid, recipient: "4915112345678", timestampMs: now + 1000)])
        usleep(300_000)
        XCTAssertEqual(try world.settled(conversation, second)["delivery_status"], "failed")
    }

    func testChoicesBecomeButtonsAndAFileIsUploadedFirst() throws {
        try start()
        let conversation = try world.customerWrote("Which size?", hoursAgo: 0.5)
        let buttons = try world.reply(conversation, "Pick a size", rich: ["quick_replies": ["S", "M", "L"]])
        XCTAssertEqual(try world.settled(conversation, buttons)["delivery_status"], "sent")
        let interactive = try XCTUnwrap(world.graph.whatsAppSent.last)
        XCTAssertEqual(interactive.type, "interactive")
        XCTAssertEqual(interactive.body["interactive"]?["action"]?["buttons"]?.arrayValue?.compactMap { $0["reply"]?["title"]?.stringValue }, ["S", "M", "L"])

        // A file in the host's store (the customer's own PDF): uploaded to /<number>/media, sent by id.
        let pdf = world.graph.addCustomerMedia(Array("%PDF-1.4 size chart".utf8), contentType: "application/pdf")
        XCTAssertEqual(try world.post(WhatsAppPayloads.batch([(wabaID: WhatsAppWorld.waba, changes: [world.change(messages: [
            WhatsAppPayloads.message(type: "document", ["id": .string(pdf), "mime_type": "application/pdf", "filename": "size-chart.pdf"],
                                     id: "wamid.pdf", from: "4915112345678", fromUserID: "US.1502000000000001", timestampMs: MetaWorld.time())])])])).status, 200)
        let stored = try world.host.eventually("the customer's PDF") { () -> JSON? in
            try world.messages(conversation).first { $0["provider_message_id"] == "wamid.pdf" }?["attachments"]?.arrayValue?.first
        }
        let r = try world.host.request("POST", "/api/v1/conversations/\(conversation)/messages",
                                       json: ["text": "Here is the chart", "attachments": [stored]])
        XCTAssertEqual(r.status, 202, r.text)
        let withFile = try XCTUnwrap(r.json["id"]?.intValue)
        XCTAssertEqual(try world.settled(conversation, withFile)["delivery_status"], "sent")
        let document = try XCTUnwrap(world.graph.whatsAppSent.last)
        XCTAssertEqual(document.type, "document")
        XCTAssertEqual(document.body["document"]?["filename"], "size-chart.pdf")
        let mediaID = try XCTUnwrap(document.body["document"]?["id"]?.stringValue)
        XCTAssertEqual(world.graph.uploadedMedia(mediaID).map { String(decoding: $0.bytes, as: UTF8.self) }, "%PDF-1.4 size chart")
    }

    func testOutsideTheWindowFreeTextIsRefusedBeforeMetaAndATemplateGoesWithItsParameters() throws {
        try start(templates: true)
        let conversation = try world.customerWrote("Thanks!", hoursAgo: 30)
        XCTAssertEqual(try world.conversation(conversation)["reply_window"]?["state"], "closed")
        let status = try world.host.eventually("templates synced") { () -> JSON? in
            let s = try world.pluginStatus("wa-a")
            return s["template_counts"]?["APPROVED"]?.intValue == 31 ? s : Optional<JSON>.none
        }
        XCTAssertEqual(status["template_counts"]?["PENDING"], 1)
        let listed = status["templates"]?.arrayValue?.first { $0["name"] == "order_update" }
        XCTAssertEqual(listed?["parameters"], ["1", "2"])
        XCTAssertEqual(listed?["url_buttons"], 1)

        let text = try world.reply(conversation, "Are you still there?")
        let refused = try world.settled(conversation, text)
        XCTAssertEqual(refused["delivery_status"], "failed")
        XCTAssertTrue(refused["delivery_detail"]?.stringValue?.contains("whatsapp_template") == true, "\(refused)")
        XCTAssertTrue(world.graph.whatsAppSent.isEmpty, "refused before Meta is called")

        // Bad template requests: refused at the REST call (400 naming the field, ABI 1.3
        // validate_outbound), nothing queued; Meta never sees them (no #132000).
        let before = try world.messages(conversation).count
        func refusal(_ rich: JSON) throws -> (status: Int, field: String?, message: String) {
            let r = try world.host.request("POST", "/api/v1/conversations/\(conversation)/messages", json: ["text": "Order update", "rich": rich])
            return (r.status, r.json["field"]?.stringValue, r.json["message"]?.stringValue ?? r.text)
        }
        let short = try refusal(["type": "whatsapp_template", "name": "order_update", "language": "en_US", "parameters": ["Ann"], "buttons": ["A1042"]])
        XCTAssertEqual(short.status, 400, short.message)
        XCTAssertEqual(short.field, "rich.parameters[1]")
        XCTAssertTrue(short.message.contains("parameters[1] is missing"), short.message)
        let extra = try refusal(["type": "whatsapp_template", "name": "order_update", "language": "en_US",
                                 "parameters": ["Ann", "#1042", "more"], "buttons": ["A1042"]])
        XCTAssertEqual(extra.field, "rich.parameters[2]")
        let newline = try refusal(["type": "whatsapp_template", "name": "order_update", "language": "en_US",
                                   "parameters": ["Ann", "line\nbreak"], "buttons": ["A1042"]])
        XCTAssertEqual(newline.field, "rich.parameters[1]")
        XCTAssertEqual(try refusal(["type": "whatsapp_template", "name": "order_update", "language": "en_US", "parameters": ["Ann", "#1042"]]).field,
                       "rich.buttons")
        let pending = try refusal(["type": "whatsapp_template", "name": "promo", "language": "en_US"])
        XCTAssertEqual(pending.status, 400)
        XCTAssertEqual(pending.field, "rich.name")
        XCTAssertTrue(pending.message.contains("PENDING, not APPROVED"), pending.message)
        XCTAssertEqual(try refusal(["type": "whatsapp_template", "name": "no_such", "language": "en_US"]).field, "rich.name")
        XCTAssertEqual(try world.messages(conversation).count, before, "nothing refused was stored")
        XCTAssertTrue(world.graph.whatsAppSent.isEmpty)

        let good = try world.reply(conversation, "Order update", rich: [
            "type": "whatsapp_template", "name": "order_update", "language": "en_US", "parameters": ["Ann", "#1042"], "buttons": ["A1042"]])
        XCTAssertEqual(try world.settled(conversation, good)["delivery_status"], "sent")
        let call = try XCTUnwrap(world.graph.whatsAppSent.last)
        XCTAssertEqual(call.type, "template")
        XCTAssertEqual(call.body["template"]?["name"], "order_update")
        XCTAssertEqual(call.body["template"]?["language"]?["code"], "en_US")
        let components = call.body["template"]?["components"]?.arrayValue ?? []
        XCTAssertEqual(components.first?["parameters"]?.arrayValue?.compactMap { $0["text"]?.stringValue }, ["Ann", "#1042"])
        XCTAssertEqual(components.last?["sub_type"], "url")
    }

    /// GET /api/v1/channels/{id}/templates: what the composer lists. Agents see the synced templates
    /// with their slots (not the rest of plugin_status); integrators get 403; an instance that
    /// publishes no templates (web chat) or none at all 404.
    func testAgentsSeeTheSyncedTemplatesWithTheirSlots() throws {
        try start(plugins: ["whatsapp", "webchat"], templates: true)
        try world.host.putCredential("widget-secret", WebChatWorld.secret)
        try world.host.addChannel("site", plugin: "webchat", config: WebChatWorld.config([:]))
        let agent = try world.host.addAgent("desk").key
        let listed = try world.host.eventually("templates synced") { () -> JSON? in
            let r = try world.host.request("GET", "/api/v1/channels/wa-a/templates", key: agent)
            return r.json["templates"]?.arrayValue?.count == 32 ? r.json : Optional<JSON>.none
        }
        XCTAssertEqual(listed["channel_instance_id"], "wa-a")
        XCTAssertEqual(listed["plugin_id"], "whatsapp")
        XCTAssertNotNil(listed["synced_at"]?.stringValue)
        let order = try XCTUnwrap(listed["templates"]?.arrayValue?.first { $0["name"] == "order_update" })
        XCTAssertEqual(order, ["name": "order_update", "language": "en_US", "category": "UTILITY", "status": "APPROVED",
                               "parameters": ["1", "2"], "header": nil, "header_parameter": false, "url_buttons": 1,
                               "body": "Hi {{1}}, your order {{2}} has shipped.", "header_text": nil])
        XCTAssertEqual(listed["templates"]?.arrayValue?.first { $0["name"] == "promo" }?["status"], "PENDING")
        XCTAssertNil(listed["template_counts"], "only the templates, not the rest of plugin_status")

        let integrator = try world.host.request("POST", "/api/v1/api-keys", json: ["name": "crm", "role": "integrator", "channel_instance_ids": ["wa-a"]])
        XCTAssertEqual(integrator.status, 201, integrator.text)
        let key = try XCTUnwrap(integrator.json["key"]?.stringValue)
        XCTAssertEqual(try world.host.request("GET", "/api/v1/channels/wa-a/templates", key: key).status, 403)
        XCTAssertEqual(try world.host.request("GET", "/api/v1/channels/site/templates", key: agent).status, 404)
        XCTAssertEqual(try world.host.request("GET", "/api/v1/channels/nowhere/templates", key: agent).status, 404)
    }

    func testAnAgentStackWithoutAChannelActionHandsOverWhenTheWindowIsClosed() throws {
        try start(templates: true)
        let imported = try world.host.request("POST", "/api/v1/knowledge/import", json: ["collection": "help", "articles": [
            ["title": "Returns", "body": "Return any pair of shoes within 30 days with the prepaid label in the box."]]])
        XCTAssertEqual(imported.status, 200, imported.text)
        let put = try world.host.request("PUT", "/api/v1/stacks/shoes-bot", json: [
            "id": "shoes-bot", "name": "Shoe assistant", "greeting": "Hi, I'm Acme's assistant.", "collections": ["help"],
            "handover": ["min_confidence": 0, "message": "A colleague will take it from here."]])
        XCTAssertTrue([200, 201].contains(put.status), put.text)
        XCTAssertEqual(try world.host.request("PATCH", "/api/v1/channels/wa-b", json: ["binding": ["kind": "stack", "ref": "shoes-bot"]]).status, 200)
        let message = WhatsAppPayloads.text("How do returns work?", id: "wamid.stack", from: "15550007777", fromUserID: "US.stack",
                                            timestampMs: MetaWorld.time(hoursAgo: 30))
        XCTAssertEqual(try world.post(WhatsAppPayloads.batch([(wabaID: WhatsAppWorld.waba, changes: [world.change(WhatsAppWorld.numberB,
            contacts: [WhatsAppPayloads.contact(name: "Stan", waID: "15550007777", userID: "US.stack")], messages: [message])])])).status, 200)
        let conversation = try world.onlyConversation(on: "wa-b")
        // The turn knows the window is closed (its output rule): the built-in engine takes no channel
        // action, so it hands over without queuing free text that could not go.
        let handover = try world.host.eventually("the handover", timeout: 15) { () -> JSON? in
            try world.host.request("GET", "/api/v1/events?types=stack.handover").json["events"]?.arrayValue?.first
        }
        XCTAssertEqual(handover["data"]?["reason"], "reply_window_closed", "\(handover)")
        XCTAssertTrue(handover["data"]?["explanation"]?.stringValue?.contains("no channel action was taken") == true, "\(handover)")
        XCTAssertFalse(try world.messages(conversation).contains { $0["direction"] == "outbound" && $0["author_kind"] == "stack" },
                       "nothing queued into the closed window")
        XCTAssertEqual(try world.conversation(conversation)["agent_stack"], .null, "people have it now")
        XCTAssertTrue(world.graph.whatsAppSent.isEmpty, "no template went on the stack's own")
    }

    func testAMessageFromAClickToWhatsAppAdOpensSeventyTwoHours() throws {
        try start()
        let fromAd = try world.customerWrote("I saw your ad", hoursAgo: 30, referral: WhatsAppPayloads.adReferral())
        let window = try world.conversation(fromAd)["reply_window"]
        XCTAssertEqual(window?["state"], "open", "\(String(describing: window))")
        let id = try world.reply(fromAd, "Thanks for writing! The sale runs until Sunday.")
        XCTAssertEqual(try world.settled(fromAd, id)["delivery_status"], "sent", "Meta's 72-hour free entry point window")
        XCTAssertEqual(try world.messages(fromAd).first?["rich"]?["referral"]?["source_type"], "ad")

        // Another customer (another number: the same number would be the same contact, its phone identity).
        let plain = try world.customerWrote("Hello", phone: "4915100000077", bsuid: "US.1502000000000077", hoursAgo: 30)
        XCTAssertEqual(try world.conversation(plain)["reply_window"]?["state"], "closed", "no ad: 24 hours")
    }

    func testTheTemplateStatusWebhookKeepsEveryNumberOfTheAccountCurrent() throws {
        try start(templates: true)
        _ = try world.host.eventually("synced") { try world.pluginStatus("wa-b")["template_counts"]?["PENDING"]?.intValue == 1 ? true : nil }
        let templateID = "1234567890"
        world.graph.setTemplateStatus(wabaID: WhatsAppWorld.waba, name: "promo", language: "en_US", status: "APPROVED")
        XCTAssertEqual(try world.post(WhatsAppPayloads.batch([(wabaID: WhatsAppWorld.waba, changes: [
            WhatsAppPayloads.templateStatus(event: "APPROVED", templateID: templateID, name: "promo", language: "en_US")])])).status, 200)
        for instance in ["wa-a", "wa-b"] {
            let counts = try world.host.eventually("\(instance) knows promo is approved") { () -> JSON? in
                let c = try world.pluginStatus(instance)["template_counts"] ?? .null
                return c["PENDING"] == nil ? c : Optional<JSON>.none
            }
            XCTAssertEqual(counts["APPROVED"], 32, instance)
        }
        // On demand, behind the REST API (admins): a template made in WhatsApp Manager meanwhile shows at once.
        world.graph.addTemplate(wabaID: WhatsAppWorld.waba, name: "new_arrivals", language: "en_US", components: [["type": "BODY", "text": "New in: {{1}}"]])
        let agent = try world.host.addAgent("desk").key
        XCTAssertEqual(try world.host.request("POST", "/api/v1/channels/wa-a/templates/sync", key: agent).status, 403, "admins only")
        XCTAssertEqual(try world.host.request("POST", "/api/v1/channels/nope/templates/sync").status, 404)
        XCTAssertEqual(try world.host.request("POST", "/hooks/wa-a/templates/sync").status, 404, "no unauthenticated route")
        let asked = try world.host.request("POST", "/api/v1/channels/wa-a/templates/sync")
        XCTAssertEqual(asked.status, 202, asked.text)
        XCTAssertEqual(asked.json["requested"], true)
        let listed = try world.host.eventually("the new template synced") { () -> [JSON]? in
            let t = try world.host.request("GET", "/api/v1/channels/wa-a/templates", key: agent).json["templates"]?.arrayValue ?? []
            return t.count == 33 ? t : nil
        }
        XCTAssertEqual(listed.first { $0["name"] == "new_arrivals" }?["parameters"], ["1"])
        XCTAssertEqual(try world.pluginStatus("wa-b")["template_counts"]?["APPROVED"], 32, "only the instance asked synced now")
    }

    func testASecondInstanceForAClaimedNumberIsRefusedUnlessTheOperatorTakesItOver() throws {
        try start()
        let refused = try world.host.request("POST", "/api/v1/channels", json: [
            "id": "wa-new", "plugin_id": "whatsapp", "config": world.config(WhatsAppWorld.numberA)])
        XCTAssertEqual(refused.status, 409, refused.text)
        XCTAssertEqual(refused.json["field"], "config.phone_number_id")
        let taken = try world.host.request("POST", "/api/v1/channels", json: [
            "id": "wa-new", "plugin_id": "whatsapp", "config": world.config(WhatsAppWorld.numberA), "take_over": true])
        XCTAssertEqual(taken.status, 201, taken.text)
        XCTAssertEqual(try world.host.request("GET", "/api/v1/channels/wa-a").json["state"], "disconnected")
        _ = try world.customerWrote("Hello again", hoursAgo: 0.1, instance: "wa-new")
        XCTAssertEqual(try world.conversations(on: "wa-a").count, 0)
    }

    func testTheWebChatVisitorContinuesOnWhatsAppThroughTheCode() throws {
        try start(plugins: ["whatsapp", "webchat"])
        try world.host.putCredential("widget-secret", WebChatWorld.secret)
        try world.host.addChannel("site", plugin: "webchat", config: WebChatWorld.config(["switch_destinations": ["whatsapp"]]))
        func widget(_ method: String, _ path: String, json: JSON? = nil, token: String? = nil) throws -> (status: Int, json: JSON, text: String) {
            try world.host.request(method, "/hooks/site" + path, json: json, headers: token.map { [("Authorization", "Bearer \($0)")] } ?? [])
        }
        let session = try widget("POST", "/session", json: ["name": "Ann"])
        let token = try XCTUnwrap(session.json["visitor_token"]?.stringValue)
        let sent = try widget("POST", "/messages", json: ["text": "Can we continue on WhatsApp?", "client_message_id": "c1"], token: token)
        let conversation = try XCTUnwrap(sent.json["conversation_id"]?.stringValue, sent.text)
        let offered = try XCTUnwrap(widget("GET", "/config").json["switch_destinations"]?.arrayValue?.first)
        XCTAssertEqual(offered["kind"], "whatsapp")
        XCTAssertEqual(offered["by_link"], true, "a running WhatsApp channel: no phone number asked")

        let moved = try world.host.eventually("the wa.me link") { () -> JSON? in
            // 409 until the number's first status check has published its switch link.
            let r = try widget("POST", "/switch", json: ["kind": "whatsapp"], token: token)
            return r.status == 200 ? r.json : Optional<JSON>.none
        }
        let link = try XCTUnwrap(moved["link"]?.stringValue, "\(moved)")
        XCTAssertTrue(link.hasPrefix("https://wa.me/15550101001?text=Code%3A%20"), link)
        let ticket = String(link.split(separator: "%20").last ?? "")
        // For a visitor on a computer: the link as a QR code the host drew (libqrencode), exactly this link's.
        let qr = try XCTUnwrap(moved["qr_svg"]?.stringValue, "\(moved)")
        XCTAssertEqual(qr, QRCode(link)?.svg(title: "Scan to continue on WhatsApp"))
        XCTAssertTrue(qr.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""), qr)
        let remembered = try widget("GET", "/messages", token: token).json["switched"]
        XCTAssertEqual(remembered?["qr_svg"]?.stringValue, qr, "a reload shows the same code")

        // A forged code starts an ordinary conversation, its text kept as written.
        _ = try world.customerWrote("Code: 00000000000000000000000000000000", phone: "15550009999", bsuid: "US.forger")
        // The visitor sends the prefilled code: the same conversation, now on WhatsApp, without the code.
        XCTAssertEqual(try world.post(WhatsAppPayloads.batch([(wabaID: WhatsAppWorld.waba, changes: [world.change(
            contacts: [WhatsAppPayloads.contact(name: "Ann", waID: "4915100000001", userID: "DE.ann")],
            messages: [WhatsAppPayloads.text("Code: \(ticket) hi, it's me", id: "wamid.ann", from: "4915100000001", fromUserID: "DE.ann",
                                             timestampMs: MetaWorld.time())])])])).status, 200)
        let detail = try world.host.eventually("the conversation on WhatsApp") { () -> JSON? in
            let c = try world.conversation(conversation)
            return c["channel_instance_id"] == "wa-a" ? c : Optional<JSON>.none
        }
        XCTAssertEqual(detail["messages"]?.arrayValue?.first?["text"], "Can we continue on WhatsApp?")
        XCTAssertEqual(detail["messages"]?.arrayValue?.last?["text"], "hi, it's me", "the code is not kept")
        XCTAssertEqual(try world.conversations(on: "wa-a").count, 2, "the forged code opened its own conversation")
        let forged = try world.conversations(on: "wa-a").compactMap { $0["id"]?.stringValue }.first { $0 != conversation }
        XCTAssertEqual(try world.messages(try XCTUnwrap(forged)).first?["text"], "Code: 00000000000000000000000000000000")
    }
}
