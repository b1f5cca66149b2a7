import SwitchboardDomain
import SwitchboardSupport

/// AI help for the person working a conversation, the same on every channel: the best knowledge
/// matches for the customer's latest messages (or a question), the handbook procedure for the
/// detected topic, and a suggested reply. Advisory only: it calls no tools and records nothing.
///
/// It uses the conversation's Agent Stack — the one handling it, else the last one that took a
/// turn in it, else the one its channel is bound to — for topics and collections; with none, it
/// searches every collection and uses the topic already on the conversation. The suggested reply
/// is the stack's own engine's (an LLM stack asks its model), written within the output rule of
/// the conversation's channel, with no tools and no channel actions.
struct Sidekick: Sendable {
    let store: Store
    let catalog: StackCatalog
    let tools: StackToolRunner

    func ask(conversationID: String, question: String?, visibleTo viewer: Viewer = .everyone) throws -> JSON? {
        guard let conversation = try store.conversation(id: conversationID, visibleTo: viewer) else { return nil }
        let stackID = try conversation.agentStack ?? store.lastStack(conversationID: conversationID)
            ?? store.channelInstance(id: conversation.channelInstanceID).flatMap { $0.bindingKind == .stack ? $0.bindingRef : nil }
        let compiled = try stackID.flatMap { try catalog.stack($0) }
        let input = try store.turnInput(conversationID: conversationID)
        var query = question?.trimmedForReply ?? ""
        if query.isEmpty {
            query = input.customerText
            if query.isEmpty {
                query = input.history.filter { $0.direction == .inbound }.suffix(3).map(\.text).joined(separator: "\n")
            }
        }
        let guess = compiled?.classifier.classify(query) ?? .none
        let threshold = min(compiled?.definition.handover.minConfidence ?? 0.5, 0.5)
        let topic = guess.topic.flatMap { guess.confidence >= threshold ? $0 : nil } ?? conversation.topic
        let matches = try store.searchKnowledge(query, collections: compiled?.definition.collections ?? [], limit: 5)
        let procedure = try topic.flatMap { try store.procedure(topic: $0) }
        var suggestion: (text: String, format: TextFormat)?
        var suggestionError: String?
        if let compiled {
            let channel = try tools.channels.withLock { $0 }?.turnChannel(for: conversation, stack: compiled.definition)
            let request = EngineRequest(stack: compiled.definition, conversation: conversation, input: input, guess: guess,
                                        passages: Array(matches.prefix(3)), toolsAllowed: false, channel: channel)
            switch compiled.engine.answer(request, tools: tools) {
            case .success(let answer): suggestion = answer.text.map { ($0, answer.format) }
            case .failure(let failure): suggestionError = failure.reason
            }
        } else {
            suggestion = AnswerComposer.compose(passage: matches.first, toolAnswers: []).map { ($0, .markdown) }
        }
        return [
            "conversation_id": .string(conversationID), "stack_id": .from(compiled?.definition.id), "query": .string(query),
            "topic": topic.map { t in ["name": .string(t), "confidence": guess.topic == t ? .number(StackSidekickJSON.rounded(guess.confidence)) : .null] } ?? .null,
            "matches": .array(matches.map(StackSidekickJSON.passage)),
            "procedure": procedure?.json ?? .null,
            "suggested_reply": suggestion.map { ["text": .string($0.text), "format": .string($0.format.rawValue),
                                                 "article_id": .from(matches.first?.articleID)] } ?? .null,
            "suggestion_error": .from(suggestionError),
        ]
    }
}

/// JSON shapes shared by Sidekick and knowledge search.
enum StackSidekickJSON {
    static func passage(_ p: PassageHit) -> JSON {
        ["article_id": .string(p.articleID), "collection_id": .string(p.collectionID), "title": .string(p.title),
         "heading": .string(p.heading), "text": .string(p.text), "score": .number(rounded(p.score))]
    }

    static func rounded(_ v: Double) -> Double { (v * 1000).rounded() / 1000 }
}
