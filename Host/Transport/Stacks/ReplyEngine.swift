import SwitchboardDomain
import SwitchboardSupport

/// What a reply engine gets for one turn.
struct EngineRequest: Sendable {
    var stack: StackDefinition
    var conversation: Conversation
    var input: TurnInput
    var guess: TopicGuess
    /// Passages retrieved from the stack's collections for the unanswered messages, best first.
    var passages: [PassageHit]
    /// Sidekick asks for a suggestion only: no tool calls, nothing recorded.
    var toolsAllowed: Bool
    /// The delivering channel: the output rule to keep and the actions offered (nil: its plugin
    /// is unknown to this host, so no rule applies).
    var channel: TurnChannel?
}

/// What a reply engine produced.
struct EngineAnswer: Sendable {
    /// The reply; nil when the engine had nothing to answer with.
    var text: String?
    var format: TextFormat
    var toolCalls: [ToolInvocation]
    var tokens: Int
    /// The engine asked for a person itself (an LLM calling hand_over), with its reason.
    var handoverRequest: String?

    /// A channel action reached the customer (the turn answered with it).
    var acted: Bool { toolCalls.contains { $0.channelAction && $0.ok } }

    init(text: String?, format: TextFormat = .markdown, toolCalls: [ToolInvocation] = [], tokens: Int = 0, handoverRequest: String? = nil) {
        self.text = text
        self.format = format
        self.toolCalls = toolCalls
        self.tokens = tokens
        self.handoverRequest = handoverRequest
    }
}

/// An engine that could not answer: an HTTP error, a timeout, a reply outside the protocol.
/// The turn hands over with this as the reason noted; tool calls already made stay on the record.
struct EngineFailure: Error, Sendable {
    var reason: String
    var toolCalls: [ToolInvocation] = []
    var tokens = 0
}

/// Writes a stack's reply. Engines run on the conversation's lane, one turn at a time per conversation.
protocol ReplyEngine: Sendable {
    func answer(_ request: EngineRequest, tools: StackToolRunner) -> Result<EngineAnswer, EngineFailure>
}
