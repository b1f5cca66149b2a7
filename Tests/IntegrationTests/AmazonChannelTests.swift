import Foundation
import AmazonFake
import SwitchboardSupport
import SwitchboardTransport
import XCTest

/// Amazon buyer messaging (Plugins/Amazon) through the real host: relay mail in, order context
/// from the SP-API, replies out by mail, Amazon's content rules, Messaging API actions.
final class AmazonChannelTests: XCTestCase {
    var world: AmazonWorld!
    let order = "111-2223334-5556667"

    override func tearDown() { world?.stop() }

    func start(_ orders: [FakeSellingPartnerAPI.Order]? = nil, tokenLifetimeSeconds: Int = 3600, region: String = "NA",
               marketplaces: [String] = ["ATVPDKIKX0DER"]) throws {
        world = try AmazonWorld(region: region, marketplaces: marketplaces, tokenLifetimeSeconds: tokenLifetimeSeconds)
        for o in orders ?? [FakeSellingPartnerAPI.Order(id: order, actions: ["confirmDeliveryDetails"])] { world.amazon.addOrder(o) }
    }

    func stored(_ r: (status: Int, json: JSON, text: String), file: StaticString = #filePath, line: UInt = #line) throws -> String {
        XCTAssertEqual(r.status, 200, r.text, file: file, line: line)
        return try XCTUnwrap(r.json["conversation_id"]?.stringValue, file: file, line: line)
    }

