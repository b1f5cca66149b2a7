#if canImport(Glibc)
import Glibc
#endif

/// A topic's probability for one message.
public struct TopicScore: Sendable, Equatable {
    public var topic: String
    public var probability: Double

    public init(topic: String, probability: Double) {
        self.topic = topic
        self.probability = probability
    }
}

/// What the classifier made of a message.
public struct TopicGuess: Sendable, Equatable {
    /// The most probable topic; nil when the message has no word the stack was trained on.
    public var topic: String?
    /// The calibrated probability of `topic`, discounted by `knownShare`: what the handover rule compares.
    public var confidence: Double
    /// The calibrated probability of `topic` among the stack's topics.
    public var probability: Double
    /// The share of the message's content words seen in the example phrases (0…1).
    public var knownShare: Double
    /// Every topic, most probable first.
    public var ranking: [TopicScore]

    public static let none = TopicGuess(topic: nil, confidence: 0, probability: 0, knownShare: 0, ranking: [])

    public init(topic: String?, confidence: Double, probability: Double, knownShare: Double, ranking: [TopicScore]) {
        self.topic = topic
        self.confidence = confidence
        self.probability = probability
        self.knownShare = knownShare
        self.ranking = ranking
    }
}

/// A multinomial naive Bayes topic classifier, trained from a stack's example phrases.
///
/// Naive Bayes ranks topics well but its raw posteriors are far too sure of themselves, so the
/// scores are calibrated: a temperature, fitted by leave-one-out over the example phrases (each
/// phrase classified by a model trained without it), softens them until they match how often the
/// classifier is actually right. A posterior only compares the stack's topics with each other, so
/// it says nothing about a message that is about none of them; the confidence is therefore also
/// discounted by the share of the message's words the stack has seen ("my cat likes jazz" has
/// none, and gets confidence 0). Pure and deterministic: the same examples give the same model.
public struct TopicClassifier: Sendable {
    public let topics: [String]
    /// term → its row in `likelihoods`, for every term of the vocabulary.
    let termRows: [String: Int]
    /// log P(term | topic): one row of `topics.count` values per term, rows one after another.
    let likelihoods: [Double]
    /// The example phrases' words and the stopwords, looked up straight from a message's bytes.
    let index: TermIndex
    /// The vocabulary's terms (stems), for the other words, once stemmed.
    let stems: TermIndex
    /// The fitted temperature (1 = raw naive Bayes; larger = less sure).
    public let temperature: Double

    /// The temperatures leave-one-out chooses from (log-spaced).
    static let temperatureGrid: [Double] = (0...24).map { pow(2.0, Double($0) / 4.0 - 2.0) }   // 0.25 … 16

    /// Train from example phrases. `fixedTemperature` skips calibration (tests compare against raw naive Bayes).
    public init(examples: [(topic: String, phrases: [String])], smoothing: Double = 0.5, fixedTemperature: Double? = nil) {
        let topics = examples.map(\.topic)
        let documents = examples.map { $0.phrases.map(TextTokens.terms) }
        let model = Counts(topics: topics.count, documents: documents)
        self.topics = topics
        var termRows: [String: Int] = [:]
        var likelihoods: [Double] = []
        for term in model.vocabulary.keys.sorted() {
            termRows[term] = termRows.count
            likelihoods += model.logLikelihood(term, smoothing: smoothing)!
        }
        self.termRows = termRows
        self.likelihoods = likelihoods
        let words = examples.flatMap { $0.phrases.flatMap(TextTokens.words) }.filter { $0.utf8.allSatisfy { $0 < 0x80 } }
        var index = TermIndex(capacity: words.count + TextTokens.stopwords.count)
        for word in TextTokens.stopwords { index.insert(word, .ignored) }
        for word in words { index.insert(word, Self.entry(word, termRows: termRows)) }
        self.index = index
        var stems = TermIndex(capacity: termRows.count)
        for (term, row) in termRows where term.utf8.allSatisfy({ $0 < 0x80 }) { stems.insert(term, .known(row)) }
        self.stems = stems
        temperature = fixedTemperature ?? Self.fitTemperature(model, documents: documents, smoothing: smoothing)
    }

    /// What a lowercase word is to the classifier, worked out the way `TextTokens.terms` does.
    static func entry(_ word: String, termRows: [String: Int]) -> TermIndex.Entry {
        if TextTokens.stopwords.contains(word) || word.unicodeScalars.contains(where: { ("0"..."9").contains($0) }) { return .ignored }
        return termRows[TextTokens.stem(word)].map { .known($0) } ?? .unknown
    }

    public func classify(_ text: String) -> TopicGuess {
        guard !topics.isEmpty else { return .none }
        var text = text
        return text.withUTF8(classifyASCII) ?? classify(terms: TextTokens.terms(text))
    }

    public func classify(terms: [String]) -> TopicGuess {
        guard !topics.isEmpty, !terms.isEmpty else { return .none }
        var scores = [Double](repeating: 0, count: topics.count)
        var known = 0
        for term in terms {
            guard let row = termRows[term] else { continue }
            known += 1
            add(row: row, to: &scores)
        }
        return guess(scores, known: known, terms: terms.count)
    }

