import SwitchboardSupport

/// The JSON form of a stack definition (REST and `switchboard stacks put`): parsing refuses with
/// the field at fault; presenting gives the canonical form with every default filled in.
extension StackDefinition {
    static let topLevelFields = ["id", "name", "greeting", "collections", "topics", "tools", "handover", "handover_team", "engine",
                                 "actions", "created_at", "updated_at"]

    /// Parse and check the shape. References (collections, team, credentials) are checked against
    /// the store by `Store.putStack`.
    public static func parse(_ object: JSONObject) throws(WorkflowError) -> StackDefinition {
        let f = DefinitionFields(object)
        try f.allowOnly(topLevelFields)
        let id = try f.string("id", required: true)!
        guard DefinitionFields.isValidID(id) else { throw .invalid(field: "id", reason: "must be 1-64 characters of a-z, 0-9, '-' or '_'") }
        let name = try f.string("name", required: true, maxLength: 200)!
        let greeting = try f.string("greeting", maxLength: 2000).flatMap { $0.isEmpty ? nil : $0 }
        let collections = try f.strings("collections", required: true, maxCount: 50, maxLength: 64)!
        if let duplicate = Self.firstDuplicate(collections) { throw .invalid(field: "collections", reason: "names \(duplicate) twice") }

        var tools: [StackTool] = []
        for t in try f.objects("tools", maxCount: 20) ?? [] {
            try t.allowOnly(["name", "kind", "url", "credential", "timeout_ms"])
            let toolName = try t.string("name", required: true, maxLength: 64)!
            guard toolName.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F }) else {
                throw .invalid(field: t.name("name"), reason: "must be a-z, 0-9 and '_' (it is the function name an LLM calls)")
            }
            guard !tools.contains(where: { $0.name == toolName }) else { throw .invalid(field: t.name("name"), reason: "\(toolName) is defined twice") }
            guard let kind = StackTool.Kind(rawValue: try t.string("kind", required: true)!) else {
                throw .invalid(field: t.name("kind"), reason: "must be one of \(StackTool.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let url = try t.string("url", maxLength: 2048)
            if let url, !DefinitionFields.isHTTPURL(url) { throw .invalid(field: t.name("url"), reason: "must be an absolute http(s) URL") }
            if let url, !url.contains("{order_id}") { throw .invalid(field: t.name("url"), reason: "must contain {order_id}, where the order number goes") }
            let credential = try t.string("credential", maxLength: 64)
            if credential != nil && url == nil { throw .invalid(field: t.name("credential"), reason: "only applies with a url") }
            tools.append(StackTool(name: toolName, kind: kind, url: url, credential: credential,
                                   timeoutMs: try t.integer("timeout_ms", in: 100...30_000) ?? 5000))
        }

        var topics: [StackTopic] = []
        for t in try f.objects("topics", maxCount: 200) ?? [] {
            try t.allowOnly(["name", "examples", "off_policy", "tools"])
            let topicName = try t.string("name", required: true, maxLength: 100)!
            guard !topics.contains(where: { $0.name == topicName }) else { throw .invalid(field: t.name("name"), reason: "\(topicName) is defined twice") }
            let examples = try t.strings("examples", required: true, maxCount: 1000, maxLength: 1000)!
            guard examples.contains(where: { !TextTokens.terms($0).isEmpty }) else {
                throw .invalid(field: t.name("examples"), reason: "need at least one phrase with a meaningful word (not only words like \"the\", \"please\")")
            }
            let topicTools = try t.strings("tools", maxCount: 20, maxLength: 64) ?? []
            for (i, tool) in topicTools.enumerated() where !tools.contains(where: { $0.name == tool }) {
                throw .invalid(field: "\(t.name("tools"))[\(i)]", reason: "no tool \(tool) in this stack's tools")
            }
            topics.append(StackTopic(name: topicName, examples: examples, offPolicy: try t.bool("off_policy") ?? false, tools: topicTools))
        }

        var policy = HandoverPolicy()
        var message = StackDefinition.defaultHandoverMessage
        if let h = try f.object("handover") {
            try h.allowOnly(["min_confidence", "human_tiers", "on_customer_request", "request_phrases", "max_turns", "message"])
            policy.minConfidence = try h.number("min_confidence", in: 0...1) ?? policy.minConfidence
            policy.humanTiers = try h.strings("human_tiers", maxCount: 50, maxLength: 100) ?? []
            policy.onCustomerRequest = try h.bool("on_customer_request") ?? true
            policy.requestPhrases = try h.strings("request_phrases", maxCount: 100, maxLength: 200) ?? []
            policy.maxTurns = try h.integer("max_turns", in: 1...1000)
            if let m = try h.string("message", maxLength: 2000), !m.isEmpty { message = m }
        }
        policy.offPolicyTopics = Set(topics.filter(\.offPolicy).map(\.name))

        let team = try f.string("handover_team", maxLength: 64).flatMap { $0.isEmpty ? nil : $0 }
        let engine = try parseEngine(try f.object("engine"))
        var actions = ActionPolicy()
        if let a = try f.object("actions") {
            try a.allowOnly(["allow", "forbid"])
            actions.allow = try a.strings("allow", maxCount: 100, maxLength: 64)
            actions.forbid = try a.strings("forbid", maxCount: 100, maxLength: 64) ?? []
            for (key, names) in [("allow", actions.allow ?? []), ("forbid", actions.forbid)] {
                if let bad = names.firstIndex(where: { !ChannelAction.isValidName($0) }) {
                    throw .invalid(field: "\(a.name(key))[\(bad)]", reason: "must be an action name: a-z, 0-9 and '_'")
                }
            }
        }
        return StackDefinition(id: id, name: name, greeting: greeting, collections: collections, topics: topics, tools: tools,
                               handover: policy, handoverMessage: message, handoverTeam: team, engine: engine, actions: actions)
    }

