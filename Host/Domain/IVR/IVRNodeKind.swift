/// What a node does, with its typed parameters.
public enum IVRNodeKind: Equatable, Sendable {
    case say(text: String)
    case menu(IVRMenu)
    case collect(IVRCollect)
    case branch(IVRBranch)
    case hoursCheck(scheduleID: String)
    case queue(queueID: String, maxWaitSeconds: Int, offersCallback: Bool)
    /// Calls back the number collected into `callback_number`, else the caller's.
    case callback(queueID: String?)
    case dial(number: String, timeoutSeconds: Int)
    /// Voicemail is a record node with a prompt.
    /// `transcribe`: the provider transcribes the recording (Twilio: at most 2 minutes) and the text joins the thread.
    case record(prompt: String?, maxLengthSeconds: Int, transcribe: Bool)
    case sendSMS(instance: String, text: String)
    case routeToChannel(instance: String, text: String, goodbye: String?)
    case aiAgent(stackID: String, maxTurns: Int, outcomes: [String])
    case hangUp(goodbye: String?)

    /// Every exit the node has; all must be wired, so no outcome falls through to silence.
    public var exitNames: [String] {
        switch self {
        case .say: return ["next"]
        case .menu(let menu): return menu.options.map(\.exit) + ["no_match", "timeout", "max_attempts"]
        case .collect: return ["ok", "invalid", "timeout", "max_attempts"]
        case .branch(let branch): return branch.cases.map(\.exit) + ["default"]
        case .hoursCheck: return ["open", "closed", "holiday", "error"]
        case .queue(_, _, let offersCallback):
            return ["answered", "abandoned", "max_wait"] + (offersCallback ? ["callback_requested"] : [])
        case .callback: return ["scheduled", "declined"]
        case .dial: return ["completed", "busy", "no_answer", "failed"]
        case .record: return ["recorded", "no_audio"]
        case .sendSMS, .routeToChannel: return ["sent", "failed"]
        case .aiAgent(_, _, let outcomes): return ["resolved", "human", "timeout", "error"] + outcomes
        case .hangUp: return []
        }
    }

    /// The exit a bounded node takes once exhausted; a loop is safe only through such an exit.
    public var exhaustionExit: String? {
        switch self {
        case .menu, .collect: return "max_attempts"
        case .aiAgent: return "timeout"
        default: return nil
        }
    }

    /// Whether the node runs without the caller (no TwiML), so it may run in the after-hang-up chain.
    public var runsAfterHangup: Bool {
        switch self {
        case .branch, .hoursCheck, .sendSMS, .routeToChannel, .hangUp: return true
        default: return false
        }
    }

    public var isEnding: Bool {
        if case .hangUp = self { return true }
        return false
    }
}
