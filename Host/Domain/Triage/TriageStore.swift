import SwitchboardSupport

/// The triage model as last read from `host_settings`, trained once. A change of the topics empties
/// it (and counts a generation, so a model trained from settings read before the change is not kept).
struct TriageCache {
    var loaded: TriageModel??
    var generation = 0

    mutating func forget() {
        loaded = nil
        generation += 1
    }
}

/// A topic at or above the threshold, and how sure the classifier was.
public typealias TriageGuess = (topic: String, confidence: Double)

/// Which classifier set a conversation's topic (`topic_classifier`).
public enum TriageClassifier: String, Sendable {
    /// The built-in classifier, inside ingest.
    case builtin
    /// The chat-completions engine's second opinion, after the commit.
    case engine
}

extension Store {
    static let triageKey = "triage"

    static func triageSettings(_ db: StoreConnection) throws -> TriageSettings {
        guard let object = try db.queryOne("SELECT value FROM host_settings WHERE key = ?", [.text(triageKey)], { try? JSON.parse($0.text(0)) })??
            .objectValue else { return .none }
        return (try? TriageSettings.parse(object)) ?? .none
    }

    public func triageSettings() throws -> TriageSettings { try read { db in try Self.triageSettings(db) } }

    /// The trained model of the current topics (nil with none), trained on first use after a change.
    func triageModel() throws -> TriageModel? {
        let (known, generation) = triageCache.withLock { ($0.loaded, $0.generation) }
        if let known { return known }
        let settings = try read { db in try Self.triageSettings(db) }
        let model = settings.topics.isEmpty ? nil : TriageModel(settings)
        triageCache.withLock { if $0.generation == generation { $0.loaded = .some(model) } }
        return model
    }

    /// Whether ingest queues engine jobs now (topics and an engine are set): the triage worker
    /// reads the jobs after every commit only then.
    public func triageQueuesJobs() throws -> Bool { try triageModel()?.settings.engine != nil }

    /// Replace the topics and threshold; conversations keep the topics they have.
    public func saveTriageSettings(_ body: JSONObject) throws -> TriageSettings {
        let settings = try TriageSettings.parse(body)
        let saved = try write { db in
            try Self.putHostSetting(db, Self.triageKey, settings.json, now: Clock.nowMillis())
            try Self.bumpConfigVersion(db, .triage)
            return settings
        }
        triageCache.withLock { $0.forget() }
        return saved
    }

    /// Inside ingest: the guess for a customer message of a conversation people handle. The
    /// conversation takes the topic (unless a person set one) and the guess is recorded.
    static func triageMessage(_ db: StoreConnection, conversationID: String, messageID: Int64, guess: TriageGuess, now: Int64) throws {
        let (topic, confidence) = guess
        try db.run(
            "UPDATE conversations SET topic = ?, topic_confidence = ?, topic_classifier = ? WHERE id = ? AND (topic IS NULL OR topic_confidence IS NOT NULL)",
            [.text(topic), .real(confidence), .text(TriageClassifier.builtin.rawValue), .text(conversationID)])
        guard db.changes > 0 else { return }
        try topicDetected(db, conversationID: conversationID, messageID: messageID, guess: guess, by: .builtin, now: now)
    }

    /// The event of a topic set by a classifier, naming which.
    static func topicDetected(_ db: StoreConnection, conversationID: String, messageID: Int64, guess: TriageGuess,
                              by classifier: TriageClassifier, now: Int64) throws {
        try appendEvent(db, conversationID: conversationID, type: "conversation.topic_detected", actor: "system",
                        data: ["message_id": .from(messageID), "topic": .string(guess.topic), "confidence": .number(guess.confidence),
                               "classifier": .string(classifier.rawValue)], now: now)
    }

    /// A person sets the topic: it stays (triage no longer changes it), and the customer's latest
    /// message becomes an example phrase of that topic, so the classifier learns from the correction.
    public func correctTopic(conversationID: String, topic: String, viewer: Viewer, actor: String) throws -> Conversation {
        let corrected = try write { db in
            let visible = viewer.conversationCondition()
            guard let conversation = try db.queryOne("SELECT \(Self.conversationColumns) FROM conversations WHERE id = ? AND \(visible.sql)",
                                                     [.text(conversationID)] + visible.values, Self.conversation)
            else { throw WorkflowError.notFound(what: "conversation", id: conversationID) }
            var settings = try Self.triageSettings(db)
            guard let index = settings.topics.firstIndex(where: { $0.name == topic }) else {
                throw WorkflowError.invalid(field: "topic", reason: "must be one of the triage topics: \(settings.topics.map(\.name).joined(separator: ", "))")
            }
            let latest = try db.queryOne(
                "SELECT text FROM messages WHERE conversation_id = ? AND direction = 'inbound' AND text != '' ORDER BY id DESC LIMIT 1",
                [.text(conversationID)], { String(String.UnicodeScalarView($0.text(0).unicodeScalars.prefix(TriageSettings.maxExampleLength))) })
            var added: String?
            if let latest, !latest.allSatisfy(\.isWhitespace), !settings.topics[index].examples.contains(latest),
               settings.topics[index].examples.count < TriageSettings.maxExamples {
                settings.topics[index].examples.append(latest)
                try Self.putHostSetting(db, Self.triageKey, settings.json, now: Clock.nowMillis())
                try Self.bumpConfigVersion(db, .triage)
                added = latest
            }
            let now = Clock.nowMillis()
            try db.run("UPDATE conversations SET topic = ?, topic_confidence = NULL, topic_classifier = NULL, updated_at = ? WHERE id = ?",
                       [.text(topic), .integer(now), .text(conversationID)])
            try Self.appendEvent(db, conversationID: conversationID, type: "conversation.topic_corrected", actor: actor,
                                 data: ["from": .from(conversation.topic), "to": .string(topic), "example_added": .from(added)], now: now)
            return try db.queryOne("SELECT \(Self.conversationColumns) FROM conversations WHERE id = ?", [.text(conversationID)], Self.conversation)!
        }
        triageCache.withLock { $0.forget() }
        return corrected
    }
}