    func testARelayMailBecomesAConversationWithItsOrderContextAndThreadsByAliasAndOrder() throws {
        try start([FakeSellingPartnerAPI.Order(id: order, actions: ["confirmDeliveryDetails"]),
                   FakeSellingPartnerAPI.Order(id: "222-3334445-6667778", status: "Unshipped")])
        let first = try world.relay(files: [MultipartFormData.Part(name: "attachment-1", filename: "photo.png", contentType: "image/png",
                                                                   body: Array("png-bytes".utf8))])
        let id = try stored(first)
        XCTAssertEqual(first.json["order_state"], "fetched")
        let messages = try world.messages(id)
        XCTAssertEqual(messages.count, 1)
        let message = messages[0]
        XCTAssertEqual(message["text"], "Where is my kettle? It was due yesterday.", "Amazon's rules and footer are stripped")
        let rich = try XCTUnwrap(message["rich"])
        XCTAssertEqual(rich["type"], "order")
        XCTAssertEqual(rich["order_id"], .string(order))
        XCTAssertEqual(rich["status"], "Shipped")
        XCTAssertEqual(rich["fulfillment_channel"], "MFN")
        XCTAssertEqual(rich["purchase_date"], "2026-12-01T10:00:00Z")
        XCTAssertEqual(rich["promised_delivery"]?["latest"], "2026-12-09T23:59:59Z")
        XCTAssertEqual(rich["items"]?.arrayValue?.first?["asin"], "B000KETTLE")
        XCTAssertEqual(rich["items"]?.arrayValue?.first?["sku"], "KET-BLUE-1")
        XCTAssertEqual(rich["items"]?.arrayValue?.first?["title"], "Blue kettle")
        XCTAssertEqual(rich["items"]?.arrayValue?.first?["quantity"], 1)
        XCTAssertEqual(rich["messaging_actions"], ["confirmDeliveryDetails"])
        XCTAssertEqual(rich["amazon"]?["marketplace"], "amazon.com")
        XCTAssertEqual(rich["amazon"]?["marketplace_id"], "ATVPDKIKX0DER")
        XCTAssertEqual(rich["amazon"]?["topic"], "Shipping")
        XCTAssertEqual(rich["amazon"]?["comm_mgr_token"], "A3QKCOMMTOKEN1234")
        XCTAssertNil(rich["buyer_email"] ?? rich["BuyerInfo"], "no restricted personal data")
        XCTAssertEqual(message["attachments"]?.arrayValue?.first?["name"], "photo.png")
        let conversation = try world.conversation(id)
        XCTAssertEqual(conversation["contact"]?["display_name"], "Ann Lee")
        // The order's key facts are the conversation's fields (flat), and the inbox row carries them.
        let fields = try XCTUnwrap(conversation["fields"])
        XCTAssertEqual(fields["order_id"], .string(order))
        XCTAssertEqual(fields["order_status"], "Shipped")
        XCTAssertEqual(fields["order_purchase_date"], "2026-12-01T10:00:00Z")
        XCTAssertEqual(fields["order_promised_delivery"], "2026-12-09T23:59:59Z")
        XCTAssertEqual(fields["order_fulfillment_channel"], "MFN")
        XCTAssertEqual(fields["order_items"], "1 × Blue kettle (ASIN B000KETTLE, SKU KET-BLUE-1)")
        XCTAssertNil(fields["order_pending_reason"])
        let row = try XCTUnwrap(try world.host.request("GET", "/api/v1/inbox?view=all").json["items"]?.arrayValue?.first { $0["id"]?.stringValue == id })
        XCTAssertEqual(row["fields"]?["order_id"], .string(order))
        XCTAssertEqual(row["fields"]?["order_status"], "Shipped")
        let changes = try world.events(id, "conversation.fields_changed")
        XCTAssertEqual(changes.count, 1)
        XCTAssertEqual(changes.first?["actor"]?.stringValue, "channel:\(world.instance)")

        // The SP-API calls carried the LWA token; LWA got the app's credentials and the refresh token.
        let calls = world.amazon.received.filter { $0.path != "/auth/o2/token" }
        XCTAssertEqual(calls.map(\.path), ["/orders/v0/orders/\(order)", "/orders/v0/orders/\(order)/orderItems", "/messaging/v1/orders/\(order)"])
        XCTAssertTrue(calls.allSatisfy { $0.header("x-amz-access-token")?.hasPrefix("Atza|") == true })
        XCTAssertEqual(calls[2].query.first { $0.0 == "marketplaceIds" }?.1, "ATVPDKIKX0DER")

        // The same buyer on the same order: the same conversation. Another order: another one.
        let again = try stored(try world.relay(body: "Any news?"))
        XCTAssertEqual(again, id)
        XCTAssertEqual(try world.events(id, "conversation.fields_changed").count, 1, "the same facts again change nothing")
        let other = try stored(try world.relay(topic: "Returns", orderID: "222-3334445-6667778", body: "Can I return the mug?"))
        XCTAssertNotEqual(other, id)
        XCTAssertEqual(try world.messages(other).first?["rich"]?["status"], "Unshipped")
        XCTAssertEqual(try world.messages(other).first?["rich"]?["amazon"]?["topic"], "Returns")
        XCTAssertEqual(try world.conversation(other)["fields"]?["order_status"], "Unshipped")
        // Another buyer about the first order: their own conversation.
        let stranger = try stored(try world.relay(alias: "zzzzexample0000000000000000000000000@marketplace.amazon.com", buyer: "Bo"))
        XCTAssertNotEqual(stranger, id)
        XCTAssertEqual(world.amazon.grants, 1, "the access token is cached until it nears expiry")
        XCTAssertFalse(world.host.log.contains(world.amazon.refreshToken), "the refresh token is never logged")
        XCTAssertFalse(world.host.log.contains("Atza|"), "nor an access token")
    }

    func testABadSignatureIs401AndStoresNothing() throws {
        try start()
        let forged = world.mailgun.signature(key: "not-the-key")
        let r = try world.relay(signed: forged)
        XCTAssertEqual(r.status, 401, r.text)
        let listed = try world.host.request("GET", "/api/v1/conversations").json["conversations"]?.arrayValue ?? []
        XCTAssertEqual(listed.count, 0)
        XCTAssertTrue(world.amazon.received.isEmpty, "nothing fetched for a forged mail")
    }

