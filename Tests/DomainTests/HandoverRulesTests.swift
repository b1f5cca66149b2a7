import SwitchboardDomain
import SwitchboardSupport
import XCTest

/// The handover rules are pure: facts in, a reason (or none) out.
final class HandoverRulesTests: XCTestCase {
    let policy = HandoverPolicy(minConfidence: 0.5, humanTiers: ["VIP"], onCustomerRequest: true, requestPhrases: ["escalate this"],
                                maxTurns: 3, offPolicyTopics: ["legal"])

    func guess(_ topic: String?, _ confidence: Double) -> TopicGuess {
        TopicGuess(topic: topic, confidence: confidence, probability: confidence, knownShare: 1,
                   ranking: topic.map { [TopicScore(topic: $0, probability: confidence)] } ?? [])
    }

    func decide(_ text: String = "where is my parcel", tier: String? = nil, turns: Int = 0, topic: String? = "shipping",
                confidence: Double = 0.9, policy: HandoverPolicy? = nil) -> HandoverReason? {
        HandoverRules.decide(policy ?? self.policy, TurnFacts(customerText: text, contactTier: tier, previousTurns: turns, guess: guess(topic, confidence)))
    }

    func testAConfidentOnPolicyTurnIsTheStacks() {
        XCTAssertNil(decide())
        XCTAssertNil(decide(tier: "gold", turns: 2))
    }

    func testEachRule() {
        XCTAssertEqual(decide("Can I talk to a human please?"), .customerAskedForPerson(phrase: "human"))
        XCTAssertEqual(decide("I need a REAL person now"), .customerAskedForPerson(phrase: "real person"))
        XCTAssertEqual(decide("please escalate this"), .customerAskedForPerson(phrase: "escalate this"), "the stack's own phrases count")
        XCTAssertEqual(decide(tier: "vip"), .contactTier("vip"), "tiers compare case-insensitively")
        XCTAssertEqual(decide(turns: 3), .maxTurns(3))
        XCTAssertEqual(decide(topic: "legal"), .offPolicyTopic("legal"))
        XCTAssertEqual(decide(confidence: 0.49), .lowConfidence(confidence: 0.49, threshold: 0.5))
        XCTAssertEqual(decide(topic: nil, confidence: 0), .lowConfidence(confidence: 0, threshold: 0.5))
    }

    func testWhatTheCustomerIsEntitledToComesFirst() {
        XCTAssertEqual(decide("get me a human", tier: "vip", turns: 9, topic: "legal", confidence: 0.1), .customerAskedForPerson(phrase: "human"))
        XCTAssertEqual(decide(tier: "vip", turns: 9, topic: "legal", confidence: 0.1), .contactTier("vip"))
        XCTAssertEqual(decide(turns: 9, topic: "legal", confidence: 0.1), .maxTurns(3))
        XCTAssertEqual(decide(topic: "legal", confidence: 0.1), .offPolicyTopic("legal"), "off-policy before low confidence")
    }

    func testRulesCanBeTurnedOff() {
        let lenient = HandoverPolicy(minConfidence: 0, humanTiers: [], onCustomerRequest: false, maxTurns: nil)
        XCTAssertNil(decide("talk to a human", tier: "vip", turns: 1000, topic: nil, confidence: 0, policy: lenient))
    }

    func testPersonRequestsMatchWholeWordsOnly() {
        XCTAssertNil(PersonRequest.find(in: "humanity is great, my travel agent said so"))
        XCTAssertNil(PersonRequest.find(in: "the operators' manual"))
        XCTAssertEqual(PersonRequest.find(in: "Let me speak with someone."), "speak with someone")
        XCTAssertEqual(PersonRequest.find(in: "representative"), "representative")
    }

    func testReasonsExplainThemselves() {
        XCTAssertEqual(HandoverReason.lowConfidence(confidence: 0.2345, threshold: 0.5).explanation,
                       "the topic classifier's confidence 0.23 is below the threshold 0.50")
        XCTAssertEqual(HandoverReason.engineFailed("HTTP 500").code, "engine_error")
        XCTAssertEqual(StackCredits.forTurn(toolCalls: 0, tokens: 0), 1)
        XCTAssertEqual(StackCredits.forTurn(toolCalls: 2, tokens: 1001), 5)
    }

    func testOrderNumbers() {
        XCTAssertEqual(OrderNumber.find(in: "where is order A-1001?"), "A-1001")
        XCTAssertEqual(OrderNumber.find(in: "my order #55321 is late"), "55321")
        XCTAssertEqual(OrderNumber.find(in: "I ordered on 2024-01-02, it was 884213"), "2024-01-02", "the first word with 4 digits")
        XCTAssertEqual(OrderNumber.find(in: "order number 2024 please"), "2024")
        XCTAssertNil(OrderNumber.find(in: "I bought 2 lamps"))
    }
}
