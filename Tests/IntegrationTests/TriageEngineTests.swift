import Foundation
import SwitchboardSupport
import SwitchboardTransport
import XCTest

/// Triage's second opinion through the real host and a loopback chat-completions endpoint: a
/// message the built-in classifier cannot place gets the engine's topic after ingest returned; the
/// engine down leaves the built-in topic, keeps the job and retries it; bad settings name the field.
final class TriageEngineTests: XCTestCase {
    var host: HostProcess!
    var llm: FakeChatCompletions!
    /// While set, the engine answers 503.
    let down = Locked(false)

    override func setUpWithError() throws {
        host = try HostProcess(plugins: ["api"], extraArguments: ["--triage-retry-base-ms", "200"])
        try host.putCredential("api-key", "integrator-secret")
        try host.addChannel("api1", plugin: "api", config: ["api_key_credential": "api-key"])
        llm = try FakeChatCompletions(outputRuleRequired: false) { [down] request in
            if down.withLock({ $0 }) { return .status(503, "The engine is currently overloaded") }
            let text = request.lastUserText.lowercased()
            // Slow on purpose: ingest must not wait for it.
            return .delayed(milliseconds: 1500, .content(text.contains("blinking")
                ? #"{"topic": "internet", "confidence": 0.92}"# : #"{"topic": "none", "confidence": 0.2}"#))
        }
        try host.putCredential("llm-key", llm.key)
    }

    override func tearDown() {
        host?.stop()
        llm?.stop()
    }

    func engine() -> JSON {
        ["kind": "openai", "base_url": .string(llm.baseURL), "model": .string(llm.model), "api_key_credential": "llm-key", "timeout_ms": 3000]
    }

    func settings(engine: JSON) -> JSON {
        ["threshold": 0.3, "engine": engine, "topics": [
            ["name": "billing", "examples": ["I was charged twice", "please refund my payment", "my invoice is wrong"]],
            ["name": "internet", "examples": ["the wifi is slow", "no connection at home", "my broadband keeps dropping"]],
        ]]
    }

    func conversation(_ id: String) throws -> JSON { try host.request("GET", "/api/v1/conversations/\(id)").json }

    func testTheEngineSetsATopicTheBuiltInClassifierCannotPlaceAfterIngest() throws {
        let put = try host.request("PUT", "/api/v1/triage", json: settings(engine: engine()))
        XCTAssertEqual(put.status, 200, put.text)
        XCTAssertEqual(put.json["engine"]?["api_key_credential"], "llm-key")
        XCTAssertEqual(put.json["engine_queue"]?["waiting"], 0)

        // Ingest answers before the engine does: no topic yet, the engine's arrives after.
        let started = Date()
        let blinking = try host.customerWrites("c-1", "The little box in the hall keeps blinking red")
        XCTAssertLessThan(Date().timeIntervalSince(started), 1.0, "ingest waited for the engine")
        XCTAssertEqual(try conversation(blinking)["topic"], .null, "the built-in classifier cannot place it")
        let c = try host.eventually("the engine's topic") { () -> JSON? in
            let c = try conversation(blinking)
            return c["topic"] == .null ? Optional<JSON>.none : c
        }
        XCTAssertEqual(c["topic"], "internet")
        XCTAssertEqual(c["topic_confidence"]?.doubleValue, 0.92)
        XCTAssertEqual(c["topic_classifier"], "engine")
        let detected = try host.request("GET", "/api/v1/events?types=conversation.topic_detected").json["events"]?.arrayValue ?? []
        XCTAssertEqual(detected.last?["data"]?["classifier"], "engine")
        XCTAssertEqual(detected.last?["data"]?["topic"], "internet")
        // What the engine was asked: the topics, the customer's text, a JSON answer.
        let asked = try XCTUnwrap(llm.requests.withLock { $0.last })
        XCTAssertTrue(asked.system.contains("- billing:") && asked.system.contains("- internet:"), asked.system)
        XCTAssertEqual(asked.lastUserText, "The little box in the hall keeps blinking red")
        XCTAssertEqual(asked.body["response_format"]?["type"], "json_object")

        // The built-in classifier places this one; the engine naming none leaves it as it is.
        let charged = try host.customerWrites("c-2", "I was charged twice, please refund my payment")
        XCTAssertEqual(try conversation(charged)["topic"], "billing")
        XCTAssertEqual(try conversation(charged)["topic_classifier"], "builtin")
        _ = try host.eventually("the engine to answer") { try host.request("GET", "/api/v1/triage").json["engine_queue"]?["waiting"] == 0 ? true : nil }
        XCTAssertEqual(try conversation(charged)["topic"], "billing")
        XCTAssertEqual(try conversation(charged)["topic_classifier"], "builtin")
        XCTAssertEqual(llm.violations.withLock { $0 }, [])
    }

    func testTheEngineDownLeavesTheBuiltInTopicAndIsRetriedLater() throws {
        XCTAssertEqual(try host.request("PUT", "/api/v1/triage", json: settings(engine: engine())).status, 200)
        down.withLock { $0 = true }
        let charged = try host.customerWrites("c-3", "my invoice is wrong")
        let blinking = try host.customerWrites("c-4", "The router is blinking again")
        XCTAssertEqual(try conversation(charged)["topic"], "billing", "the built-in topic does not wait for the engine")
        let queue = try host.eventually("the failures recorded") { () -> JSON? in
            let q = try host.request("GET", "/api/v1/triage").json["engine_queue"] ?? .null
            return q["last_error"] == .null ? Optional<JSON>.none : q
        }
        XCTAssertEqual(queue["waiting"], 2, "\(queue)")
        XCTAssertTrue(queue["last_error"]?.stringValue?.contains("503") == true, "\(queue)")
        XCTAssertEqual(try conversation(blinking)["topic"], .null)
        XCTAssertEqual(try conversation(charged)["topic"], "billing")
        // Messages stored all the same.
        XCTAssertEqual(try host.request("GET", "/api/v1/conversations/\(blinking)/messages").json["messages"]?.arrayValue?.count, 1)

        // Back up: the retries find it and nothing was lost.
        down.withLock { $0 = false }
        XCTAssertEqual(try host.eventually("the retried job") { () -> JSON? in
            let topic = try conversation(blinking)["topic"] ?? .null
            return topic == .null ? Optional<JSON>.none : topic
        }, "internet")
        _ = try host.eventually("the queue to empty") { try host.request("GET", "/api/v1/triage").json["engine_queue"]?["waiting"] == 0 ? true : nil }
        XCTAssertEqual(try conversation(charged)["topic"], "billing")
        XCTAssertGreaterThanOrEqual(llm.requests.withLock { $0.count }, 2)
    }

    func testBadEngineSettingsNameTheFieldAndChangeNothing() throws {
        XCTAssertEqual(try host.request("PUT", "/api/v1/triage", json: settings(engine: .null)).status, 200)
        let incomplete: JSON = ["kind": "openai", "base_url": .string(llm.baseURL), "api_key_credential": "llm-key"]
        for (value, field): (JSON, String) in [
            ("on", "engine"), (["kind": "builtin"], "engine.kind"), (incomplete, "engine.model"),
            (["kind": "openai", "base_url": "ftp://x", "model": "m", "api_key_credential": "k"], "engine.base_url"),
            (["kind": "openai", "base_url": "http://x", "model": "m", "api_key_credential": "k", "timeout_ms": 10], "engine.timeout_ms"),
        ] {
            let r = try host.request("PUT", "/api/v1/triage", json: settings(engine: value))
            XCTAssertEqual(r.status, 400, r.text)
            XCTAssertEqual(r.json["field"]?.stringValue, field, r.text)
        }
        let current = try host.request("GET", "/api/v1/triage").json
        XCTAssertEqual(current["engine"], .null)
        XCTAssertEqual(current["topics"]?.arrayValue?.count, 2)
        // Off: no job is queued, nothing is asked.
        _ = try host.customerWrites("c-5", "The little box keeps blinking red")
        XCTAssertEqual(try host.request("GET", "/api/v1/triage").json["engine_queue"]?["waiting"], 0)
        XCTAssertEqual(llm.requests.withLock { $0.count }, 0)
    }
}