    func testAMailWithoutAnOrderIDIsStoredAndMarkedNoOrder() throws {
        try start()
        let r = try world.relay(topic: "Product details", orderID: nil, body: "Does the kettle come in red?")
        let id = try stored(r)
        XCTAssertEqual(r.json["order_state"], "no_order")
        let rich = try XCTUnwrap(try world.messages(id).first?["rich"])
        XCTAssertEqual(rich["state"], "no_order")
        XCTAssertEqual(rich["amazon"]?["topic"], "Product details")
        XCTAssertTrue(world.amazon.received.filter { $0.path.hasPrefix("/orders") }.isEmpty)
        XCTAssertEqual(try world.conversation(id)["fields"], ["order_status": "no_order"])

        // A person finds the order in Seller Central and links it by hand (the conversation's order_id field).
        let linked = try world.host.request("PATCH", "/api/v1/conversations/\(id)/fields", json: ["fields": ["order_id": .string(order)]])
        XCTAssertEqual(linked.status, 200, linked.text)
        let fetched = try world.host.eventually("the linked order fetched") { () -> JSON? in try world.events(id, "amazon.order_context").first }
        XCTAssertEqual(fetched["data"]?["status"], "Shipped")
        XCTAssertEqual(fetched["data"]?["messaging_actions"], ["confirmDeliveryDetails"])
        let fields = try world.host.eventually("the linked order's facts in the fields") { () -> JSON? in
            let f = try world.conversation(id)["fields"]
            return f?["order_status"] == "Shipped" ? f : nil
        }
        XCTAssertEqual(fields["order_id"], .string(order))
        XCTAssertEqual(fields["order_promised_delivery"], "2026-12-09T23:59:59Z")
        // A mail naming no order from the same buyer continues it, and the linked order stays.
        XCTAssertEqual(try stored(try world.relay(topic: "Product details", orderID: nil, body: "And the lid?")), id)
        XCTAssertEqual(try world.conversation(id)["fields"]?["order_status"], "Shipped")
        XCTAssertEqual(try world.conversation(id)["fields"]?["order_id"], .string(order))
        // The buyer's next mail about that order continues this conversation, and its actions may be sent.
        XCTAssertEqual(try stored(try world.relay(body: "Any news on my kettle?")), id)
        let sent = try world.reply(id, rich: ["type": "amazon_action", "action": "confirmDeliveryDetails", "text": "Please confirm the gate code."])
        XCTAssertEqual(sent["delivery_status"], "sent", "\(sent)")
    }

    func testSellingPartnerErrorsNeverBlockTheMailAndTheOrderComesLater() throws {
        try start()
        // Every try inside the webhook fails (503, then 429s past the backoff, then 500).
        world.amazon.failNext(503)
        let r = try world.relay()
        let id = try stored(r)
        XCTAssertEqual(r.json["order_state"], "pending")
        let rich = try XCTUnwrap(try world.messages(id).first?["rich"])
        XCTAssertEqual(rich["state"], "pending")
        XCTAssertTrue(rich["pending_reason"]?.stringValue?.contains("503") == true, "\(rich)")
        XCTAssertEqual(try world.events(id, "amazon.order_pending").count, 1)
        XCTAssertEqual(try world.status()["pending_orders"], 1)
        // The retry timer (1 s here) fetches it and records it on the conversation.
        let fetched = try world.host.eventually("the order fetched later") { () -> JSON? in try world.events(id, "amazon.order_context").first }
        XCTAssertEqual(fetched["data"]?["status"], "Shipped")
        _ = try world.host.eventually("no order pending") { try world.status()["pending_orders"] == 0 ? true : nil }
        // The conversation's fields said "pending" (with why), then the order, with the reason gone.
        let changes = try world.events(id, "conversation.fields_changed")
        XCTAssertEqual(changes.count, 2, "\(changes)")
        XCTAssertEqual(changes.first?["data"]?["set"]?["order_status"], "pending")
        XCTAssertTrue(changes.first?["data"]?["set"]?["order_pending_reason"]?.stringValue?.contains("503") == true, "\(changes)")
        XCTAssertEqual(changes.last?["data"]?["set"]?["order_status"], "Shipped")
        XCTAssertEqual(changes.last?["data"]?["removed"], ["order_pending_reason"])
        let fields = try XCTUnwrap(try world.conversation(id)["fields"])
        XCTAssertEqual(fields["order_status"], "Shipped")
        XCTAssertEqual(fields["order_promised_delivery"], "2026-12-09T23:59:59Z")
        XCTAssertEqual(fields["order_items"], "1 × Blue kettle (ASIN B000KETTLE, SKU KET-BLUE-1)")
        // A later mail whose look-up fails again keeps the fetched order in the fields.
        world.amazon.failNext(503)
        let later = try world.relay(body: "Hello?")
        XCTAssertEqual(later.json["order_state"], "pending", later.text)
        XCTAssertEqual(try world.conversation(id)["fields"]?["order_status"], "Shipped")
    }

