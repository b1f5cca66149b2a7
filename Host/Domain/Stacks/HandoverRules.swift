/// Why an Agent Stack handed a conversation to humans. The rules live on the stack, so they are
/// the same on every channel the stack answers.
public enum HandoverReason: Sendable, Equatable {
    case customerAskedForPerson(phrase: String)
    case contactTier(String)
    case maxTurns(Int)
    case offPolicyTopic(String)
    case lowConfidence(confidence: Double, threshold: Double)
    /// The engine found nothing in the knowledge base (or the tools) to answer with.
    case noAnswer
    /// The reply engine asked for a person itself (an LLM calling the hand_over tool).
    case engineRequested(String)
    /// The reply engine failed: an HTTP error, a timeout, an answer that is not the protocol.
    case engineFailed(String)
    /// The conversation names a stack that no longer exists.
    case stackMissing
    /// The conversation moved to a channel instance bound to humans.
    case channelSwitch(to: String)
    /// The stack's reply may not go: the channel's reply window is closed (WhatsApp past 24 hours,
    /// where only a template may go, which a stack never sends on its own).
    case replyWindowClosed(String)
    /// Draft mode: the stack wrote a draft for people to review instead of answering.
    case draftReady

    /// The machine-readable code recorded on the `stack.handover` event and in the usage ledger.
    public var code: String {
        switch self {
        case .customerAskedForPerson: "customer_request"
        case .contactTier: "contact_tier"
        case .maxTurns: "max_turns"
        case .offPolicyTopic: "off_policy_topic"
        case .lowConfidence: "low_confidence"
        case .noAnswer: "no_answer"
        case .engineRequested: "engine_requested"
        case .engineFailed: "engine_error"
        case .stackMissing: "stack_missing"
        case .channelSwitch: "channel_switch"
        case .replyWindowClosed: "reply_window_closed"
        case .draftReady: "draft_ready"
        }
    }

    /// One sentence for the human who picks the conversation up.
    public var explanation: String {
        switch self {
        case .customerAskedForPerson(let phrase): "the customer asked for a person (\"\(phrase)\")"
        case .contactTier(let tier): "the contact's tier \"\(tier)\" is served by people"
        case .maxTurns(let n): "the stack reached its limit of \(n) AI turns in this conversation"
        case .offPolicyTopic(let topic): "the topic \"\(topic)\" is off-policy for this stack"
        case .lowConfidence(let c, let t): "the topic classifier's confidence \(Self.format(c)) is below the threshold \(Self.format(t))"
        case .noAnswer: "nothing in the knowledge base answers it"
        case .engineRequested(let why): "the reply engine asked for a person: \(why)"
        case .engineFailed(let why): "the reply engine failed: \(why)"
        case .stackMissing: "the conversation's Agent Stack no longer exists"
        case .channelSwitch(let to): "the conversation moved to channel instance \(to), which is served by people"
        case .replyWindowClosed(let why): "the stack's reply could not go: \(why)"
        case .draftReady: "the channel is in draft mode: the stack wrote a draft reply for people to review (AI draft ready)"
        }
    }

    public static func format(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
    }
}

/// A stack's handover rules.
public struct HandoverPolicy: Sendable, Equatable {
    /// Hand over when the topic classifier's confidence is below this (0 turns the rule off).
    public var minConfidence: Double
    /// Contact tiers (contacts.attributes["tier"], case-insensitive) that are always served by people.
    public var humanTiers: [String]
    /// Hand over when the customer asks for a person.
    public var onCustomerRequest: Bool
    /// Phrases that count as asking for a person, besides the built-in ones.
    public var requestPhrases: [String]
    /// At most this many replied AI turns per conversation; nil = no limit.
    public var maxTurns: Int?
    /// Topics the stack must not answer.
    public var offPolicyTopics: Set<String>

    public init(minConfidence: Double = 0.5, humanTiers: [String] = [], onCustomerRequest: Bool = true,
                requestPhrases: [String] = [], maxTurns: Int? = nil, offPolicyTopics: Set<String> = []) {
        self.minConfidence = minConfidence
        self.humanTiers = humanTiers
        self.onCustomerRequest = onCustomerRequest
        self.requestPhrases = requestPhrases
        self.maxTurns = maxTurns
        self.offPolicyTopics = offPolicyTopics
    }
}

/// What the rules look at in one turn.
public struct TurnFacts: Sendable, Equatable {
    /// The customer's messages this turn answers, joined.
    public var customerText: String
    public var contactTier: String?
    /// Replied AI turns so far in this conversation.
    public var previousTurns: Int
    public var guess: TopicGuess

    public init(customerText: String, contactTier: String?, previousTurns: Int, guess: TopicGuess) {
        self.customerText = customerText
        self.contactTier = contactTier
        self.previousTurns = previousTurns
        self.guess = guess
    }
}

/// The handover decision, in the order that costs the customer least: a person they asked for or
/// are entitled to comes before anything the stack would try; a topic the stack must not touch
/// before one it is unsure of. Only when none applies does the reply engine run.
public enum HandoverRules {
    public static func decide(_ policy: HandoverPolicy, _ facts: TurnFacts) -> HandoverReason? {
        if policy.onCustomerRequest, let phrase = PersonRequest.find(in: facts.customerText, extraPhrases: policy.requestPhrases) {
            return .customerAskedForPerson(phrase: phrase)
        }
        if let tier = facts.contactTier, policy.humanTiers.contains(where: { $0.lowercased() == tier.lowercased() }) {
            return .contactTier(tier)
        }
        if let limit = policy.maxTurns, facts.previousTurns >= limit { return .maxTurns(limit) }
        if let topic = facts.guess.topic, policy.offPolicyTopics.contains(topic) { return .offPolicyTopic(topic) }
        if facts.guess.confidence < policy.minConfidence {
            return .lowConfidence(confidence: facts.guess.confidence, threshold: policy.minConfidence)
        }
        return nil
    }
}

/// Recognises a customer asking for a person, on whole words: "can I talk to a human",
/// "get me an agent", "representative please".
public enum PersonRequest {
    public static let phrases: [String] = [
        "human", "humans", "real person", "a person", "live person", "live agent", "an agent", "human agent", "real agent",
        "representative", "operator", "someone real", "talk to someone", "speak to someone", "speak with someone",
        "talk to somebody", "speak to somebody", "a manager", "your manager", "supervisor", "staff member", "customer service agent",
    ]

    /// The first phrase found, as written in the list; nil when there is none.
    public static func find(in text: String, extraPhrases: [String] = []) -> String? {
        let words = TextTokens.words(text)
        guard !words.isEmpty else { return nil }
        for phrase in extraPhrases + phrases {
            let needle = TextTokens.words(phrase)
            guard !needle.isEmpty, needle.count <= words.count else { continue }
            for start in 0...(words.count - needle.count) where Array(words[start..<(start + needle.count)]) == needle {
                return phrase
            }
        }
        return nil
    }
}
