import Foundation
import SwitchboardSupport
import XCTest

/// The web chat widget (Plugins/WebChat) in the real host: sessions, messages, live replies over
/// Server-Sent Events, resuming after a drop, uploads, and every refusal naming its field with
/// nothing stored. Channel switching is in WebChatSwitchingTests.
final class WebChatTests: XCTestCase {
    var world: WebChatWorld!

    override func setUpWithError() throws { world = try WebChatWorld() }
    override func tearDown() { world?.stop() }

    func testASessionSendsAndTheAgentsReplyArrivesLiveThenAReconnectGetsWhatWasMissedOnce() throws {
        let started = try world.session(["name": "Ann Lee", "email": "ann@example.com"])
        XCTAssertTrue(started.token.hasPrefix("v1.\(started.visitorID)."), started.token)
        XCTAssertEqual(started.json["conversation_id"], .null)
        XCTAssertEqual(started.json["contact"]?["email"], "ann@example.com")

        let first = try world.send(started.token, "Where is my order?", clientID: "c-1")
        // A resend (the answer was lost) is the same message.
        let resend = try world.widget("POST", "/messages", json: ["text": "Where is my order?", "client_message_id": "c-1"], token: started.token)
        XCTAssertEqual(resend.status, 200, resend.text)
        XCTAssertEqual(resend.json["duplicate"], true)
        XCTAssertEqual(resend.json["message_id"]?.intValue, first.messageID)
        let conversation = try world.host.request("GET", "/api/v1/conversations/\(first.conversationID)").json
        XCTAssertEqual(conversation["contact"]?["display_name"], "Ann Lee")
        XCTAssertEqual(try world.messages(first.conversationID).count, 1)

        // The stream replays the visitor's own message, then goes live.
        let stream = try world.stream(started.token)
        XCTAssertEqual(stream.header("Content-Type")?.hasPrefix("text/event-stream"), true)
        let replay = try stream.next(2)
        XCTAssertEqual(replay[0].event, "message")
        XCTAssertEqual(replay[0].eventID, Int64(first.messageID))
        XCTAssertEqual(replay[0].json["text"], "Where is my order?")
        XCTAssertEqual(replay[1].event, "status")

        // A visitor can only have seen what they were shown: a made-up id does not mark future replies seen.
        let overclaim = try world.widget("POST", "/seen", json: ["message_id": 1_000_000], token: started.token)
        XCTAssertEqual(overclaim.json["seen_up_to"]?.intValue, first.messageID, overclaim.text)

        let pushStarted = Date()
        let replyID = try world.reply(first.conversationID, "It ships today.")
        let live = try stream.next(1)[0]
        let pushMs = Date().timeIntervalSince(pushStarted) * 1000
        print("webchat: agent reply to the visitor's stream in \(Int(pushMs)) ms (REST call included)")
        XCTAssertEqual(live.event, "message")
        XCTAssertEqual(live.eventID, Int64(replyID))
        XCTAssertEqual(live.json["direction"], "outbound")
        XCTAssertEqual(live.json["text"], "It ships today.")
        try world.waitForStatus(first.conversationID, replyID, "sent")
        XCTAssertEqual(try world.message(first.conversationID, replyID)?["provider_message_id"]?.stringValue, "webchat-\(replyID)")

        // The widget showed it: the reply counts as read.
        XCTAssertEqual(try world.widget("POST", "/seen", json: ["message_id": .from(replyID)], token: started.token).status, 202)
        try world.waitForStatus(first.conversationID, replyID, "read")

        // An agent typing shows in the widget.
        XCTAssertLessThan(try world.host.request("POST", "/api/v1/conversations/\(first.conversationID)/typing").status, 300)
        let typing = try stream.next(1)[0]
        XCTAssertEqual(typing.event, "typing")
        XCTAssertNotNil(typing.json["name"]?.stringValue)

        // The visitor goes away; once the host's heartbeat finds the connection gone, a reply waits for them, visibly.
        stream.close()
        Thread.sleep(forTimeInterval: 3)
        let missedID = try world.reply(first.conversationID, "Tracking: https://t.example/1")
        _ = try world.host.eventually("the reply to wait for the visitor") { () -> Bool? in
            let m = try world.message(first.conversationID, missedID)
            return m?["delivery_status"]?.stringValue == "queued"
                && (m?["delivery_detail"]?.stringValue ?? "").contains("waiting for the customer") ? true : nil
        }

        // Back (EventSource resumes with Last-Event-ID): exactly what was missed, once, and it is sent.
        let resumed = try world.stream(started.token, lastEventID: replyID)
        let caughtUp = try resumed.drain(for: 1.5).filter { $0.event == "message" }
        XCTAssertEqual(caughtUp.map(\.eventID), [Int64(missedID)], caughtUp.map(\.data).joined(separator: "\n"))
        try world.waitForStatus(first.conversationID, missedID, "sent")
        resumed.close()

        // A reload continues the same visitor and conversation; the history is all there.
        let reloaded = try world.session(["visitor_token": .string(started.token)])
        XCTAssertEqual(reloaded.visitorID, started.visitorID)
        XCTAssertEqual(reloaded.json["conversation_id"]?.stringValue, first.conversationID)
        let history = try world.widget("GET", "/messages", token: reloaded.token)
        XCTAssertEqual(history.status, 200, history.text)
        XCTAssertEqual(history.json["messages"]?.arrayValue?.compactMap { $0["id"]?.intValue }, [first.messageID, replyID, missedID])
        XCTAssertEqual(try world.widget("GET", "/messages?after=\(replyID)", token: reloaded.token).json["messages"]?.arrayValue?.count, 1)
    }