    func testRateLimitsAreHonouredWithBackoff() throws {
        try start()
        world.amazon.failNext(429, 429)
        let r = try world.relay()
        _ = try stored(r)
        XCTAssertEqual(r.json["order_state"], "fetched", "two 429s then the order: the backoff waited")
        let orderCalls = world.amazon.received.filter { $0.path == "/orders/v0/orders/\(order)" }
        XCTAssertEqual(orderCalls.count, 3)
    }

    func testTokensAreRefreshedAheadOfExpiryAndWhenRevoked() throws {
        // 302 s tokens are refreshed 300 s ahead: cached for about 2 s.
        try start(tokenLifetimeSeconds: 302)
        _ = try stored(try world.relay(body: "one"))
        XCTAssertEqual(world.amazon.grants, 1)
        Thread.sleep(forTimeInterval: 2.5)
        _ = try stored(try world.relay(body: "two"))
        XCTAssertEqual(world.amazon.grants, 2, "a token near its expiry is replaced before use")
        // Amazon revokes the token: the 403 Unauthorized makes the channel get a new one and try again.
        world.amazon.revokeTokens()
        let r = try world.relay(body: "three")
        XCTAssertEqual(r.json["order_state"], "fetched", r.text)
        XCTAssertEqual(world.amazon.grants, 3)
    }

    func testALoginRefusalPutsTheInstanceInNeedsReconnectAndTheMailIsStillStored() throws {
        try start()
        world.amazon.refuseLogin((400, "invalid_grant", "The request has an invalid grant parameter : refresh_token"))
        let r = try world.relay()
        let id = try stored(r)
        XCTAssertEqual(r.json["order_state"], "pending")
        let status = try world.status()
        XCTAssertEqual(status["needs_reconnect"], true)
        XCTAssertTrue(status["reason"]?.stringValue?.contains("invalid_grant") == true, "\(status)")
        XCTAssertEqual(try world.host.request("GET", "/api/v1/channels/\(world.instance)").json["state"], "running")
        let waiting = try XCTUnwrap(try world.conversation(id)["fields"])
        XCTAssertEqual(waiting["order_status"], "pending")
        XCTAssertTrue(waiting["order_pending_reason"]?.stringValue?.contains("invalid_grant") == true, "\(waiting)")
        // The seller authorises again: the next retry gets a token, the order arrives, the flag goes.
        world.amazon.refuseLogin(nil)
        _ = try world.host.eventually("the order fetched after reconnecting") { () -> JSON? in try world.events(id, "amazon.order_context").first }
        _ = try world.host.eventually("the order in the fields") { try world.conversation(id)["fields"]?["order_status"] == "Shipped" ? true : nil }
        _ = try world.host.eventually("needs_reconnect cleared") { try world.status()["needs_reconnect"] == false ? true : nil }
    }

