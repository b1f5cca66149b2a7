import SwitchboardSupport

/// The triage model as last read from `host_settings`, trained once. Only the writer thread
/// touches it (inside writes); a change of the settings empties it, so the next use reads them again.
struct TriageCache {
    private var loaded: TriageModel??

    mutating func model(_ db: SQLiteConnection) throws -> TriageModel? {
        if let loaded { return loaded }
        let settings = try Store.triageSettings(db)
        let model = settings.topics.isEmpty ? nil : TriageModel(settings)
        loaded = .some(model)
        return model
    }

    mutating func forget() { loaded = nil }
}

extension Store {
    static let triageKey = "triage"

    static func triageSettings(_ db: SQLiteConnection) throws -> TriageSettings {
        guard let object = try db.queryOne("SELECT value FROM host_settings WHERE key = ?", [.text(triageKey)], { try? JSON.parse($0.text(0)) })??
            .objectValue else { return .none }
        return (try? TriageSettings.parse(object)) ?? .none
    }

    public func triageSettings() throws -> TriageSettings { try read { db in try Self.triageSettings(db) } }

    /// Replace the topics and threshold; conversations keep the topics they have.
    public func saveTriageSettings(_ body: JSONObject) throws -> TriageSettings {
        let settings = try TriageSettings.parse(body)
        return try write { [self] db in
            try Self.putHostSetting(db, Self.triageKey, settings.json, now: Clock.nowMillis())
            triageCache.forget()
            return settings
        }
    }

    /// Inside ingest: classify a customer message of a conversation people handle. At or above the
    /// threshold the conversation takes the topic (unless a person set one) and the guess is recorded.
    static func triageMessage(_ db: SQLiteConnection, conversationID: String, messageID: Int64, text: String,
                              model: TriageModel, now: Int64) throws {
        guard let (topic, confidence) = model.topic(for: text) else { return }
        try db.run("UPDATE conversations SET topic = ?, topic_confidence = ? WHERE id = ? AND (topic IS NULL OR topic_confidence IS NOT NULL)",
                   [.text(topic), .real(confidence), .text(conversationID)])
        guard db.changes > 0 else { return }
        try appendEvent(db, conversationID: conversationID, type: "conversation.topic_detected", actor: "system",
                        data: ["message_id": .from(messageID), "topic": .string(topic), "confidence": .number(confidence)], now: now)
    }

    /// A person sets the topic: it stays (triage no longer changes it), and the customer's latest
    /// message becomes an example phrase of that topic, so the classifier learns from the correction.
    public func correctTopic(conversationID: String, topic: String, viewer: Viewer, actor: String) throws -> Conversation {
        try write { [self] db in
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
                triageCache.forget()
                added = latest
            }
            let now = Clock.nowMillis()
            try db.run("UPDATE conversations SET topic = ?, topic_confidence = NULL, updated_at = ? WHERE id = ?",
                       [.text(topic), .integer(now), .text(conversationID)])
            try Self.appendEvent(db, conversationID: conversationID, type: "conversation.topic_corrected", actor: actor,
                                 data: ["from": .from(conversation.topic), "to": .string(topic), "example_added": .from(added)], now: now)
            return try db.queryOne("SELECT \(Self.conversationColumns) FROM conversations WHERE id = ?", [.text(conversationID)], Self.conversation)!
        }
    }
}