    func testTheWidgetIsOneSelfContainedScriptThemedByItsConfiguration() throws {
        try world.reconfigure(["language": "de", "colors": ["primary": "#0b7a53"], "greeting": "Hallo!",
                               "switch_destinations": ["whatsapp", "email"]])
        let script = try world.widget("GET", "/widget.js")
        XCTAssertEqual(script.status, 200)
        XCTAssertFalse(script.text.contains("__SWITCHBOARD_WIDGET_BOOT__"), "the boot object replaced the placeholder")
        XCTAssertTrue(script.text.contains("attachShadow"))
        XCTAssertTrue(script.text.contains(".launcher"), "the CSS travels inside the script")
        XCTAssertTrue(script.text.contains("Chat öffnen") && script.text.contains("Open chat"), "every language's strings")
        XCTAssertFalse(script.text.contains("<link") || script.text.contains("@import"), "no external assets")
        let config = try world.widget("GET", "/config", origin: WebChatWorld.shop)
        XCTAssertEqual(config.json["language"], "de")
        XCTAssertEqual(config.json["colors"]?["primary"], "#0b7a53")
        XCTAssertEqual(config.json["greeting"], "Hallo!")
        // Only kinds the host can take now, in the configured order: email has no running channel here.
        XCTAssertEqual(config.json["switch_destinations"]?.arrayValue?.compactMap { $0["kind"]?.stringValue }, ["whatsapp"])
        XCTAssertEqual(config.json["switch_destinations"]?.arrayValue?.first?["state"], "planned")
    }

    func testWithAnAgentStackConfiguredTheStackAnswersInTheWidget() throws {
        let host = world.host
        let team = try host.addTeam("Tier 1")
        let imported = try host.request("POST", "/api/v1/knowledge/import", json: ["collection": "help", "articles": [
            ["source": "orders.md", "markdown": "# Where is my order?\n\nEvery parcel gets a tracking link by email as soon as it ships."]]])
        XCTAssertEqual(imported.status, 200, imported.text)
        let stack = try host.request("PUT", "/api/v1/stacks/support", json: [
            "id": "support", "name": "Acme assistant", "collections": ["help"], "handover_team": .string(team),
            "topics": [["name": "shipping", "examples": ["where is my parcel", "where is my order", "track my delivery", "has my order shipped",
                                                         "when will my parcel arrive"]]],
            "handover": ["min_confidence": 0.3, "message": "A colleague will take it from here."]])
        XCTAssertLessThan(stack.status, 300, stack.text)

        // A stack that does not exist: the operator's mistake, not the visitor's; nothing stored.
        try world.reconfigure(["agent_stack": "nope"])
        let early = try world.session()
        let refused = try world.widget("POST", "/messages", json: ["text": "hello", "client_message_id": "a"], token: early.token)
        XCTAssertEqual(refused.status, 503, refused.text)
        XCTAssertEqual(try world.conversationCount(), 0)

        try world.reconfigure(["agent_stack": "support"])
        let visitor = try world.session()
        let stream = try world.stream(visitor.token)
        let sent = try world.send(visitor.token, "Where is my parcel?")
        var answer = try stream.next(1, timeout: 15)[0]
        while !(answer.event == "message" && answer.json["direction"] == "outbound") { answer = try stream.next(1, timeout: 15)[0] }
        XCTAssertEqual(answer.json["author_kind"], "stack")
        XCTAssertTrue(answer.json["text"]?.stringValue?.contains("tracking link") == true, answer.data)
        XCTAssertEqual(try host.request("GET", "/api/v1/conversations/\(sent.conversationID)").json["agent_stack"], "support")
        stream.close()
    }