    func testRepliesAreMailedToTheAliasFromTheApprovedSenderThreadedOnTheRelayMail() throws {
        try start()
        let relayID = "relay-1@relay.amazon.com"
        let id = try stored(try world.relay(messageID: relayID))
        let sent = try world.reply(id, text: "Your kettle is on its way and arrives by Wednesday.")
        XCTAssertEqual(sent["delivery_status"], "sent", "\(sent)")
        let mail = try XCTUnwrap(world.mailgun.sent.withLock { $0.last })
        XCTAssertEqual(mail.field("to"), "5vlhexample0h9h5abcdefghijklmnopqrs@marketplace.amazon.com")
        XCTAssertEqual(mail.field("from"), "\"Acme Store\" <\(world.sender)>")
        XCTAssertEqual(mail.field("h:In-Reply-To"), "<\(relayID)>")
        XCTAssertEqual(mail.field("subject"), "Re: Shipping inquiry from Amazon customer Ann Lee (Order: \(order))")
        XCTAssertEqual(mail.field("text"), "Your kettle is on its way and arrives by Wednesday.")
    }

    func testRepliesWithLinksEmailAddressesOrMarketingAreRefusedWithTheReason() throws {
        try start()
        let id = try stored(try world.relay())
        let cases = [("Track it at www.acme-shop.com today", "www.acme-shop.com"),
                     ("Write to me at bob@acme.example instead", "bob@acme.example"),
                     ("Use coupon KETTLE10 on your next order", "coupon")]
        let before = try world.messages(id).count
        for (text, offending) in cases {
            // Refused before it is accepted (the plugin's validate_outbound): 400 naming the field, nothing stored.
            let refused = try world.host.request("POST", "/api/v1/conversations/\(id)/messages", json: ["text": .string(text)])
            XCTAssertEqual(refused.status, 400, refused.text)
            XCTAssertEqual(refused.json["field"], "text", refused.text)
            let detail = refused.json["message"]?.stringValue ?? refused.text
            XCTAssertTrue(detail.contains("Amazon forbids") && detail.contains(offending), detail)
        }
        let action = try world.host.request("POST", "/api/v1/conversations/\(id)/messages", json: [
            "rich": ["type": "amazon_action", "action": "confirmDeliveryDetails", "text": "Call me on www.acme-shop.com"]])
        XCTAssertEqual(action.status, 400, action.text)
        XCTAssertEqual(action.json["field"], "rich.text", action.text)
        XCTAssertEqual(try world.messages(id).count, before, "nothing refused was stored")
        XCTAssertTrue(world.mailgun.sent.withLock { $0.isEmpty }, "nothing refused reached Mailgun")
        // Order ids, dates, abbreviations and Amazon's own pages are not links.
        let fine = try world.reply(id, text: "Order 111-2223334-5556667 left our U.S. warehouse on 12.12.2026 (see amazon.com/orders), e.g. by UPS.")
        XCTAssertEqual(fine["delivery_status"], "sent", "\(fine)")
    }

    func testNoResponseNeededRecordsTheAnswerWithoutMailing() throws {
        try start()
        let id = try stored(try world.relay(body: "Thanks, all good!"))
        let done = try world.reply(id, rich: ["type": "amazon_no_response_needed"])
        XCTAssertEqual(done["delivery_status"], "sent", "\(done)")
        XCTAssertTrue(world.mailgun.sent.withLock { $0.isEmpty })
    }

    func testMessagingAPIActionsGoOnlyWhenAmazonAllowsThem() throws {
        try start()
        let id = try stored(try world.relay())
        let sent = try world.reply(id, rich: ["type": "amazon_action", "action": "confirmDeliveryDetails",
                                              "text": "Please confirm the gate code for delivery."])
        XCTAssertEqual(sent["delivery_status"], "sent", "\(sent)")
        let action = try XCTUnwrap(world.amazon.sentActions.first)
        XCTAssertEqual(action.action, "confirmDeliveryDetails")
        XCTAssertEqual(action.orderID, order)
        XCTAssertEqual(action.marketplaceID, "ATVPDKIKX0DER")
        XCTAssertEqual(action.body["text"], "Please confirm the gate code for delivery.")

        let refused = try world.reply(id, rich: ["type": "amazon_action", "action": "unexpectedProblem", "text": "A problem."])
        XCTAssertEqual(refused["delivery_status"], "failed")
        XCTAssertTrue(refused["delivery_detail"]?.stringValue?.contains("does not allow unexpectedProblem") == true, "\(refused)")
        XCTAssertEqual(world.amazon.sentActions.count, 1)
    }