    static func parseEngine(_ e: DefinitionFields?) throws(WorkflowError) -> StackEngine {
        guard let e else { return .builtin }
        switch try e.string("kind") ?? "builtin" {
        case "builtin":
            try e.allowOnly(["kind"])
            return .builtin
        case "openai":
            try e.allowOnly(["kind", "base_url", "model", "api_key_credential", "timeout_ms", "temperature", "max_tokens"])
            let base = try e.string("base_url", required: true, maxLength: 2048)!
            guard DefinitionFields.isHTTPURL(base) else { throw .invalid(field: e.name("base_url"), reason: "must be an absolute http(s) URL, e.g. https://api.openai.com/v1") }
            return .chatCompletions(ChatCompletionsSettings(
                baseURL: base.hasSuffix("/") ? String(base.dropLast()) : base,
                model: try e.string("model", required: true, maxLength: 200)!,
                apiKeyCredential: try e.string("api_key_credential", required: true, maxLength: 64)!,
                // Below the conversation queue's 30 s stale-turn bound, so a slow endpoint never loses the lane.
                timeoutMs: try e.integer("timeout_ms", in: 500...25_000) ?? 15_000,
                temperature: try e.number("temperature", in: 0...2),
                maxTokens: try e.integer("max_tokens", in: 1...32_000)))
        default:
            throw .invalid(field: e.name("kind"), reason: "must be builtin or openai")
        }
    }

    static func firstDuplicate(_ items: [String]) -> String? {
        var seen = Set<String>()
        return items.first { !seen.insert($0).inserted }
    }

    /// The canonical JSON form (what the API returns and the store keeps).
    public var json: JSONObject {
        var engineJSON: JSONObject = ["kind": .string(engine.kind)]
        if case .chatCompletions(let s) = engine { engineJSON = s.json }
        let handoverJSON: JSONObject = [
            "min_confidence": .number(handover.minConfidence), "human_tiers": .array(handover.humanTiers.map(JSON.string)),
            "on_customer_request": .bool(handover.onCustomerRequest), "request_phrases": .array(handover.requestPhrases.map(JSON.string)),
            "max_turns": .from(handover.maxTurns), "message": .string(handoverMessage),
        ]
        return [
            "id": .string(id), "name": .string(name), "greeting": .from(greeting), "collections": .array(collections.map(JSON.string)),
            "topics": .array(topics.map { t in
                ["name": .string(t.name), "examples": .array(t.examples.map(JSON.string)), "off_policy": .bool(t.offPolicy),
                 "tools": .array(t.tools.map(JSON.string))]
            }),
            "tools": .array(tools.map { t in
                ["name": .string(t.name), "kind": .string(t.kind.rawValue), "url": .from(t.url), "credential": .from(t.credential),
                 "timeout_ms": .from(t.timeoutMs)]
            }),
            "handover": .object(handoverJSON), "handover_team": .from(handoverTeam), "engine": .object(engineJSON),
            "actions": .object(actions.json),
        ]
    }
}

extension ChatCompletionsSettings {
    /// The engine object as a stack definition (and the triage settings) give it: `kind` openai and its settings.
    public var json: JSONObject {
        var object: JSONObject = ["kind": "openai", "base_url": .string(baseURL), "model": .string(model),
                                  "api_key_credential": .string(apiKeyCredential), "timeout_ms": .from(timeoutMs)]
        if let temperature { object["temperature"] = .number(temperature) }
        if let maxTokens { object["max_tokens"] = .from(maxTokens) }
        return object
    }
}
