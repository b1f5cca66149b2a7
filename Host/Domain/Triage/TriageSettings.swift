import SwitchboardSupport

/// The topics every conversation people handle is classified into, defined once for the host
/// (not per stack), with the example phrases the built-in classifier learns them from.
public struct TriageSettings: Sendable, Equatable {
    public struct Topic: Sendable, Equatable {
        public var name: String
        public var examples: [String]
    }

    public var topics: [Topic]
    /// Below this confidence (0…1) a message sets no topic.
    public var threshold: Double
    /// The chat-completions engine asked for a second opinion after ingest (TriageJobs); nil: off.
    public var engine: ChatCompletionsSettings? = nil

    public static let none = TriageSettings(topics: [], threshold: 0.5)
    public static let maxTopics = 100
    public static let maxExamples = 500
    public static let maxExampleLength = 500

    /// A topic name: what routing conditions, skills and the inbox filter name.
    static func validName(_ name: String) -> Bool {
        (1...64).contains(name.utf8.count) && name.utf8.allSatisfy { c in
            (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c == 0x5f || c == 0x2d
        } && name.first != "-" && name.first != "_"
    }

    /// From the REST body `{"topics": [{"name", "examples": [...]}], "threshold"}`; errors name the field.
    public static func parse(_ body: JSONObject) throws(WorkflowError) -> TriageSettings {
        for key in body.keys where !["topics", "threshold", "engine"].contains(key) {
            throw .invalid(field: key, reason: "unknown field (use topics, threshold, engine)")
        }
        guard let items = body["topics"]?.arrayValue, items.count <= maxTopics else {
            throw .invalid(field: "topics", reason: "is required: an array of at most \(maxTopics) topics")
        }
        var topics: [Topic] = []
        for (index, item) in items.enumerated() {
            let field = "topics.\(index)"
            guard let object = item.objectValue else { throw .invalid(field: field, reason: "must be an object with name and examples") }
            for key in object.keys where key != "name" && key != "examples" {
                throw .invalid(field: "\(field).\(key)", reason: "unknown field (use name, examples)")
            }
            guard let name = object["name"]?.stringValue, validName(name) else {
                throw .invalid(field: "\(field).name", reason: "must be 1 to 64 of a-z, 0-9, _ and -, starting with a letter or digit")
            }
            if topics.contains(where: { $0.name == name }) { throw .invalid(field: "\(field).name", reason: "topic \(name) is listed twice") }
            guard let phrases = object["examples"]?.arrayValue, (1...maxExamples).contains(phrases.count) else {
                throw .invalid(field: "\(field).examples", reason: "must be an array of 1 to \(maxExamples) example phrases")
            }
            var examples: [String] = []
            for (n, phrase) in phrases.enumerated() {
                guard let text = phrase.stringValue, (1...maxExampleLength).contains(text.unicodeScalars.count), !text.allSatisfy(\.isWhitespace) else {
                    throw .invalid(field: "\(field).examples.\(n)", reason: "must be a phrase of 1 to \(maxExampleLength) characters")
                }
                examples.append(text)
            }
            topics.append(Topic(name: name, examples: examples))
        }
        var threshold = TriageSettings.none.threshold
        if let value = body["threshold"], !value.isNull {
            guard let number = value.doubleValue, (0...1).contains(number) else { throw .invalid(field: "threshold", reason: "must be a number from 0 to 1") }
            threshold = number
        }
        return TriageSettings(topics: topics, threshold: threshold, engine: try engine(body["engine"]))
    }

    /// The second opinion's engine: an object like a stack's `engine` (kind openai), or null for none.
    static func engine(_ value: JSON?) throws(WorkflowError) -> ChatCompletionsSettings? {
        guard let value, !value.isNull else { return nil }
        guard let object = value.objectValue else { throw .invalid(field: "engine", reason: "must be an object (kind openai, base_url, model, api_key_credential) or null") }
        guard case .chatCompletions(let settings) = try StackDefinition.parseEngine(DefinitionFields(object, path: "engine")) else {
            throw .invalid(field: "engine.kind", reason: "must be openai (null turns the second opinion off)")
        }
        return settings
    }

    public var json: JSON {
        ["topics": .array(topics.map { ["name": .string($0.name), "examples": .array($0.examples.map(JSON.string))] }),
         "threshold": .number(threshold), "engine": engine.map { .object($0.json) } ?? .null]
    }
}

/// The settings with their trained classifier: trained once per change, kept by the store.
public struct TriageModel: Sendable {
    public let settings: TriageSettings
    public let classifier: TopicClassifier

    public init(_ settings: TriageSettings) {
        self.settings = settings
        classifier = TopicClassifier(examples: settings.topics.map { ($0.name, $0.examples) })
    }

    /// The topic and confidence to set for a message, or nil below the threshold (or with no topics).
    public func topic(for text: String) -> TriageGuess? {
        let guess = classifier.classify(text)
        guard let topic = guess.topic, guess.confidence >= settings.threshold, guess.confidence > 0 else { return nil }
        return (topic, guess.confidence)
    }
}
