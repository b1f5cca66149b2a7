import Foundation
import SwitchboardDomain
import SwitchboardSupport
import XCTest

/// How the engine's second opinion combines with the built-in classifier's, against a real store:
/// ingest queues a job only with an engine set; a more confident engine replaces the topic, a less
/// confident one does not, a person's topic is never replaced; failures keep the job for later.
final class TriageJobTests: StoreTestCase {
    let engine: JSON = ["kind": "openai", "base_url": "http://127.0.0.1:9/v1", "model": "m", "api_key_credential": "llm"]

    func settings(engine: JSON) throws {
        _ = try store.saveTriageSettings(["threshold": 0.2, "engine": engine, "topics": [
            ["name": "billing", "examples": ["I was charged twice", "please refund my payment"]],
            ["name": "internet", "examples": ["the wifi is slow", "no connection at home"]],
        ]])
    }

    func customer(_ who: String, _ text: String) throws -> String {
        try store.ingest(InboundMessage(channelInstanceID: "sms-1", identity: Identity(kind: "phone", value: who),
                                        providerMessageID: UUID().uuidString, text: text)).conversationID
    }

    func job(_ conversationID: String) throws -> TriageJob {
        try XCTUnwrap(try store.dueTriageJobs(now: Clock.nowMillis(), limit: 50).jobs.first { $0.conversationID == conversationID })
    }

    func testTheMoreConfidentOpinionSetsTheTopicAndAPersonsTopicStays() throws {
        try settings(engine: engine)
        let charged = try customer("+1", "I was charged twice")
        let builtin = try XCTUnwrap(try store.conversation(id: charged))
        XCTAssertEqual(builtin.topic, "billing")
        XCTAssertEqual(builtin.topicClassifier, "builtin")
        let confidence = try XCTUnwrap(builtin.topicConfidence)

        // Less sure than the built-in classifier: the topic stays.
        try store.settleTriageJob(try job(charged), guess: ("internet", confidence / 2))
        XCTAssertEqual(try store.conversation(id: charged)?.topic, "billing")
        XCTAssertTrue(try store.dueTriageJobs(now: Clock.nowMillis(), limit: 50).jobs.isEmpty, "the job is done either way")

        // The engine failing keeps the job, due later, with the reason.
        _ = try customer("+1", "also the wifi")
        var failed = try job(charged)
        try store.retryTriageJob(failed, error: "HTTP 503", nextAttemptAt: Clock.nowMillis() + 60_000)
        XCTAssertTrue(try store.dueTriageJobs(now: Clock.nowMillis(), limit: 50).jobs.isEmpty)
        XCTAssertEqual(try store.triageBacklog().waiting, 1)
        XCTAssertEqual(try store.triageBacklog().lastError, "HTTP 503")
        failed = try XCTUnwrap(try store.dueTriageJobs(now: Clock.nowMillis() + 60_000, limit: 50).jobs.first)
        XCTAssertEqual(failed.attempt, 2)

        // More sure: the engine's topic replaces it, and says so.
        try store.settleTriageJob(failed, guess: ("internet", 0.99))
        let replaced = try XCTUnwrap(try store.conversation(id: charged))
        XCTAssertEqual(replaced.topic, "internet")
        XCTAssertEqual(replaced.topicConfidence, 0.99)
        XCTAssertEqual(replaced.topicClassifier, "engine")

        // A person's topic is never replaced.
        let corrected = try customer("+2", "the wifi is slow")
        _ = try store.correctTopic(conversationID: corrected, topic: "billing", viewer: .everyone, actor: "agent:ann")
        try store.settleTriageJob(try job(corrected), guess: ("internet", 1.0))
        XCTAssertEqual(try store.conversation(id: corrected)?.topic, "billing")
        XCTAssertNil(try store.conversation(id: corrected)?.topicClassifier)
    }

    func testWithoutAnEngineNothingIsQueued() throws {
        try settings(engine: .null)
        _ = try customer("+3", "I was charged twice")
        XCTAssertEqual(try store.triageBacklog().waiting, 0)
    }
}