    func testUploadsAreMessagesWithImagesInlineAndRefusedFilesStoreNothing() throws {
        try world.reconfigure(["max_upload_bytes": 2048, "allowed_upload_types": ["image/*", "application/pdf"]])
        let visitor = try world.session(["name": "Ann"])
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 7, count: 200)

        let uploaded = try world.upload(visitor.token, name: "photo.png", contentType: "image/png", bytes: png)
        XCTAssertEqual(uploaded.status, 201, uploaded.json.serialized)
        let conversationID = try XCTUnwrap(uploaded.json["conversation_id"]?.stringValue)
        let url = try XCTUnwrap(uploaded.json["attachment"]?["url"]?.stringValue)
        XCTAssertEqual(uploaded.json["attachment"]?["content_type"], "image/png")
        XCTAssertEqual(uploaded.json["attachment"]?["size"]?.intValue, png.count)
        let fetched = try HTTPClient.perform(HTTPClientRequest(url: url))
        XCTAssertEqual(fetched.status, 200, url)
        XCTAssertEqual(fetched.body, png)
        let stored = try world.messages(conversationID)
        XCTAssertEqual(stored.count, 1)
        XCTAssertEqual(stored[0]["attachments"]?.arrayValue?.first?["url"]?.stringValue, url)

        // Refusals: too large, a type the widget does not take, no name, empty; nothing more is stored.
        let big = try world.upload(visitor.token, name: "big.png", contentType: "image/png", bytes: Array(repeating: 1, count: 4096))
        XCTAssertEqual(big.status, 413)
        XCTAssertEqual(big.json["field"], "file")
        let exe = try world.upload(visitor.token, name: "tool.exe", contentType: "application/x-msdownload", bytes: [1, 2, 3])
        XCTAssertEqual(exe.status, 415)
        XCTAssertEqual(exe.json["field"], "content_type")
        let nameless = try world.upload(visitor.token, name: nil, contentType: "image/png", bytes: png)
        XCTAssertEqual(nameless.status, 400)
        XCTAssertEqual(nameless.json["field"], "name")
        let sneaky = try world.upload(visitor.token, name: "../etc/passwd", contentType: "image/png", bytes: png)
        XCTAssertEqual(sneaky.json["field"], "name")
        let empty = try world.upload(visitor.token, name: "empty.png", contentType: "image/png", bytes: [])
        XCTAssertEqual(empty.status, 400)
        XCTAssertEqual(empty.json["field"], "file")
        let anonymous = try world.upload("v1.x.1.y", name: "photo.png", contentType: "image/png", bytes: png)
        XCTAssertEqual(anonymous.status, 401)
        XCTAssertEqual(try world.messages(conversationID).count, 1)
    }

    func testFloodsAreRefusedWith429AndStoreNothing() throws {
        try world.reconfigure(["sessions_per_minute_per_address": 1])
        // New visitors from one address: a burst of 10, then 429 with Retry-After; a returning visitor still gets in.
        var tokens: [String] = []
        for _ in 0..<10 { tokens.append(try world.session().token) }
        let eleventh = try world.widget("POST", "/session", json: [:])
        XCTAssertEqual(eleventh.status, 429, eleventh.text)
        XCTAssertEqual(eleventh.json["error"], "rate_limited")
        XCTAssertGreaterThanOrEqual(eleventh.json["retry_after_seconds"]?.intValue ?? 0, 1)
        XCTAssertEqual(try world.widget("POST", "/session", json: ["visitor_token": .string(tokens[0])]).status, 200)

        // One visitor's messages: a burst of 20 (one more may have been earned back meanwhile: 30 a
        // minute), then 429; a refused message is not stored.
        let first = try world.send(tokens[0], "message 0")
        var admitted = 1, refused: (status: Int, json: JSON, text: String)?
        for i in 1..<40 {
            let r = try world.widget("POST", "/messages", json: ["text": .string("message \(i)"), "client_message_id": .string("m\(i)")], token: tokens[0])
            if r.status == 429 { refused = r; break }
            XCTAssertEqual(r.status, 201, r.text)
            admitted += 1
        }
        XCTAssertEqual(refused?.json["error"], "rate_limited", "a flood is refused")
        XCTAssertTrue((20...25).contains(admitted), "\(admitted) admitted before the first 429")
        XCTAssertEqual(try world.messages(first.conversationID).count, admitted)
        // Another visitor is not held back by the first one's flood.
        XCTAssertEqual(try world.widget("POST", "/messages", json: ["text": "hi", "client_message_id": "c"], token: tokens[1]).status, 201)
    }

    func testBadInputIsRefusedNamingTheFieldAndStoresNothing() throws {
        // Unknown widget: the host's 404.
        XCTAssertEqual(try world.host.request("GET", "/hooks/nowhere/config").status, 404)
        XCTAssertEqual(try world.host.request("GET", "/hooks/nowhere/widget.js").status, 404)

        // Origins: the configured one gets CORS headers; another page's origin is refused; no Origin (a server) passes.
        let allowed = try HTTPClient.perform(HTTPClientRequest(url: world.host.baseURL + "/hooks/site/config", headers: [("Origin", WebChatWorld.shop)]))
        XCTAssertEqual(allowed.status, 200)
        XCTAssertEqual(allowed.headers.first { $0.0.lowercased() == "access-control-allow-origin" }?.1, WebChatWorld.shop)
        let preflight = try HTTPClient.perform(HTTPClientRequest(method: "OPTIONS", url: world.host.baseURL + "/hooks/site/messages",
                                                                 headers: [("Origin", WebChatWorld.shop), ("Access-Control-Request-Method", "POST")]))
        XCTAssertEqual(preflight.status, 204)
        XCTAssertTrue(preflight.headers.contains { $0.0.lowercased() == "access-control-allow-headers" && $0.1.contains("Authorization") })
        for path in ["/config", "/session"] {
            let r = try world.widget(path == "/config" ? "GET" : "POST", path, json: path == "/config" ? nil : [:], origin: "https://evil.example")
            XCTAssertEqual(r.status, 403, path)
            XCTAssertEqual(r.json["error"], "origin_not_allowed")
            XCTAssertEqual(r.json["field"], "Origin")
        }
        XCTAssertEqual(try world.widget("GET", "/widget.js", origin: "https://evil.example").status, 200, "a script tag carries no CORS")

        // Forged and expired visitor tokens.
        let forged = "v1.vfake.\(Int(Date().timeIntervalSince1970)).\(Crypto.hmacSHA256Hex(key: "not-the-secret", message: "x"))"
        let issued = Int(Date().timeIntervalSince1970) - 31 * 86_400
        let expired = "v1.vold.\(issued)." + Crypto.hmacSHA256Hex(key: WebChatWorld.secret, message: "v1.vold.\(issued)")
        for token in [forged, expired, "garbage"] {
            let send = try world.widget("POST", "/messages", json: ["text": "hi", "client_message_id": "x"], token: token)
            XCTAssertEqual(send.status, 401, token)
            XCTAssertEqual(send.json["field"], "visitor_token")
            let resume = try world.widget("POST", "/session", json: ["visitor_token": .string(token)])
            XCTAssertEqual(resume.status, 401)
            XCTAssertEqual(resume.json["field"], "visitor_token")
            let stream = try SSEClient(port: world.host.port, path: "/hooks/site/stream?token=\(FormURLEncoding.encodeComponent(token))")
            XCTAssertEqual(stream.status, 401)
            stream.close()
        }
        XCTAssertEqual(try world.widget("GET", "/messages").status, 401, "no token at all")

        // Identity verification: a wrong hash is refused; the right one makes the visitor their contact on any device.
        let wrong = try world.widget("POST", "/session", json: ["user_id": "crm-42", "user_hash": "00"])
        XCTAssertEqual(wrong.status, 401)
        XCTAssertEqual(wrong.json["field"], "user_hash")
        let hash = Crypto.hmacSHA256Hex(key: WebChatWorld.secret, message: "crm-42")
        let laptop = try world.session(["user_id": "crm-42", "user_hash": .string(hash), "name": "Ann"])
        XCTAssertEqual(laptop.json["verified"], true)
        let sent = try world.send(laptop.token, "from my laptop")
        let phone = try world.session(["user_id": "crm-42", "user_hash": .string(hash)])
        XCTAssertNotEqual(phone.visitorID, laptop.visitorID)
        XCTAssertEqual(phone.json["conversation_id"]?.stringValue, sent.conversationID, "the same customer on another device")
        // The laptop's token after the user logged out of the site: not the user any more.
        let loggedOut = try world.session(["visitor_token": .string(laptop.token)])
        XCTAssertNotEqual(loggedOut.visitorID, laptop.visitorID)
        XCTAssertEqual(loggedOut.json["conversation_id"], .null)

        // Messages: empty text, no client id, not JSON.
        let visitor = try world.session()
        for (body, field) in [(["text": "  ", "client_message_id": "a"], "text"), (["client_message_id": "a"], "text"),
                              (["text": "hi"], "client_message_id"), (["text": "hi", "client_message_id": "bad id!"], "client_message_id")] as [(JSON, String)] {
            let r = try world.widget("POST", "/messages", json: body, token: visitor.token)
            XCTAssertEqual(r.status, 400, body.serialized)
            XCTAssertEqual(r.json["field"]?.stringValue, field, body.serialized)
        }
        XCTAssertEqual(try world.widget("POST", "/messages", token: visitor.token, headers: [("Content-Type", "application/json")]).status, 400)
        XCTAssertEqual(try world.widget("POST", "/seen", json: [:], token: visitor.token).json["field"], "message_id")
        XCTAssertEqual(try world.widget("GET", "/messages?after=x", token: visitor.token).json["field"], "after")
        XCTAssertEqual(try world.widget("DELETE", "/messages", token: visitor.token).status, 405)

        // Pre-chat: a required field missing, a malformed address.
        try world.reconfigure(["pre_chat_fields": ["name": "required", "email": "required", "phone": "optional"]])
        for (body, field) in [(["name": "Ann"], "email"), (["email": "ann@example.com"], "name"), (["name": "Ann", "email": "ann"], "email"),
                              (["name": "Ann", "email": "ann@example.com", "phone": "12"], "phone")] as [(JSONObject, String)] {
            let r = try world.widget("POST", "/session", json: .object(body))
            XCTAssertEqual(r.status, 400, body.keys.joined())
            XCTAssertEqual(r.json["field"]?.stringValue, field)
        }

        // Switching: a kind not offered (no email channel runs; fax is no kind), a bad address.
        for (body, status, field) in [(["kind": "email"], 409, "kind"), (["kind": "fax"], 409, "kind"),
                                      (["kind": "whatsapp", "address": "555"], 400, "address"), (["kind": "sms"], 400, "address")] as [(JSON, Int, String)] {
            let r = try world.widget("POST", "/switch", json: body, token: laptop.token)
            XCTAssertEqual(r.status, status, body.serialized + " " + r.text)
            XCTAssertEqual(r.json["field"]?.stringValue, field, body.serialized)
        }

        // Configuration: the host's schema and the plugin's own checks, each naming the setting.
        for (extra, field) in [(["idle_timeout_seconds": 299], "config.idle_timeout_seconds"), (["max_upload_bytes": 10_485_761], "config.max_upload_bytes"),
                               (["reconnect_grace_seconds": 0], "config.reconnect_grace_seconds"), (["colors": ["primary": "red;x"]], "config.colors.primary"),
                               (["allowed_origins": ["shop.example"]], "config.allowed_origins[0]")] as [(JSONObject, String)] {
            let r = try world.host.request("PATCH", "/api/v1/channels/site", json: ["config": WebChatWorld.config(extra)])
            XCTAssertEqual(r.status, 400, r.text)
            // The host names schema fields itself, and the setting a plugin named when it refused one.
            XCTAssertEqual(r.json["field"]?.stringValue, field, r.text)
        }

        // Of all that, only the verified customer's one message is stored.
        XCTAssertEqual(try world.conversationCount(), 1)
        XCTAssertEqual(try world.messages(sent.conversationID).count, 1)
    }
}
