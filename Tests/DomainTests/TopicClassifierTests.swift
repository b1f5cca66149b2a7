@testable import SwitchboardDomain
import SwitchboardSupport
import XCTest

/// The topic classifier: naive Bayes from example phrases, with a leave-one-out calibrated confidence.
final class TopicClassifierTests: XCTestCase {
    static let examples: [(topic: String, phrases: [String])] = [
        ("shipping", ["where is my order", "my package has not arrived", "when will my parcel be delivered", "track my shipment",
                      "has my order shipped yet", "delivery is late", "tracking number for my parcel"]),
        ("refunds", ["I want my money back", "how do I get a refund", "refund for a damaged item", "return an item for a refund",
                     "when will my refund arrive", "money back guarantee", "cancel and refund my order"]),
        ("legal", ["I will sue you", "my lawyer will contact you", "this is a legal matter", "court case against your company",
                   "formal legal complaint", "attorney letter"]),
    ]

    func testWordsAndStems() {
        XCTAssertEqual(TextTokens.words("Don't SHIP it—now!"), ["dont", "ship", "it", "now"])
        XCTAssertEqual(TextTokens.terms("Where is my parcel? Hasn't arrived."), ["parcel", "arriv"])
        for (a, b) in [("orders", "ordered"), ("shipping", "shipped"), ("closes", "closing"), ("replies", "reply"), ("refunds", "refund")] {
            XCTAssertEqual(TextTokens.stem(a), TextTokens.stem(b), "\(a) / \(b)")
        }
        XCTAssertEqual(TextTokens.stem("status"), "status")
        XCTAssertEqual(TextTokens.stem("address"), TextTokens.stem("addresses"))
    }

    /// The stemmer works on bytes (the classifier stems without making Strings); these are the
    /// stems the String stemmer it replaced gave.
    func testStemsAsBefore() {
        let expected = ["replies": "reply", "ties": "tie", "addresses": "address", "shipping": "ship", "sing": "sing", "ordered": "order",
                        "bed": "bed", "boxes": "box", "churches": "church", "wishes": "wish", "buzzes": "buzz", "gases": "gas", "toes": "toe",
                        "orders": "order", "status": "status", "analysis": "analysis", "class": "class", "cancelled": "cancel",
                        "shipped": "ship", "closing": "clos", "closed": "clos", "close": "clos", "agree": "agre", "free": "free",
                        "fizz": "fizz", "tree": "tree", "e42": "e42", "abc42s": "abc42", "a": "a", "ing": "ing", "running": "run",
                        "rebooted": "reboot", "passes": "pass", "cafés": "cafés"]
        for (word, stem) in expected { XCTAssertEqual(TextTokens.stem(word), stem, word) }
    }

    /// Classifying text reads its bytes (ASCII) or its Unicode words (otherwise): both agree with
    /// classifying its terms, for words of the examples, other words, stopwords, numbers and apostrophes.
    func testClassifyingTextIsClassifyingItsTerms() {
        let classifier = TopicClassifier(examples: Self.examples)
        for text in ["Hi, my parcel still hasn't been delivered, where is it?", "Refunds! REFUNDED refunding 42 x9 order#1234",
                     "my cat enjoys jazz", "", "   ", "it's the lawyer's letter about courts and attorneys", "don’t ship it — café",
                     "Tracking-number: ABC123; packages shipped, replies pending", "sue sue sue money", "'quoted' words'"] {
            XCTAssertEqual(classifier.classify(text), classifier.classify(terms: TextTokens.terms(text)), text)
        }
    }

    func testClassifiesByItsExamplePhrases() {
        let classifier = TopicClassifier(examples: Self.examples)
        let shipping = classifier.classify("Hi, my parcel still hasn't been delivered, where is it?")
        XCTAssertEqual(shipping.topic, "shipping")
        XCTAssertGreaterThan(shipping.confidence, 0.5)
        XCTAssertEqual(classifier.classify("I'd like a refund please").topic, "refunds")
        XCTAssertEqual(classifier.classify("My lawyer says I should sue").topic, "legal")
        XCTAssertEqual(shipping.ranking.map(\.topic).first, "shipping")
        XCTAssertEqual(shipping.ranking.reduce(0) { $0 + $1.probability }, 1, accuracy: 1e-9)
    }

