@testable import SwitchboardDomain
import SwitchboardSupport
import XCTest

/// The pure rules of event webhooks: which types a subscription wants, which events its owner may
/// receive, which URLs it may use, and the signature format receivers verify.
final class WebhookRulesTests: XCTestCase {
    func pattern(_ text: String) throws -> EventTypePattern { try EventTypePattern(text) }

    func testExactPrefixAndAllPatterns() throws {
        XCTAssertTrue(try pattern("message.received").matches("message.received"))
        XCTAssertFalse(try pattern("message.received").matches("message.received.late"))
        XCTAssertFalse(try pattern("message.received").matches("message.queued"))

        let conversations = try pattern("conversation.*")
        XCTAssertTrue(conversations.matches("conversation.created"))
        XCTAssertTrue(conversations.matches("conversation.channel_switched"))
        XCTAssertTrue(conversations.matches("conversation.sla.breached"), "a prefix covers deeper names")
        XCTAssertFalse(conversations.matches("conversation"), "the prefix alone is not an event under it")
        XCTAssertFalse(conversations.matches("conversations.created"))
        XCTAssertFalse(conversations.matches("message.received"))

        XCTAssertTrue(try pattern("*").matches("anything.at_all"))

        let filter = try EventTypeFilter(["conversation.*", "message.received", "message.received"])
        XCTAssertEqual(filter.texts, ["conversation.*", "message.received"], "duplicates are dropped")
        XCTAssertTrue(filter.matches("conversation.reopened"))
        XCTAssertTrue(filter.matches("message.received"))
        XCTAssertFalse(filter.matches("message.queued"))
    }

    func testMalformedPatternsAreRefused() {
        for bad in ["", "conversation*", "*.created", "conversation.*.x", "Message.Received", "message..received", ".message",
                    "message.", "message received", "**", "message.*.*", String(repeating: "a", count: 101)] {
            XCTAssertThrowsError(try EventTypePattern(bad), "\"\(bad)\" should be refused")
        }
        XCTAssertNoThrow(try EventTypePattern("message"), "a one-segment name is a name")
        XCTAssertNoThrow(try EventTypePattern("agent_2.mention"))
        XCTAssertThrowsError(try EventTypeFilter([]))
        XCTAssertThrowsError(try EventTypeFilter((0...50).map { "t\($0)" }))
        XCTAssertThrowsError(try EventTypeFilter(["message.received", "bad*"])) { error in
            XCTAssertTrue("\(error)".contains("bad*"), "the message names the entry: \(error)")
        }
    }

    func testWebhookURLs() {
        for good in ["https://example.com/hooks", "http://127.0.0.1:8080/x?y=1", "HTTPS://Example.com", "https://user:pw@example.com/h",
                     "http://[::1]:9000/hook", "https://example.com"] {
            XCTAssertNoThrow(try WebhookURL.validate(good), good)
        }
        for bad in ["", "example.com/hooks", "/hooks", "ftp://example.com", "https://", "https:///path", "https://example.com:0/",
                    "https://example.com:99999/", "https://example.com:abc/", "https://exa mple.com", "http://[::1/x",
                    "javascript:alert(1)", "https://example.com/\n", "https://" + String(repeating: "a", count: 2048)] {
            XCTAssertThrowsError(try WebhookURL.validate(bad), bad)
        }
    }

    func event(_ type: String, conversation: String? = "cnv_1", instance: String? = "api1", agent: String? = nil) -> WebhookEvent {
        WebhookEvent(event: Event(id: 1, conversationID: conversation, type: type, actor: "customer", dataJSON: "{}", createdAt: 0),
                     agentID: agent, channelInstanceID: instance)
    }

    func testWhoMayReceiveWhat() {
        let integrator = Viewer.integrator(["api1", "api3"])
        XCTAssertTrue(WebhookAudience.mayReceive(integrator, event("message.received")))
        XCTAssertFalse(WebhookAudience.mayReceive(integrator, event("message.received", instance: "api2")), "another instance's conversation")
        XCTAssertFalse(WebhookAudience.mayReceive(integrator, event("system.started", conversation: nil, instance: nil)), "no conversation")
        XCTAssertFalse(WebhookAudience.mayReceive(integrator, event("message.received", instance: nil)), "the conversation is gone")
        XCTAssertFalse(WebhookAudience.mayReceive(integrator, event("agent.mentioned", agent: "agt_1")), "a private notification")
        XCTAssertFalse(WebhookAudience.mayReceive(.integrator([]), event("message.received")))

        XCTAssertTrue(WebhookAudience.mayReceive(.everyone, event("message.received", instance: "api2")))
        XCTAssertTrue(WebhookAudience.mayReceive(.everyone, event("system.started", conversation: nil, instance: nil)))
        XCTAssertTrue(WebhookAudience.mayReceive(.everyone, event("agent.mentioned", agent: "agt_1")))

        XCTAssertFalse(WebhookAudience.mayReceive(.agent("agt_1"), event("message.received")), "agents do not own subscriptions")
    }

    /// The worked example of Plugins/API/README.md: the host's webhooks sign the same way.
    func testSignatureFormatMatchesTheDocumentedExample() {
        let body = #"{"type":"message","delivery_id":"out-981","conversation_id":"c_7Hq2","message_id":5012,"external_id":"crm-42","text":"Your refund is on its way.","format":"markdown","rich":null,"attachments":[],"author_kind":"agent","author_name":"Dana","attempt":1}"#
        XCTAssertEqual(body.utf8.count, 250)
        let signature = WebhookSignature.header(secret: "whsec_test", timestamp: 1_767_225_600, body: body)
        XCTAssertEqual(signature, "v1=134fb521953399023fa8f3e7b384034b05e592b18bea95275c204c9cb7fb7c1a")
        XCTAssertTrue(WebhookSignature.verify(secret: "whsec_test", timestamp: "1767225600", body: body, signature: signature))
        XCTAssertFalse(WebhookSignature.verify(secret: "whsec_other", timestamp: "1767225600", body: body, signature: signature))
        XCTAssertFalse(WebhookSignature.verify(secret: "whsec_test", timestamp: "1767225601", body: body, signature: signature))
        XCTAssertFalse(WebhookSignature.verify(secret: "whsec_test", timestamp: "1767225600", body: body + " ", signature: signature))
        XCTAssertFalse(WebhookSignature.verify(secret: "whsec_test", timestamp: "soon", body: body, signature: signature))
    }

    /// During a rotation's overlap: one signature per secret, newest first; either secret verifies.
    func testARotationSignsWithBothSecrets() {
        let both = WebhookSignature.header(secrets: ["whsec_new", "whsec_test"], timestamp: 1_767_225_600, body: "{}")
        let parts = both.split(separator: ",").map(String.init)
        XCTAssertEqual(parts, [WebhookSignature.header(secret: "whsec_new", timestamp: 1_767_225_600, body: "{}"),
                               WebhookSignature.header(secret: "whsec_test", timestamp: 1_767_225_600, body: "{}")])
        for secret in ["whsec_new", "whsec_test"] {
            XCTAssertTrue(WebhookSignature.verify(secret: secret, timestamp: "1767225600", body: "{}", signature: both), secret)
        }
        XCTAssertFalse(WebhookSignature.verify(secret: "whsec_other", timestamp: "1767225600", body: "{}", signature: both))
    }
}
