import Foundation
import SwitchboardSupport
import SwitchboardTransport
import XCTest

/// AI triage through the real host: customer messages of conversations people handle get a topic
/// from the host's triage topics, a routing rule sends them on by it, the inbox filters by it,
/// and an agent's correction becomes a new example phrase the classifier then uses.
final class TriageTests: XCTestCase {
    var host: HostProcess!

    override func setUpWithError() throws { host = try HostProcess.withAPIChannel() }

    override func tearDown() { host?.stop() }

    func customer(_ external: String, _ text: String) throws -> String { try host.customerWrites(external, text) }

    func conversation(_ id: String) throws -> JSON { try host.request("GET", "/api/v1/conversations/\(id)").json }

    let topics: JSON = ["threshold": 0.3, "topics": [
        ["name": "billing", "examples": ["I was charged twice", "please refund my payment", "my invoice is wrong", "cancel my subscription billing",
                                         "the card payment failed"]],
        ["name": "shipping", "examples": ["where is my parcel", "the delivery is late", "tracking number does not work",
                                          "package arrived damaged", "when will my order ship"]],
    ]]

    func testTriageSetsATopicThatRoutingUsesAndACorrectionTeachesIt() throws {
        XCTAssertEqual(try host.request("PUT", "/api/v1/triage", json: topics).status, 200)
        let general = try host.addTeam("General", isDefault: true)
        let billingTeam = try host.addTeam("Billing")
        let rule = try host.request("POST", "/api/v1/routing-rules", json: ["name": "Billing topics", "team_id": .string(billingTeam),
                                                                            "conditions": ["topics": ["billing"]]])
        XCTAssertEqual(rule.status, 201, rule.text)

        let charged = try customer("c-1", "Hi, I was charged twice and need a refund of the payment")
        var c = try conversation(charged)
        XCTAssertEqual(c["topic"], "billing")
        let confidence = try XCTUnwrap(c["topic_confidence"]?.doubleValue)
        XCTAssertTrue((0.3...1).contains(confidence), "\(confidence)")
        let routed = try host.eventually("routing by topic") { () -> String? in try conversation(charged)["team_id"]?.stringValue }
        XCTAssertEqual(routed, billingTeam)
        let detected = try host.request("GET", "/api/v1/events?types=conversation.topic_detected").json["events"]?.arrayValue ?? []
        XCTAssertEqual(detected.first?["data"]?["topic"], "billing")

        // Nothing the topics know: below the threshold, no topic, routed by default.
        let jazz = try customer("c-2", "my cat likes jazz")
        c = try conversation(jazz)
        XCTAssertEqual(c["topic"], .null)
        XCTAssertEqual(c["topic_confidence"], .null)
        XCTAssertEqual(try host.eventually("default routing") { () -> String? in try conversation(jazz)["team_id"]?.stringValue }, general)

        XCTAssertEqual(try host.request("GET", "/api/v1/inbox?topic=billing").json["items"]?.arrayValue?.compactMap { $0["id"]?.stringValue }, [charged])

        // An agent says it is about shipping: the message becomes a shipping example.
        let corrected = try host.request("POST", "/api/v1/conversations/\(jazz)/topic", json: ["topic": "shipping"])
        XCTAssertEqual(corrected.status, 200, corrected.text)
        XCTAssertEqual(corrected.json["topic"], "shipping")
        XCTAssertEqual(corrected.json["topic_confidence"], .null)
        let shipping = try host.request("GET", "/api/v1/triage").json["topics"]?.arrayValue?.first { $0["name"] == "shipping" }
        XCTAssertEqual(shipping?["examples"]?.arrayValue?.last, "my cat likes jazz")
        // The next customer who writes it is classified by what was learnt.
        let again = try customer("c-3", "my cat likes jazz")
        XCTAssertEqual(try conversation(again)["topic"], "shipping")
        // A later message does not override a person's choice.
        _ = try customer("c-2", "I was charged twice, refund the payment")
        XCTAssertEqual(try conversation(jazz)["topic"], "shipping")

        // Bad input names the field and changes nothing.
        let unknown = try host.request("POST", "/api/v1/conversations/\(jazz)/topic", json: ["topic": "weather"])
        XCTAssertEqual(unknown.status, 400)
        XCTAssertEqual(unknown.json["field"], "topic")
        for (body, field): (JSON, String) in [
            (["topics": [["name": "Bad Name", "examples": ["x"]]]], "topics.0.name"),
            (["topics": [["name": "a", "examples": []]]], "topics.0.examples"),
            (["topics": [["name": "a", "examples": ["x"]], ["name": "a", "examples": ["y"]]]], "topics.1.name"),
            (["topics": [], "threshold": 2], "threshold"),
            (["threshold": 0.5], "topics"),
        ] {
            let r = try host.request("PUT", "/api/v1/triage", json: body)
            XCTAssertEqual(r.status, 400, r.text)
            XCTAssertEqual(r.json["field"]?.stringValue, field, r.text)
        }
        XCTAssertEqual(try host.request("GET", "/api/v1/triage").json["topics"]?.arrayValue?.count, 2)
    }
}
