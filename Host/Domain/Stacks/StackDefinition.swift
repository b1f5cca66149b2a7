import SwitchboardSupport

/// A topic a stack recognises, learnt from example phrases.
public struct StackTopic: Sendable, Equatable {
    public var name: String
    public var examples: [String]
    /// The stack must not answer this topic: it hands over.
    public var offPolicy: Bool
    /// Tools the built-in engine calls for this topic (names from the stack's `tools`).
    public var tools: [String]

    public init(name: String, examples: [String], offPolicy: Bool = false, tools: [String] = []) {
        self.name = name
        self.examples = examples
        self.offPolicy = offPolicy
        self.tools = tools
    }
}

/// A tool a stack may call. Each invocation and its result are recorded on the conversation.
public struct StackTool: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        /// Look up an order: GET `url` with `{order_id}` filled in, or, without a URL, the order
        /// context the channel attached to the conversation (a message's full order, else the
        /// conversation's `order_id` / `order_<fact>` fields; see StackToolRunner.orderContext).
        case orderLookup = "order_lookup"
    }

    public var name: String
    public var kind: Kind
    public var url: String?
    /// Sent as `Authorization: Bearer <secret>`; referenced by ID, never copied anywhere.
    public var credential: String?
    public var timeoutMs: Int

    public init(name: String, kind: Kind, url: String? = nil, credential: String? = nil, timeoutMs: Int = 5000) {
        self.name = name
        self.kind = kind
        self.url = url
        self.credential = credential
        self.timeoutMs = timeoutMs
    }
}

/// How a stack writes its replies.
public enum StackEngine: Sendable, Equatable {
    /// Offline: the topic classifier plus knowledge retrieval; answers with the best passage.
    case builtin
    /// An OpenAI-compatible chat-completions endpoint, with the retrieved passages in context and tool calling.
    case chatCompletions(ChatCompletionsSettings)

    public var kind: String {
        switch self {
        case .builtin: "builtin"
        case .chatCompletions: "openai"
        }
    }
}

public struct ChatCompletionsSettings: Sendable, Equatable {
    /// Up to and including the version segment: "https://api.openai.com/v1"; the host appends /chat/completions.
    public var baseURL: String
    public var model: String
    public var apiKeyCredential: String
    public var timeoutMs: Int
    public var temperature: Double?
    public var maxTokens: Int?

    public init(baseURL: String, model: String, apiKeyCredential: String, timeoutMs: Int = 15_000,
                temperature: Double? = nil, maxTokens: Int? = nil) {
        self.baseURL = baseURL
        self.model = model
        self.apiKeyCredential = apiKeyCredential
        self.timeoutMs = timeoutMs
        self.temperature = temperature
        self.maxTokens = maxTokens
    }
}

/// An Agent Stack: an AI agent configured once, bound to channels, handing over to humans by its own rules.
public struct StackDefinition: Sendable, Equatable {
    public var id: String
    public var name: String
    /// Said once, at the start of the stack's first reply in a conversation.
    public var greeting: String?
    /// Knowledge collections it answers from.
    public var collections: [String]
    public var topics: [StackTopic]
    public var tools: [StackTool]
    public var handover: HandoverPolicy
    /// What the customer is told when the stack hands over.
    public var handoverMessage: String
    /// The team it hands over to; without one, routing rules / channel binding / default team decide.
    public var handoverTeam: String?
    public var engine: StackEngine
    /// Which of the delivering channel's actions it may take.
    public var actions: ActionPolicy

    public static let defaultHandoverMessage = "I'm passing you to a member of our team. They will reply here, in this conversation."

    public init(id: String, name: String, greeting: String? = nil, collections: [String], topics: [StackTopic], tools: [StackTool] = [],
                handover: HandoverPolicy = HandoverPolicy(), handoverMessage: String = StackDefinition.defaultHandoverMessage,
                handoverTeam: String? = nil, engine: StackEngine = .builtin, actions: ActionPolicy = ActionPolicy()) {
        self.id = id
        self.name = name
        self.greeting = greeting
        self.collections = collections
        self.topics = topics
        self.tools = tools
        self.handover = handover
        self.handoverMessage = handoverMessage
        self.handoverTeam = handoverTeam
        self.engine = engine
        self.actions = actions
    }

    public func tool(named name: String) -> StackTool? { tools.first { $0.name == name } }

    /// Credentials the definition references, with the field that names each (for validation).
    public var credentialReferences: [(field: String, id: String)] {
        var refs: [(String, String)] = []
        if case .chatCompletions(let s) = engine { refs.append(("engine.api_key_credential", s.apiKeyCredential)) }
        for (i, tool) in tools.enumerated() { if let c = tool.credential { refs.append(("tools[\(i)].credential", c)) } }
        return refs
    }
}