    func testEuropeanSellersUseTheirRegionAndTheAliasMarketplace() throws {
        let ukOrder = "203-1234567-7654321"
        try start([FakeSellingPartnerAPI.Order(id: ukOrder, marketplaceID: "A1F83G8C2ARO7P", actions: ["unexpectedProblem"])],
                  region: "EU", marketplaces: ["A1PA6795UKMFR9", "A1F83G8C2ARO7P"])
        let r = try world.relay(alias: "ukbuyerexample000000000000000000000@marketplace.amazon.co.uk", orderID: ukOrder)
        let id = try stored(r)
        XCTAssertEqual(r.json["order_state"], "fetched", r.text)
        let rich = try XCTUnwrap(try world.messages(id).first?["rich"])
        XCTAssertEqual(rich["amazon"]?["marketplace"], "amazon.co.uk")
        XCTAssertEqual(rich["messaging_actions"], ["unexpectedProblem"])
    }
}

/// Amazon's 24-hour response expectation: each conversation's due time (the host's response
/// clock, from the plugin's manifest), sorted and filtered in the inbox, stopped by an answer.
final class AmazonResponseClockTests: XCTestCase {
    func testEachBuyerMessageCarriesA24HourDueTimeTheInboxSortsAndFiltersAndAnAnswerStops() throws {
        let world = try AmazonWorld()
        defer { world.stop() }
        world.amazon.addOrder(FakeSellingPartnerAPI.Order(id: "111-2223334-5556667"))
        world.amazon.addOrder(FakeSellingPartnerAPI.Order(id: "222-3334445-6667778"))
        let before = Int64(Date().timeIntervalSince1970 * 1000)
        let first = try XCTUnwrap(try world.relay().json["conversation_id"]?.stringValue)
        let second = try XCTUnwrap(try world.relay(orderID: "222-3334445-6667778").json["conversation_id"]?.stringValue)
        let due = try XCTUnwrap(Clock.parseISO8601(try world.conversation(first)["response_due_at"]?.stringValue ?? ""))
        XCTAssertTrue((before + 86_400_000 - 2000...before + 86_400_000 + 10_000).contains(due), "24 hours after Mailgun received it")
        // A second message before any answer keeps the first one's clock.
        _ = try world.relay(body: "Hello again?")
        XCTAssertEqual(try world.conversation(first)["response_due_at"]?.stringValue, Clock.iso8601(due))

        // The second conversation is overdue (as if a day had passed): it sorts first and is the only overdue one.
        try world.host.sql("UPDATE conversations SET response_due_at = \(before - 60_000) WHERE id = '\(second)'")
        let sorted = try world.host.request("GET", "/api/v1/inbox?sort=response_due").json["items"]?.arrayValue ?? []
        XCTAssertEqual(sorted.compactMap { $0["id"]?.stringValue }, [second, first])
        let overdue = try world.host.request("GET", "/api/v1/inbox?due=overdue").json["items"]?.arrayValue ?? []
        XCTAssertEqual(overdue.compactMap { $0["id"]?.stringValue }, [second])
        let paged = try world.host.request("GET", "/api/v1/inbox?sort=response_due&limit=1").json
        let next = try XCTUnwrap(paged["next_before"]?.stringValue)
        let page2 = try world.host.request("GET", "/api/v1/inbox?sort=response_due&limit=1&before=\(next)").json["items"]?.arrayValue ?? []
        XCTAssertEqual(page2.compactMap { $0["id"]?.stringValue }, [first])
        XCTAssertEqual(try world.host.request("GET", "/api/v1/inbox?due=soon").status, 400)

        // A refused reply (a link: 400 before it is accepted) owes the answer still; a sent one stops the clock;
        // so does "no response needed".
        let refused = try world.host.request("POST", "/api/v1/conversations/\(first)/messages", json: ["text": "See www.acme-shop.com"])
        XCTAssertEqual(refused.status, 400, refused.text)
        XCTAssertNotEqual(try world.conversation(first)["response_due_at"], .null)
        XCTAssertEqual(try world.reply(first, text: "It arrives tomorrow.")["delivery_status"], "sent")
        XCTAssertEqual(try world.conversation(first)["response_due_at"], .null)
        XCTAssertEqual(try world.reply(second, rich: ["type": "amazon_no_response_needed"])["delivery_status"], "sent")
        XCTAssertEqual(try world.conversation(second)["response_due_at"], .null)
        XCTAssertEqual(try world.host.request("GET", "/api/v1/inbox?due=any").json["items"]?.arrayValue?.count, 0)
        // The buyer writes again: a new clock.
        _ = try world.relay(body: "One more question")
        XCTAssertNotEqual(try world.conversation(first)["response_due_at"], .null)
    }
}

