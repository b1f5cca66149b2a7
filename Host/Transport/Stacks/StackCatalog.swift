import SwitchboardDomain
import SwitchboardSupport

/// A stack ready to run: its definition, its trained topic classifier and its reply engine.
final class CompiledStack: Sendable {
    let definition: StackDefinition
    let classifier: TopicClassifier
    let engine: any ReplyEngine
    let source: String

    init(definition: StackDefinition, source: String, store: Store) {
        self.definition = definition
        self.source = source
        classifier = TopicClassifier(examples: definition.topics.map { ($0.name, $0.examples) })
        switch definition.engine {
        case .builtin: engine = BuiltinEngine()
        case .chatCompletions(let settings): engine = ChatCompletionsEngine(settings: settings, store: store)
        }
    }
}

/// Compiled stacks by id. Training a classifier is done once per definition: each lookup reads the
/// stored definition's text and recompiles only when it changed, so an edit applies on the next turn.
final class StackCatalog: Sendable {
    let store: Store
    private let cache = Locked<[String: CompiledStack]>([:])

    init(store: Store) { self.store = store }

    func stack(_ id: String) throws -> CompiledStack? {
        guard let source = try store.stackSource(id: id) else {
            cache.withLock { $0[id] = nil }
            return nil
        }
        if let cached = cache.withLock({ $0[id] }), cached.source == source { return cached }
        guard let object = (try? JSON.parse(source))?.objectValue, let definition = try? StackDefinition.parse(object) else { return nil }
        let compiled = CompiledStack(definition: definition, source: source, store: store)
        cache.withLock { $0[id] = compiled }
        return compiled
    }
}
