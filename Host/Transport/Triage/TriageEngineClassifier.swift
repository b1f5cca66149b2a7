import SwitchboardDomain
import SwitchboardSupport

/// The chat-completions engine's opinion on one customer message: one topic from the defined list,
/// with a confidence, asked as a JSON object (`response_format` json_object) with no tools.
struct TriageEngineClassifier {
    let settings: TriageSettings
    let engine: ChatCompletionsSettings

    /// Example phrases shown per topic: enough to tell topics apart, a bounded prompt.
    static let examplesShown = 5
    static let noTopic = "none"

    func request(_ text: String) -> JSON {
        var system = """
            You classify a customer-support message into exactly one of the topics below, or \(Self.noTopic) when none fits. \
            Answer with a JSON object and nothing else: {"topic": "<topic name or \(Self.noTopic)>", "confidence": <a number from 0 to 1>}.
            Topics:
            """
        for topic in settings.topics {
            let examples = topic.examples.prefix(Self.examplesShown).map { "\"\($0)\"" }.joined(separator: ", ")
            system += "\n- \(topic.name): e.g. \(examples)"
        }
        var body = ChatCompletionsProtocol.requestBody(settings: engine, messages: [
            ["role": "system", "content": .string(system)], ["role": "user", "content": .string(text)],
        ], tools: []).objectValue ?? [:]
        body["response_format"] = ["type": "json_object"]
        return .object(body)
    }

    /// Ask the engine; nil when it names no defined topic or is below the threshold. A failure
    /// (unreachable, an error status, an answer outside the format) is retried by the worker.
    func classify(_ text: String, key: String) -> Result<TriageGuess?, EngineFailure> {
        let reply: ChatCompletionsProtocol.Reply
        switch ChatCompletionsProtocol.post(request(text), settings: engine, key: key, timeoutMs: engine.timeoutMs) {
        case .success(let r): reply = r
        case .failure(let failure): return .failure(failure)
        }
        return Self.guess(in: reply.content ?? "", settings: settings)
    }

    /// The answer's topic and confidence, checked: a topic not defined is none; a confidence must be 0…1.
    static func guess(in content: String, settings: TriageSettings) -> Result<TriageGuess?, EngineFailure> {
        guard let answer = (try? JSON.parse(Array(content.utf8)))?.objectValue else {
            return .failure(EngineFailure(reason: "the answer is not a JSON object: \(content.prefix(200))"))
        }
        guard let topic = answer["topic"]?.stringValue else { return .failure(EngineFailure(reason: "the answer has no topic string")) }
        guard let confidence = answer["confidence"]?.doubleValue, (0...1).contains(confidence) else {
            return .failure(EngineFailure(reason: "the answer's confidence is not a number from 0 to 1"))
        }
        guard settings.topics.contains(where: { $0.name == topic }), confidence >= settings.threshold, confidence > 0 else { return .success(nil) }
        return .success((topic, confidence))
    }
}