/// The Agent Stack bound to the Amazon instance answers "where is my order" from the order the
/// channel attached before its first turn, and its answer goes to the buyer's alias by mail.
final class AmazonStackTests: XCTestCase {
    /// Binds an Agent Stack with an `order_lookup` tool (no URL: the order the channel attached) to
    /// the instance; the model `answer` gets the tool's result.
    func bindStack(_ world: AmazonWorld, answer: @escaping @Sendable (JSON) -> String) throws -> FakeChatCompletions {
        let llm = try FakeChatCompletions { request in
            if request.toolResults.isEmpty { return .toolCalls([("lookup_order", [:])]) }
            return .content(answer((try? JSON.parse(request.toolResults.last?["content"]?.stringValue ?? "")) ?? .null))
        }
        try world.host.putCredential("llm-key", llm.key)
        try world.host.sql("INSERT INTO teams (id, name, created_at, updated_at) VALUES ('sellers', 'Seller support', 0, 0)")
        XCTAssertEqual(try world.host.request("POST", "/api/v1/knowledge/import", json: ["collection": "amazon-help", "articles": [
            ["title": "Delivery", "body": "Orders ship within one working day; Amazon shows the promised delivery date."]]]).status, 200)
        let stack: JSON = ["id": "amazon-bot", "name": "Amazon assistant", "handover_team": "sellers", "collections": ["amazon-help"],
                           "topics": [["name": "shipping", "examples": ["where is my order", "where is my parcel", "has my order shipped",
                                                                        "when will my order arrive", "track my delivery"]]],
                           "handover": ["min_confidence": 0.5],
                           "engine": ["kind": "openai", "base_url": .string(llm.baseURL), "model": .string(llm.model), "api_key_credential": "llm-key"],
                           "tools": [["name": "lookup_order", "kind": "order_lookup"]]]
        let put = try world.host.request("PUT", "/api/v1/stacks/amazon-bot", json: stack)
        XCTAssertTrue(put.status == 201 || put.status == 200, put.text)
        XCTAssertEqual(try world.host.request("PATCH", "/api/v1/channels/\(world.instance)",
                                               json: ["binding": ["kind": "stack", "ref": "amazon-bot"]]).status, 200)
        return llm
    }

