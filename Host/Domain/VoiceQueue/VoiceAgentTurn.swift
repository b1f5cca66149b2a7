/// One caller turn at a "send to AI agent" node, decided before the stack runs: the keypad's `0`
/// escapes to a person, silence reprompts, and the node's turn limit ends the conversation there.
public enum VoiceAgentTurn: Sendable, Equatable {
    /// Run the stack on what the caller said.
    case ask(String)
    /// `0` on the keypad: the node's `human` exit.
    case escapeToHuman
    /// Nothing was heard: speak the last reply again and gather.
    case reprompt
    /// The node's maxTurns ran out: its `timeout` exit.
    case exhausted

    /// `turnsTaken` counts the turns the stack already answered at this node.
    public static func decide(speech: String?, digits: String?, turnsTaken: Int, maxTurns: Int) -> VoiceAgentTurn {
        if digits == "0" { return .escapeToHuman }
        let said = speech?.split(whereSeparator: \.isWhitespace).joined(separator: " ") ?? ""
        guard !said.isEmpty else { return turnsTaken >= maxTurns ? .exhausted : .reprompt }
        return turnsTaken >= maxTurns ? .exhausted : .ask(said)
    }
}

/// Twilio waits 15 s for a TwiML answer. A turn that is not ready by `holdAfterMillis` is answered with
/// a holding phrase and a redirect to a poll URL; each poll waits again; after `maxPolls` the turn
/// gives up (the node's `error` exit), so a stuck engine never leaves the caller in silence.
public struct VoiceTurnBudget: Sendable, Equatable {
    public var holdAfterMillis: Int64
    public var maxPolls: Int

    public static let twilio = VoiceTurnBudget(holdAfterMillis: 8_000, maxPolls: 3)

    public init(holdAfterMillis: Int64, maxPolls: Int) {
        self.holdAfterMillis = holdAfterMillis
        self.maxPolls = maxPolls
    }

    public enum Answer: Sendable, Equatable {
        case speak(String)
        /// Say the holding phrase and redirect to the poll URL.
        case hold
        case giveUp
    }

    /// `reply` is the stack's answer if it is ready; `polls` counts the holds already answered for this turn.
    public func answer(reply: String?, polls: Int) -> Answer {
        if let reply { return .speak(reply) }
        return polls < maxPolls ? .hold : .giveUp
    }
}
