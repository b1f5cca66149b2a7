import SwitchboardDomain
import SwitchboardSupport

/// A stack ready to run: its definition, its trained topic classifier and its reply engine.
final class CompiledStack: Sendable {
    let definition: StackDefinition
    let classifier: TopicClassifier
    let engine: any ReplyEngine
    let version: Int64

    init(definition: StackDefinition, version: Int64, store: Store) {
        self.definition = definition
        self.version = version
        classifier = TopicClassifier(examples: definition.topics.map { ($0.name, $0.examples) })
        switch definition.engine {
        case .builtin: engine = BuiltinEngine()
        case .chatCompletions(let settings): engine = ChatCompletionsEngine(settings: settings, store: store)
        }
    }
}

/// Compiled stacks by id. Training a classifier is done once per definition: each lookup reads the
/// stack's version and recompiles only when it changed, so an edit applies on the next turn.
final class StackCatalog: Sendable {
    let store: Store
    private let cache = Locked<[String: CompiledStack]>([:])

    init(store: Store) { self.store = store }

    func stack(_ id: String) throws -> CompiledStack? {
        guard let version = try store.stackVersion(id: id) else {
            cache.withLock { $0[id] = nil }
            return nil
        }
        if let cached = cache.withLock({ $0[id] }), cached.version == version { return cached }
        guard let (stored, current) = try store.stackWithVersion(id: id) else { return nil }
        let compiled = CompiledStack(definition: stored.definition, version: current, store: store)
        cache.withLock { $0[id] = compiled }
        return compiled
    }
}