    func testAMessageAboutNoTopicHasNoConfidence() {
        let classifier = TopicClassifier(examples: Self.examples)
        XCTAssertEqual(classifier.classify("my cat enjoys jazz"), .none)
        XCTAssertEqual(classifier.classify("hello, thanks!"), .none, "only filler words")
        // Half the words unknown: the confidence is discounted by that share.
        let mixed = classifier.classify("parcel tuba saxophone trombone")
        XCTAssertEqual(mixed.topic, "shipping")
        XCTAssertEqual(mixed.knownShare, 0.25, accuracy: 1e-9)
        XCTAssertEqual(mixed.confidence, mixed.probability * 0.25, accuracy: 1e-9)
        XCTAssertLessThan(mixed.confidence, 0.3)
    }

    func testTheSameExamplesGiveTheSameModel() {
        let a = TopicClassifier(examples: Self.examples), b = TopicClassifier(examples: Self.examples)
        XCTAssertEqual(a.temperature, b.temperature)
        XCTAssertEqual(a.classify("refund my parcel"), b.classify("refund my parcel"))
    }

    func testOneTopicIsSureOfItselfOnlyAsFarAsItKnowsTheWords() {
        let classifier = TopicClassifier(examples: [("shipping", ["where is my parcel"])])
        XCTAssertEqual(classifier.classify("parcel").confidence, 1)
        XCTAssertEqual(classifier.classify("parcel banana").confidence, 0.5)
        XCTAssertEqual(classifier.temperature, 1)
    }

    /// Calibration: on phrases it did not train on (leave-one-out), the fitted temperature's
    /// confidence tracks how often the classifier is right, and beats raw naive Bayes (T = 1) on
    /// log-likelihood. Overlapping vocabularies make raw naive Bayes over-confident here.
    func testConfidenceIsCalibratedOnHeldOutPhrases() {
        let pools = [["order", "parcel", "ship", "track", "late", "box", "courier", "refund"],
                     ["refund", "money", "return", "cancel", "charge", "order", "box", "card"],
                     ["password", "login", "account", "email", "locked", "reset", "card", "late"]]
        var rng = SplitMix(seed: 42)
        let examples: [(topic: String, phrases: [String])] = pools.enumerated().map { k, pool in
            ("topic\(k)", (0..<12).map { _ in (0..<4).map { _ in pool[Int(rng.next() % UInt64(pool.count))] }.joined(separator: " ") })
        }
        var fittedLoss = 0.0, rawLoss = 0.0, confidenceSum = 0.0, correct = 0.0, count = 0.0
        for (k, topic) in examples.enumerated() {
            for i in topic.phrases.indices {
                var rest = examples
                rest[k].phrases.remove(at: i)
                let model = TopicClassifier(examples: rest)
                let guess = model.classify(topic.phrases[i])
                guard guess.topic != nil else { continue }
                let truth = guess.ranking.first { $0.topic == topic.topic }!.probability
                fittedLoss -= log(max(truth, 1e-12))
                let rawModel = TopicClassifier(examples: rest, fixedTemperature: 1)
                rawLoss -= log(max(rawModel.classify(topic.phrases[i]).ranking.first { $0.topic == topic.topic }!.probability, 1e-12))
                confidenceSum += guess.probability
                correct += guess.topic == topic.topic ? 1 : 0
                count += 1
            }
        }
        XCTAssertGreaterThan(count, 30)
        XCTAssertLessThan(fittedLoss, rawLoss, "the fitted temperature predicts held-out phrases better than raw naive Bayes")
        XCTAssertEqual(confidenceSum / count, correct / count, accuracy: 0.12, "mean confidence ≈ accuracy")
    }
}

/// A small deterministic generator for test data.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