    /// The same as `classify(terms: TextTokens.terms(text))` for ASCII text, without making a String
    /// per word; nil for text that is not ASCII, whose words need Unicode's rules.
    private func classifyASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> TopicGuess? {
        var scores = [Double](repeating: 0, count: topics.count)
        var known = 0, terms = 0
        let ascii: Bool = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(bytes.count, 1)) { word in
            var length = 0, hasDigit = false, previousWasLetter = false
            func flush() {
                guard length > 0 else { return }
                var entry = index.lookup(UnsafeBufferPointer(rebasing: word[0..<length]))
                if entry == nil {   // not a word of the examples nor a stopword: stem it here
                    entry = hasDigit ? .ignored
                        : stems.lookup(UnsafeBufferPointer(rebasing: word[0..<TextTokens.stemASCII(word.baseAddress!, count: length)])) ?? .unknown
                }
                switch entry! {
                case .ignored: break
                case .unknown: terms += 1
                case .known(let row):
                    terms += 1
                    known += 1
                    add(row: row, to: &scores)
                }
                length = 0
                hasDigit = false
            }
            for byte in bytes {
                switch byte {
                case 0x80...: return false
                case 0x61...0x7a: word[length] = byte; length += 1; previousWasLetter = true
                case 0x41...0x5a: word[length] = byte | 0x20; length += 1; previousWasLetter = true
                case 0x30...0x39: word[length] = byte; length += 1; hasDigit = true; previousWasLetter = true
                case 0x27 where previousWasLetter: continue   // inside a word: "don't" → "dont"
                default: flush(); previousWasLetter = false
                }
            }
            flush()
            return true
        }
        guard ascii else { return nil }
        return terms == 0 ? .none : guess(scores, known: known, terms: terms)
    }

    private func add(row: Int, to scores: inout [Double]) {
        let start = row * topics.count
        for k in scores.indices { scores[k] += likelihoods[start + k] }
    }

    private func guess(_ scores: [Double], known: Int, terms: Int) -> TopicGuess {
        guard known > 0 else { return .none }
        let probabilities = Self.softmax(scores, temperature: temperature)
        let ranking = zip(topics, probabilities).map { TopicScore(topic: $0, probability: $1) }
            .sorted { ($0.probability, $1.topic) > ($1.probability, $0.topic) }
        let knownShare = Double(known) / Double(terms)
        let best = ranking[0]
        return TopicGuess(topic: best.topic, confidence: best.probability * knownShare, probability: best.probability,
                          knownShare: knownShare, ranking: ranking)
    }

    static func softmax(_ scores: [Double], temperature: Double) -> [Double] {
        let top = scores.max() ?? 0
        let exps = scores.map { exp(($0 - top) / temperature) }
        let total = exps.reduce(0, +)
        return exps.map { $0 / total }
    }

    /// Leave-one-out: each phrase scored by a model without it; the temperature with the least
    /// negative log-likelihood of the true topics wins. Phrases whose every word is unique to them
    /// carry no evidence and are skipped; with nothing to learn from, the temperature stays 1.
    static func fitTemperature(_ model: Counts, documents: [[[String]]], smoothing: Double) -> Double {
        guard model.topics > 1 else { return 1 }
        var held: [(scores: [Double], truth: Int)] = []
        for (k, phrases) in documents.enumerated() {
            for phrase in phrases where !phrase.isEmpty {
                var without = model
                without.remove(phrase, from: k)
                var scores = [Double](repeating: 0, count: model.topics)
                var known = false
                for term in phrase {
                    guard let row = without.logLikelihood(term, smoothing: smoothing) else { continue }
                    known = true
                    for j in scores.indices { scores[j] += row[j] }
                }
                if known { held.append((scores, k)) }
            }
        }
        guard !held.isEmpty else { return 1 }
        var best = (temperature: 1.0, loss: Double.infinity)
        for t in temperatureGrid {
            let loss = held.reduce(0.0) { sum, item in sum - log(max(softmax(item.scores, temperature: t)[item.truth], 1e-12)) }
            if loss < best.loss - 1e-12 { best = (t, loss) }
        }
        return best.temperature
    }

    /// Term counts per topic.
    struct Counts {
        let topics: Int
        var perTopic: [[String: Int]]
        var totals: [Int]
        var vocabulary: [String: Int]   // term → count over all topics

        init(topics: Int, documents: [[[String]]]) {
            self.topics = topics
            perTopic = Array(repeating: [:], count: topics)
            totals = Array(repeating: 0, count: topics)
            vocabulary = [:]
            for (k, phrases) in documents.enumerated() {
                for phrase in phrases { for term in phrase { add(term, to: k, by: 1) } }
            }
        }

        mutating func add(_ term: String, to topic: Int, by n: Int) {
            perTopic[topic][term, default: 0] += n
            totals[topic] += n
            vocabulary[term, default: 0] += n
            if perTopic[topic][term] == 0 { perTopic[topic][term] = nil }
            if vocabulary[term] == 0 { vocabulary[term] = nil }
        }

        mutating func remove(_ phrase: [String], from topic: Int) {
            for term in phrase { add(term, to: topic, by: -1) }
        }

        /// Laplace-smoothed log P(term | topic) for each topic; nil for a term no topic has seen.
        func logLikelihood(_ term: String, smoothing: Double) -> [Double]? {
            guard vocabulary[term] != nil else { return nil }
            let size = Double(vocabulary.count)
            return (0..<topics).map { k in
                log((Double(perTopic[k][term] ?? 0) + smoothing) / (Double(totals[k]) + smoothing * size))
            }
        }
    }
}