    func testTheStackAnswersTheOrderStatusFromTheAttachedContext() throws {
        let world = try AmazonWorld()
        defer { world.stop() }
        world.amazon.addOrder(FakeSellingPartnerAPI.Order(id: "111-2223334-5556667", status: "Shipped"))
        // promised_delivery.latest is in the message's full order only (the fields hold it flat):
        // the full order keeps priority over the order_id field the channel also set.
        let llm = try bindStack(world) { result in
            "Your order \(result["order_id"]?.stringValue ?? "?") is \(result["status"]?.stringValue ?? "?"), "
                + "due by \(result["promised_delivery"]?["latest"]?.stringValue ?? "?")."
        }
        defer { llm.stop() }

        let r = try world.relay(body: "Where is my order?")
        XCTAssertEqual(r.status, 200, r.text)
        let mail = try world.host.eventually("the stack's answer mailed") { world.mailgun.sent.withLock { $0.first } }
        XCTAssertEqual(mail.field("to"), "5vlhexample0h9h5abcdefghijklmnopqrs@marketplace.amazon.com")
        XCTAssertTrue(mail.field("text")?.contains("Your order 111-2223334-5556667 is Shipped, due by 2026-12-09T23:59:59Z.") == true,
                      mail.field("text") ?? "")
        XCTAssertEqual(llm.requests.withLock { $0.count }, 2, "one tool call, one answer: the order was there at the first turn")
    }

    /// The SP-API fails at first (503): the stack's first turn sees the order pending. The retry
    /// timer fetches it and sets the conversation's fields; the buyer's next mail, whose own look-up
    /// fails again, still gets the real status: the stack reads the fields over the pending message.
    func testAPendingOrderFetchedLaterReachesTheStacksNextTurn() throws {
        let world = try AmazonWorld()
        defer { world.stop() }
        world.amazon.addOrder(FakeSellingPartnerAPI.Order(id: "111-2223334-5556667", status: "Shipped"))
        let llm = try bindStack(world) { result in
            let due = result["promised_delivery"]?["latest"]?.stringValue ?? result["promised_delivery"]?.stringValue ?? "?"
            // Pending: the message's context says so in `state`, the fields in `order_status`.
            return result["state"] == "pending" || result["status"] == "pending" ? "We are still looking up order \(result["order_id"]?.stringValue ?? "?")."
                : "Your order \(result["order_id"]?.stringValue ?? "?") is \(result["status"]?.stringValue ?? "?"), due by \(due)."
        }
        defer { llm.stop() }

        world.amazon.failNext(503)
        let first = try world.relay(body: "Where is my order?")
        XCTAssertEqual(first.json["order_state"], "pending", first.text)
        let id = try XCTUnwrap(first.json["conversation_id"]?.stringValue)
        let pendingAnswer = try world.host.eventually("the first answer mailed") { world.mailgun.sent.withLock { $0.first } }
        XCTAssertEqual(pendingAnswer.field("text")?.contains("We are still looking up order 111-2223334-5556667."), true,
                       pendingAnswer.field("text") ?? "")

        let fields = try world.host.eventually("the order fetched into the fields") { () -> JSON? in
            let f = try world.conversation(id)["fields"]
            return f?["order_status"] == "Shipped" ? f : nil
        }
        XCTAssertEqual(fields["order_id"], "111-2223334-5556667")
        XCTAssertEqual(fields["order_promised_delivery"], "2026-12-09T23:59:59Z")

        world.amazon.failNext(503)
        let second = try world.relay(body: "Where is my order now?")
        XCTAssertEqual(second.json["order_state"], "pending", second.text)
        XCTAssertEqual(second.json["conversation_id"]?.stringValue, id)
        let answer = try world.host.eventually("the second answer mailed") { world.mailgun.sent.withLock { $0.count == 2 ? $0.last : nil } }
        XCTAssertTrue(answer.field("text")?.contains("Your order 111-2223334-5556667 is Shipped, due by 2026-12-09T23:59:59Z.") == true,
                      answer.field("text") ?? "")
        let lookups = try world.events(id, "stack.tool_called")
        XCTAssertEqual(lookups.count, 2)
        XCTAssertEqual(lookups.last?["data"]?["result"]?["status"], "Shipped", "\(lookups)")
    }
}
